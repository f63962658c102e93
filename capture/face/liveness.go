package face

import (
	"fmt"
	"image"

	"gocv.io/x/gocv"
)

// livenessRealClass is the liveness output index meaning "live person".
const livenessRealClass = 0

// Liveness runs the passive anti-spoofing network on a 128×128 BGR crop
// of the box grown 2.7× (raw 0–255 values, lib/fr_liveness.js's crop)
// and returns the probability that the face is a live person, 0–1.
// The channels are the frame's own BGR, as the crop scale 2.7 of
// Silent-Face's MiniFASNet (trained on OpenCV's BGR images) suggests:
// fed RGB, the score followed the skin's colour (0.07–1.00 on 17
// labelled faces placed as a kiosk camera sees them; 5 under 0.5 at σ 3,
// 3 of them compliant), fed BGR every one scores 0.65–1.00
// (docs/capture.md, "Capture for every compliant face").
func (m *Models) Liveness(frame gocv.Mat, box image.Rectangle) (float64, error) {
	return m.livenessWith(frame, box, false)
}

func (m *Models) livenessWith(frame gocv.Mat, box image.Rectangle, swapRB bool) (float64, error) {
	r := scaledCrop(box, 2.7, frame.Cols(), frame.Rows())
	if r.Dx() < 16 || r.Dy() < 16 {
		return 0, fmt.Errorf("face: liveness: face box %v too small", box)
	}
	blob := blobOf(frame, r, 1, image.Pt(128, 128), gocv.NewScalar(0, 0, 0, 0), swapRB)
	defer blob.Close()
	out, err := forwardFloats(&m.liveness, blob)
	if err != nil {
		return 0, fmt.Errorf("face: liveness: %w", err)
	}
	if len(out[0]) < 2 {
		return 0, fmt.Errorf("face: liveness: model gave %d values", len(out[0]))
	}
	return softmax(out[0])[livenessRealClass], nil
}
