package face

import (
	"image"
	"math"

	"biokiosk/capture/face/faceresult"

	"gocv.io/x/gocv"
)

// Photometry are the face region's light and focus figures.
type Photometry = faceresult.Photometry

// photoSide is the size the face is resized to before measuring.
const photoSide = 128

// measurePhotometry measures the inner face (the box shrunk by 15 % on
// each side, which leaves out hair and background) in the grey frame.
func measurePhotometry(gray gocv.Mat, box image.Rectangle) Photometry {
	var p Photometry
	dx, dy := box.Dx()*15/100, box.Dy()*15/100
	inner := image.Rect(box.Min.X+dx, box.Min.Y+dy, box.Max.X-dx, box.Max.Y-dy).Intersect(image.Rect(0, 0, gray.Cols(), gray.Rows()))
	if inner.Dx() < 8 || inner.Dy() < 8 {
		return p
	}
	roi := gray.Region(inner)
	small := gocv.NewMat()
	gocv.Resize(roi, &small, image.Pt(photoSide, photoSide), 0, 0, gocv.InterpolationArea)
	roi.Close()
	defer small.Close()
	px, err := small.DataPtrUint8() // read in place: no per-frame copy
	if err != nil {
		return p
	}

	var sum float64
	var under, over int
	var hl, hr [32]float64
	for y := 0; y < photoSide; y++ {
		for x := 0; x < photoSide; x++ {
			v := px[y*photoSide+x]
			sum += float64(v)
			if v <= 25 {
				under++
			}
			if v >= 247 {
				over++
			}
			if x < photoSide/2 {
				hl[v>>3]++
			} else {
				hr[v>>3]++
			}
		}
	}
	n := float64(len(px))
	p.Brightness = sum / n
	p.UnderExposed, p.OverExposed = float64(under)/n, float64(over)/n
	var inter float64
	for i := range hl {
		inter += math.Min(hl[i], hr[i])
	}
	p.Uniformity = inter / (n / 2)

	p.Sharpness = LaplacianVariance(small)
	return p
}

// LaplacianVariance is the variance of the (3×3, aperture 1) Laplacian of
// a grey image: the classic focus measure, larger when sharper.
func LaplacianVariance(gray gocv.Mat) float64 {
	lap := gocv.NewMat()
	defer lap.Close()
	gocv.Laplacian(gray, &lap, gocv.MatTypeCV64F, 1, 1, 0, gocv.BorderDefault)
	mean, std := gocv.NewMat(), gocv.NewMat()
	defer mean.Close()
	defer std.Close()
	gocv.MeanStdDev(lap, &mean, &std)
	sd := std.GetDoubleAt(0, 0)
	return sd * sd
}
