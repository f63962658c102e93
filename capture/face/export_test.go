package face

import (
	"image"

	"gocv.io/x/gocv"
)

// PoseWithCrop runs the pose network on a crop of side times the
// landmarks' extent, centred up (a share of the side) above them.
func (m *Models) PoseWithCrop(frame gocv.Mat, lm *Landmarks, side, up float64) (Pose, error) {
	blob, err := poseBlobWith(frame, lm, poseCrop{side: side, up: up})
	if err != nil {
		return Pose{}, err
	}
	defer blob.Close()
	return m.poseOfWhole(blob)
}

// LivenessRGB is Liveness fed RGB instead of BGR (the channel order
// before issue 24).
func (m *Models) LivenessRGB(frame gocv.Mat, box image.Rectangle) (float64, error) {
	return m.livenessWith(frame, box, true)
}

// EyesWithCrop is Eyes with the crop's side at scale times the eye's
// corner-to-corner width.
func (m *Models) EyesWithCrop(gray gocv.Mat, lm *Landmarks, scale float64) (EyeState, error) {
	return m.eyesWith(gray, lm, scale)
}

// PortraitSpan exposes portraitSpan.
func PortraitSpan(a *Analysis) (float64, float64) { return portraitSpan(a) }
