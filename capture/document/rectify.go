package document

import (
	"fmt"
	"image"
	"image/color"

	"gocv.io/x/gocv"
)

// warp maps the quadrilateral q of frame onto a size.X×size.Y rectangle
// (perspective correction) into dst.
func warp(frame gocv.Mat, q Quad, size image.Point, dst *gocv.Mat) error {
	if size.X <= 0 || size.Y <= 0 {
		return fmt.Errorf("document: warp: bad size %v", size)
	}
	w, h := float32(size.X-1), float32(size.Y-1)
	var from [4]gocv.Point2f
	for i, p := range q {
		from[i] = gocv.Point2f(p)
	}
	src := gocv.NewPoint2fVectorFromPoints(from[:])
	defer src.Close()
	to := gocv.NewPoint2fVectorFromPoints([]gocv.Point2f{{X: 0, Y: 0}, {X: w, Y: 0}, {X: w, Y: h}, {X: 0, Y: h}})
	defer to.Close()
	m := gocv.GetPerspectiveTransform2f(src, to)
	defer m.Close()
	if m.Empty() {
		return fmt.Errorf("document: warp: degenerate corners")
	}
	gocv.WarpPerspectiveWithParams(frame, dst, m, size, gocv.InterpolationLinear, gocv.BorderReplicate, color.RGBA{})
	return nil
}
