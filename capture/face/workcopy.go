package face

import (
	"image"

	"gocv.io/x/gocv"
)

// analysisLines is the frame height the live analysis works at. Larger
// frames (720p, 1080p webcams) are analysed on a copy downscaled to this
// height, so the per-frame cost and the networks' inputs are those of a
// 640×480 camera of the same field of view; results are reported in
// source pixels.
const analysisLines = 480

// workingCopy returns frame downscaled (pixel area averaging, which also
// averages sensor noise) to analysisLines lines into buf, and the number
// of source pixels per working pixel. A frame of analysisLines lines or
// fewer is returned as it is, with scale 1.
func workingCopy(frame gocv.Mat, buf *gocv.Mat) (gocv.Mat, float64) {
	if frame.Empty() || frame.Rows() <= analysisLines {
		return frame, 1
	}
	k := float64(frame.Rows()) / analysisLines
	w := int(float64(frame.Cols())/k + 0.5)
	gocv.Resize(frame, buf, image.Pt(w, analysisLines), 0, 0, gocv.InterpolationArea)
	return *buf, k
}

// scaled returns a copy of res with its positions (face boxes,
// landmarks, IED) multiplied by k and its frame size set to w×h; the
// measures that are shares or angles are unchanged.
func scaled(res Analysis, k float64, w, h int) Analysis {
	res.Width, res.Height = w, h
	if k == 1 {
		return res
	}
	faces := make([]Detection, len(res.Faces))
	for i, f := range res.Faces {
		b := f.Box
		f.Box = image.Rect(int(float64(b.Min.X)*k+0.5), int(float64(b.Min.Y)*k+0.5), int(float64(b.Max.X)*k+0.5), int(float64(b.Max.Y)*k+0.5)).
			Intersect(image.Rect(0, 0, w, h))
		faces[i] = f
	}
	res.Faces = faces
	if res.Landmarks != nil {
		lm := *res.Landmarks
		for i := range lm {
			lm[i].X *= k
			lm[i].Y *= k
		}
		res.Landmarks = &lm
	}
	res.IED *= k
	return res
}
