package face

import (
	"fmt"
	"image"

	"gocv.io/x/gocv"
)

// Liveness runs the passive anti-spoofing network on a 128×128 RGB crop
// of the box grown 2.7× (raw 0–255 values, lib/fr_liveness.js) and
// returns the probability that the face is a live person, 0–1.
// livenessRealClass is the liveness output index meaning "live person".
const livenessRealClass = 0

func (m *Models) Liveness(frame gocv.Mat, box image.Rectangle) (float64, error) {
	r := scaledCrop(box, 2.7, frame.Cols(), frame.Rows())
	if r.Dx() < 16 || r.Dy() < 16 {
		return 0, fmt.Errorf("face: liveness: face box %v too small", box)
	}
	blob := blobOf(frame, r, 1, image.Pt(128, 128), gocv.NewScalar(0, 0, 0, 0), true)
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
