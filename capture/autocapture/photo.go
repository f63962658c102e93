package autocapture

import (
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"math"

	"biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// Photo limits: the API refuses files over 1 MB; biokiosk aims for
// 200 KB, which keeps uploads quick on branch networks.
const (
	MaxPhotoBytes = 1 << 20
	AimPhotoBytes = 200 << 10
	// MaxPhotoWidth caps the crop's width; larger crops are downscaled
	// (never upscaled), which keeps the IED well above 90 px at kiosk
	// distances.
	MaxPhotoWidth = 720
)

// ErrTooLarge says no JPEG quality brought the photo under the limit.
var ErrTooLarge = errors.New("autocapture: photo over 1 MB at every JPEG quality")

// PortraitRect is the crop around the main face, ICAO-style: 3:4
// portrait, width twice the face box (head plus shoulders' start), the
// eye line at 42 % of the height from the top, centred on the eyes. It is
// shifted to stay inside the frame and shrunk (keeping 3:4) only when the
// frame is too small.
func PortraitRect(a *face.Analysis) image.Rectangle {
	box := a.Box()
	frame := image.Rect(0, 0, a.Width, a.Height)
	if box.Empty() {
		return frame
	}
	w := 2.0 * float64(box.Dx())
	h := w * 4 / 3
	if h > float64(a.Height) {
		h = float64(a.Height)
		w = h * 3 / 4
	}
	if w > float64(a.Width) {
		w = float64(a.Width)
		h = w * 4 / 3
	}
	cx := float64(box.Min.X+box.Max.X) / 2
	ey := float64(box.Min.Y) + 0.4*float64(box.Dy())
	if a.Landmarks != nil {
		r, l := a.Landmarks.RightEye(), a.Landmarks.LeftEye()
		cx, ey = (r.X+l.X)/2, (r.Y+l.Y)/2
	}
	x0 := math.Max(0, math.Min(cx-w/2, float64(a.Width)-w))
	y0 := math.Max(0, math.Min(ey-0.42*h, float64(a.Height)-h))
	return image.Rect(int(x0), int(y0), int(x0+w), int(y0+h)).Intersect(frame)
}

// EncodePhoto crops frame to the portrait, downscales it to at most
// MaxPhotoWidth, and encodes a JPEG without metadata, stepping the quality
// down from 95 until the file is within AimPhotoBytes (stopping at 75 if
// it is already within MaxPhotoBytes, and at 40 at the latest).
func EncodePhoto(frame gocv.Mat, a *face.Analysis) ([]byte, error) {
	if frame.Empty() {
		return nil, fmt.Errorf("autocapture: encode: empty frame")
	}
	roi := frame.Region(PortraitRect(a))
	defer roi.Close()
	img := roi
	if roi.Cols() > MaxPhotoWidth {
		small := gocv.NewMat()
		defer small.Close()
		gocv.Resize(roi, &small, image.Pt(MaxPhotoWidth, roi.Rows()*MaxPhotoWidth/roi.Cols()), 0, 0, gocv.InterpolationArea)
		img = small
	}
	return encodeJPEG(img, func(q, size int) bool { return size <= AimPhotoBytes || (q <= 75 && size <= MaxPhotoBytes) })
}

// Base64 is the photo as standard base64, the API's JSON form.
func Base64(jpeg []byte) string { return base64.StdEncoding.EncodeToString(jpeg) }

// DataURI is the photo as a data URI (Verifik's form).
func DataURI(jpeg []byte) string { return "data:image/jpeg;base64," + Base64(jpeg) }
