package face

import (
	"fmt"
	"image"

	"gocv.io/x/gocv"
)

// Landmarks are the 68 iBUG points of one face, in frame pixels. Index 0
// is the jaw at the person's right (image left in an unmirrored frame).
type Landmarks [68]Point

// RightEye is the centre of the person's right eye (image left).
func (l *Landmarks) RightEye() Point { return l.avg(37, 38, 40, 41) }

// LeftEye is the centre of the person's left eye (image right).
func (l *Landmarks) LeftEye() Point { return l.avg(43, 44, 46, 47) }

// Nose is the nose tip.
func (l *Landmarks) Nose() Point { return l[30] }

// MouthRight and MouthLeft are the mouth corners (person's right/left).
func (l *Landmarks) MouthRight() Point { return l.avg(48, 60) }

// MouthLeft is the person's left mouth corner.
func (l *Landmarks) MouthLeft() Point { return l.avg(54, 64) }

// Five are the eyes, nose tip and mouth corners, in the order the
// embedding's reference points use.
func (l *Landmarks) Five() [5]Point {
	return [5]Point{l.RightEye(), l.LeftEye(), l.Nose(), l.MouthRight(), l.MouthLeft()}
}

func (l *Landmarks) avg(idx ...int) Point {
	var p Point
	for _, i := range idx {
		p.X += l[i].X
		p.Y += l[i].Y
	}
	n := float64(len(idx))
	return Point{p.X / n, p.Y / n}
}

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
		lm[i] = Point{float64(out[0][2*i])*w + float64(r.Min.X), float64(out[0][2*i+1])*h + float64(r.Min.Y)}
	}
	return lm, nil
}
