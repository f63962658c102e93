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
// With landmarks, uniformity compares the two cheeks' skin instead of
// the box's halves (see skinUniformity).
func measurePhotometry(gray gocv.Mat, box image.Rectangle, lm *Landmarks) Photometry {
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
	if lm != nil {
		if u, ok := skinUniformity(gray, lm); ok {
			p.Uniformity = u
		}
	}

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

// cheekSide is the side of the square each cheek is resized to before
// its histogram is taken (so the measure does not depend on the IED).
const cheekSide = 24

// cheeks are the two cheeks' skin located by the 68 landmarks, the
// person's right (image left) first: below the eye (from a quarter of
// the way down from the lower lid to the nose tip, to the nose tip's
// height) and between the jaw and the nose wing (from 35 % to 85 % of
// the way from the jaw's point at eye level to the nose's side). That
// leaves out the eyes and glasses' lower rims above, a beard and the
// mouth below, the hair and background at the side and the nose's own
// shading.
func cheeks(lm *Landmarks) [2]image.Rectangle {
	var out [2]image.Rectangle
	for i, s := range [2]struct{ jaw, wing, lid1, lid2 int }{{1, 31, 40, 41}, {15, 35, 46, 47}} {
		lid := math.Max(lm[s.lid1].Y, lm[s.lid2].Y)
		nose := lm[30].Y
		y0, y1 := lid+0.25*(nose-lid), nose
		jx, wx := lm[s.jaw].X, lm[s.wing].X
		x0, x1 := jx+0.35*(wx-jx), jx+0.85*(wx-jx)
		out[i] = image.Rect(int(math.Min(x0, x1)), int(y0), int(math.Max(x0, x1)), int(y1))
	}
	return out
}

// skinUniformity is the histogram intersection (32 grey bins, 0–1) of
// the two cheeks' skin (cheeks): OFIQ's IlluminationUniformity on the
// skin the landmarks locate rather than on the face box's halves, so a
// beard, glasses, a fringe or a dark background do not read as uneven
// light. ok is false when a cheek is outside the frame or too small.
func skinUniformity(gray gocv.Mat, lm *Landmarks) (float64, bool) {
	var hist [2][32]float64
	frame := image.Rect(0, 0, gray.Cols(), gray.Rows())
	for i, r := range cheeks(lm) {
		if !r.In(frame) || r.Dx() < 4 || r.Dy() < 4 {
			return 0, false
		}
		roi := gray.Region(r)
		small := gocv.NewMat()
		gocv.Resize(roi, &small, image.Pt(cheekSide, cheekSide), 0, 0, gocv.InterpolationArea)
		roi.Close()
		px, err := small.DataPtrUint8()
		if err != nil {
			small.Close()
			return 0, false
		}
		for _, v := range px {
			hist[i][v>>3]++
		}
		small.Close()
	}
	var inter float64
	for b := range hist[0] {
		inter += math.Min(hist[0][b], hist[1][b])
	}
	return inter / (cheekSide * cheekSide), true
}
