// Package camera reads BGR frames from a webcam (index or /dev/video
// path), an IP camera stream (rtsp://, http://), a video file, an image
// sequence (frames/%03d.jpg) or a still image, behind one Source.
//
// Live sources (devices and streams) that fail to read are reopened with
// backoff, and the state is reported; file sources end with io.EOF.
package camera
