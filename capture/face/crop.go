package face

import (
	"image"
	"math"

	"biokiosk/capture/face/faceresult"

	"gocv.io/x/gocv"
)

// Point is a position in frame pixels.
type Point = faceresult.Point

// scaledCrop grows box around its centre by scale, then shifts (not
// clips) it back inside a w×h frame, as the model package's
// align*Image functions do; it shrinks only when the frame is too small.
func scaledCrop(box image.Rectangle, scale float64, w, h int) image.Rectangle {
	bw, bh := float64(box.Dx()), float64(box.Dy())
	if bw <= 0 || bh <= 0 {
		return image.Rectangle{}
	}
	scale = math.Min(scale, math.Min(float64(h-1)/bh, float64(w-1)/bw))
	nw, nh := bw*scale, bh*scale
	cx, cy := float64(box.Min.X)+bw/2, float64(box.Min.Y)+bh/2
	x1, y1, x2, y2 := cx-nw/2, cy-nh/2, cx+nw/2, cy+nh/2
	if x1 < 0 {
		x2 -= x1
		x1 = 0
	}
	if y1 < 0 {
		y2 -= y1
		y1 = 0
	}
	if x2 > float64(w-1) {
		x1 -= x2 - float64(w-1)
		x2 = float64(w - 1)
	}
	if y2 > float64(h-1) {
		y1 -= y2 - float64(h-1)
		y2 = float64(h - 1)
	}
	return image.Rect(int(x1), int(y1), int(x2), int(y2)).Intersect(image.Rect(0, 0, w, h))
}

// blobOf crops r from src and turns it into a network input blob.
func blobOf(src gocv.Mat, r image.Rectangle, scale float64, size image.Point, mean gocv.Scalar, swapRB bool) gocv.Mat {
	roi := src.Region(r)
	defer roi.Close()
	return gocv.BlobFromImage(roi, scale, size, mean, swapRB, false)
}

// forwardFloats runs net on blob and copies the named (or default)
// output into a Go slice.
func forwardFloats(net *gocv.Net, blob gocv.Mat, outputs ...string) ([][]float32, error) {
	net.SetInput(blob, "")
	var outs []gocv.Mat
	if len(outputs) == 0 {
		outs = []gocv.Mat{net.Forward("")}
	} else {
		outs = net.ForwardLayers(outputs)
	}
	defer func() {
		for i := range outs {
			outs[i].Close()
		}
	}()
	res := make([][]float32, len(outs))
	for i := range outs {
		d, err := outs[i].DataPtrFloat32()
		if err != nil {
			return nil, err
		}
		res[i] = append([]float32(nil), d...)
	}
	return res, nil
}

func softmax(v []float32) []float64 {
	mx := math.Inf(-1)
	for _, x := range v {
		mx = math.Max(mx, float64(x))
	}
	out := make([]float64, len(v))
	var sum float64
	for i, x := range v {
		out[i] = math.Exp(float64(x) - mx)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}
