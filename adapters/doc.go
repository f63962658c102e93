// Package adapters connects the flow package's ports to the real parts:
// the BiometrID client, the camera with local face analysis and
// auto-capture, and the microphone with speech endpointing. The CLI and
// the GUI build their flow Runner from these.
package adapters
