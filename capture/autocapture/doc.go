// Package autocapture turns a camera's analysed frames into one good face
// photo: a selector that waits for the quality gate to hold for a dwell
// and takes the best frame of that window, the portrait crop and JPEG
// encoding the API accepts, and the live loop that feeds a preview.
package autocapture
