package face

import (
	"fmt"
	"image"

	"biokiosk/capture/face/faceresult"

	"gocv.io/x/gocv"
)

// Landmarks are the 68 iBUG points of one face (see faceresult).
type Landmarks = faceresult.Landmarks

// Landmarks places 68 points on the face in box, from the grey frame:
// a 64×64 crop of the box scaled by 1/256, as lib/fr_landmark.js does.
func (m *Models) Landmarks(gray gocv.Mat, box image.Rectangle) (Landmarks, error) {
	var lm Landmarks
	r := scaledCrop(box, 1.0, gray.Cols(), gray.Rows())
	if r.Dx() < 8 || r.Dy() < 8 {
		return lm, fmt.Errorf("face: landmarks: face box %v too small", box)
	}
	blob := blobOf(gray, r, 1.0/256, image.Pt(64, 64), gocv.NewScalar(0, 0, 0, 0), false)
	defer blob.Close()
	out, err := forwardFloats(&m.landmark, blob)
	if err != nil {
		return lm, fmt.Errorf("face: landmarks: %w", err)
	}
	if len(out[0]) != 136 {
		return lm, fmt.Errorf("face: landmarks: model gave %d values, want 136", len(out[0]))
	}
	w, h := float64(r.Dx()), float64(r.Dy())
	for i := range lm {
		lm[i] = Point{X: float64(out[0][2*i])*w + float64(r.Min.X), Y: float64(out[0][2*i+1])*h + float64(r.Min.Y)}
	}
	return lm, nil
}
