package face

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"gocv.io/x/gocv"
)

var colorGrey = color.RGBA{128, 128, 128, 0}

type stringsBuilder = strings.Builder

func countLines(s string) int { return strings.Count(strings.TrimRight(s, "\n"), "\n") + 1 }

// kioskFrame places a portrait's face in a 640×480 grey frame the way a
// kiosk camera would see it: the face's IED scaled to about 110 px ×
// scale, its centre on the oval's centre shifted by (dx, dy) shares of
// the frame.
func kioskFrame(t testing.TB, name string, scale, dx, dy float64) gocv.Mat {
	t.Helper()
	m := models(t)
	img := portrait(t, name)
	defer img.Close()
	a := NewAnalyzer(m, DefaultConfig())
	defer a.Close()
	r, err := a.AnalyzeStill(img)
	if err != nil || r.Landmarks == nil {
		t.Fatalf("kioskFrame: %s: no face (%v)", name, err)
	}
	return placeFace(img, r, scale, dx, dy)
}

// placeFace scales and translates img so the main face lands at the
// target; the rest of the frame is filled with mid grey.
func placeFace(img gocv.Mat, r Analysis, scale, dx, dy float64) gocv.Mat {
	const W, H = 640, 480
	cfg := DefaultConfig()
	k := 110 * scale / r.IED
	box := r.Box()
	cx, cy := float64(box.Min.X+box.Max.X)/2*k, float64(box.Min.Y+box.Max.Y)/2*k
	tx, ty := (cfg.CenterX+dx)*W-cx, (cfg.CenterY+dy)*H-cy
	m := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer m.Close()
	m.SetDoubleAt(0, 0, k)
	m.SetDoubleAt(0, 2, tx)
	m.SetDoubleAt(1, 1, k)
	m.SetDoubleAt(1, 2, ty)
	out := gocv.NewMat()
	gocv.WarpAffineWithParams(img, &out, m, image.Pt(W, H), gocv.InterpolationArea, gocv.BorderConstant, colorGrey)
	return out
}
