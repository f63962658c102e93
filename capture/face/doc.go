// Package face analyses camera frames locally: it finds faces, places 68
// landmarks, estimates head pose, eye state, sharpness, exposure and
// passive liveness, scores the frame 0–100 and says what the person should
// fix (a guidance code). It also computes 512-d face embeddings
// and (Attributes) age, gender and expression for the sandbox's engines.
//
// The models are the ONNX files of faceplugin-face-recognition-js@0.0.1
// (MIT), run with OpenCV's DNN module; pre- and post-processing follow the
// package's lib/*.js. A *Models is not safe for concurrent use: OpenCV's
// Net is not. Give each goroutine its own, or guard one with a mutex.
package face
