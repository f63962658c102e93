package face

import (
	"fmt"
	"image"

	"biokiosk/capture/face/faceresult"

	"gocv.io/x/gocv"
)

// eyeOpenClass is the eye model's "open" output. The package's JS
// compares [0] > [1] without naming the classes; on every open-eyed test
// portrait class 1 scores ≈ 1.0, so class 1 is "open".
const eyeOpenClass = 1

// EyeState is the eye model's verdict for both eyes.
type EyeState = faceresult.EyeState

// Eyes classifies each eye as open or closed from 24×24 grey crops
// centred on the eye, 1.6× the eye's corner-to-corner width
// (lib/fr_eye.js).
func (m *Models) Eyes(gray gocv.Mat, lm *Landmarks) (EyeState, error) {
	return m.eyesWith(gray, lm, 1.6)
}

func (m *Models) eyesWith(gray gocv.Mat, lm *Landmarks, scale float64) (EyeState, error) {
	var st EyeState
	for i, eye := range [2]struct {
		c          Point
		inner, out int
	}{{lm.RightEye(), 39, 36}, {lm.LeftEye(), 45, 42}} {
		side := int((lm[eye.inner].X - lm[eye.out].X) * scale)
		if side < 4 {
			return st, fmt.Errorf("face: eyes: eye too small (%d px)", side)
		}
		r := image.Rect(int(eye.c.X)-side/2, int(eye.c.Y)-side/2, int(eye.c.X)-side/2+side, int(eye.c.Y)-side/2+side).
			Intersect(image.Rect(0, 0, gray.Cols(), gray.Rows()))
		if r.Dx() < 4 || r.Dy() < 4 {
			return st, fmt.Errorf("face: eyes: eye outside the frame")
		}
		blob := blobOf(gray, r, 1.0/255, image.Pt(24, 24), gocv.NewScalar(0, 0, 0, 0), false)
		out, err := forwardFloats(&m.eye, blob)
		blob.Close()
		if err != nil {
			return st, fmt.Errorf("face: eyes: %w", err)
		}
		if len(out[0]) != 2 {
			return st, fmt.Errorf("face: eyes: model gave %d values, want 2", len(out[0]))
		}
		p := softmax(out[0])[eyeOpenClass]
		if i == 0 {
			st.OpenRight = p
		} else {
			st.OpenLeft = p
		}
	}
	return st, nil
}
