// Package guidance holds what the face and document captures share about
// their guidance codes, generic over each package's code type: the
// hysteresis that keeps the message on the screen from flickering, and
// the reason an attempt that captured nothing reports. It imports no
// capture package, so capture/face can use it as well as autocapture and
// document.
package guidance
