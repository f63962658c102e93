package synth

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// EyesClosed returns a Placer of the same portrait with both eyes
// painted shut: each eye (found from the 68 landmarks of the still
// portrait) is covered, with a feathered edge, by the skin just below it,
// and a thin dark lash line is drawn between the eye's corners, sagging
// below the lower lid. The shipped eye model scores both eyes closed
// (open p ≤ 0.03 on obama.jpg at IED 100 px, σ 6 noise). The face, its pose and its light are otherwise the
// portrait's. Close it after use.
func (p *Placer) EyesClosed() (*Placer, error) {
	lm := p.a.Landmarks
	img := p.img.Clone()
	for _, eye := range [2][6]int{{36, 37, 38, 39, 40, 41}, {42, 43, 44, 45, 46, 47}} {
		if err := closeEye(&img, lm, eye); err != nil {
			img.Close()
			return nil, err
		}
	}
	return &Placer{img: img, a: p.a}, nil
}

// closeEye paints one eye shut in img (see EyesClosed). eye lists the
// eye's landmarks: outer corner, two upper lid points, inner corner, two
// lower lid points.
func closeEye(img *gocv.Mat, lm *face.Landmarks, eye [6]int) error {
	outer, inner := lm[eye[0]], lm[eye[3]]
	width := math.Hypot(inner.X-outer.X, inner.Y-outer.Y)
	cx, cy := (outer.X+inner.X)/2, (outer.Y+inner.Y)/2
	for _, i := range eye {
		cy += (lm[i].Y - cy) / 7 // centre on the lids, not only the corners
	}
	// The patch covers the open eye with a margin; the skin comes from
	// just below it (the cheek under the eye: above lie lid and brow).
	w, h := int(width*1.5), int(width*0.75)
	dst := image.Rect(int(cx)-w/2, int(cy)-h/2, int(cx)-w/2+w, int(cy)-h/2+h)
	src := dst.Add(image.Pt(0, h))
	if w < 6 || h < 4 || !src.In(image.Rect(0, 0, img.Cols(), img.Rows())) || !dst.In(image.Rect(0, 0, img.Cols(), img.Rows())) {
		return fmt.Errorf("synth: eye %v too small or at the edge", dst)
	}
	// alpha: a filled ellipse, feathered.
	alpha := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(0, 0, 0, 0), h, w, gocv.MatTypeCV32FC1)
	defer alpha.Close()
	gocv.Ellipse(&alpha, image.Pt(w/2, h/2), image.Pt(w*2/5, h*2/5), 0, 0, 360, color.RGBA{1, 1, 1, 1}, -1)
	k := h/3*2 + 1
	gocv.GaussianBlur(alpha, &alpha, image.Pt(k, k), 0, 0, gocv.BorderConstant)
	alpha3 := gocv.NewMat()
	defer alpha3.Close()
	gocv.Merge([]gocv.Mat{alpha, alpha, alpha}, &alpha3)

	roi := img.Region(dst)
	defer roi.Close()
	skin := img.Region(src)
	defer skin.Close()
	a, b := gocv.NewMat(), gocv.NewMat()
	defer a.Close()
	defer b.Close()
	roi.ConvertTo(&a, gocv.MatTypeCV32FC3)
	skin.ConvertTo(&b, gocv.MatTypeCV32FC3)
	// a + (b − a)·alpha
	gocv.Subtract(b, a, &b)
	gocv.Multiply(b, alpha3, &b)
	gocv.Add(a, b, &a)
	a.ConvertTo(&roi, gocv.MatTypeCV8UC3)

	// The lash line: from corner to corner, sagging below the lower lid
	// by a fifth of the eye's width like a shut lid (a straight line
	// through the lower lid reads as an open slit to the eye model).
	const sag = 0.2
	lower := func(i, j int) image.Point {
		return image.Pt(int((lm[i].X+lm[j].X)/2+0.5), int((lm[i].Y+lm[j].Y)/2+width*sag+0.5))
	}
	pts := []image.Point{
		image.Pt(int(outer.X+0.5), int(outer.Y+0.5)),
		lower(eye[5], eye[1]), lower(eye[4], eye[2]),
		image.Pt(int(inner.X+0.5), int(inner.Y+0.5)),
	}
	pv := gocv.NewPointsVectorFromPoints([][]image.Point{pts})
	defer pv.Close()
	gocv.Polylines(img, pv, false, color.RGBA{30, 25, 25, 0}, max(1, int(width/10+0.5)))
	return nil
}

// SideLight lights frame from one side in place: the brightness falls
// linearly from gain hi at column x0+span/2 to lo at x0−span/2 (beyond
// them it stays at hi or lo), as a lamp on the person's one side does.
func SideLight(frame *gocv.Mat, x0, span int, lo, hi float64) {
	for x := 0; x < frame.Cols(); x++ {
		t := math.Min(1, math.Max(0, (float64(x-x0)+float64(span)/2)/float64(span)))
		col := frame.Region(image.Rect(x, 0, x+1, frame.Rows()))
		col.ConvertToWithParams(&col, gocv.MatTypeCV8UC3, float32(lo+(hi-lo)*t), 0)
		col.Close()
	}
}

// Beside places other's face into frame (from Frame or Camera.Frame):
// other's face scaled and shifted as Frame does, cut out with an ellipse
// around it, so a second person stands beside the first.
func Beside(frame *gocv.Mat, other *Placer, scale, dx, dy float64) {
	o := other.FrameIn(frame.Cols(), frame.Rows(), scale, dx, dy)
	defer o.Close()
	cfg := face.DefaultConfig()
	k := 110 * scale * float64(frame.Rows()) / Height / other.a.IED
	side := float64(other.a.Box().Dy()) * k
	mask := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(0, 0, 0, 0), frame.Rows(), frame.Cols(), gocv.MatTypeCV8UC1)
	defer mask.Close()
	c := image.Pt(int((cfg.CenterX+dx)*float64(frame.Cols())), int((cfg.CenterY+dy)*float64(frame.Rows())))
	gocv.Ellipse(&mask, c, image.Pt(int(side*0.6), int(side*0.8)), 0, 0, 360, color.RGBA{255, 255, 255, 255}, -1)
	o.CopyToWithMask(frame, mask)
}
