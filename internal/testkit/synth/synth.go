// Package synth builds deterministic camera frames from real portraits
// for tests and benchmarks: the face placed where a kiosk camera would
// see it, then degraded on purpose (far, off-centre, blurred, dark).
package synth

import (
	"fmt"
	"image"
	"image/color"

	"biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// Width and Height are the synthetic camera's frame size.
const Width, Height = 640, 480

var grey = color.RGBA{128, 128, 128, 0}

// Placer places one portrait's face into kiosk frames.
type Placer struct {
	img gocv.Mat
	a   face.Analysis
}

// NewPlacer analyses the portrait at path once (with an) so its face can
// be placed repeatedly. Close it after use.
func NewPlacer(an *face.Analyzer, path string) (*Placer, error) {
	img := gocv.IMRead(path, gocv.IMReadColor)
	if img.Empty() {
		img.Close()
		return nil, fmt.Errorf("synth: %s: not an image", path)
	}
	a, err := an.AnalyzeStill(img)
	if err != nil || a.Landmarks == nil {
		img.Close()
		return nil, fmt.Errorf("synth: %s: no face with landmarks (%v)", path, err)
	}
	return &Placer{img: img, a: a}, nil
}

// Close frees the portrait.
func (p *Placer) Close() { p.img.Close() }

// Frame returns a Width×Height frame with the face's inter-eye distance
// scaled to 110·scale px and its centre at the default oval centre
// shifted by (dx, dy) shares of the frame; the rest is mid grey. The
// caller closes it.
func (p *Placer) Frame(scale, dx, dy float64) gocv.Mat {
	return p.FrameIn(Width, Height, scale, dx, dy)
}

// FrameIn is Frame for a w×h camera: the person stands where they would
// before a 640×480 camera of the same field of view, so the IED scales
// with the frame height (110·scale·h/480 px).
func (p *Placer) FrameIn(w, h int, scale, dx, dy float64) gocv.Mat {
	return p.frame(w, h, scale, dx, dy, 0)
}

// FrameTilted is FrameIn with the head rolled by angle degrees
// (counter-clockwise in the image).
func (p *Placer) FrameTilted(w, h int, scale, dx, dy, angle float64) gocv.Mat {
	return p.frame(w, h, scale, dx, dy, angle)
}

func (p *Placer) frame(w, h int, scale, dx, dy, angle float64) gocv.Mat {
	cfg := face.DefaultConfig()
	k := 110 * scale * float64(h) / Height / p.a.IED
	box := p.a.Box()
	fc := image.Pt((box.Min.X+box.Max.X)/2, (box.Min.Y+box.Max.Y)/2)
	// Rotate by angle and scale by k about the face centre, then move the
	// face centre to the target.
	m := gocv.GetRotationMatrix2D(fc, angle, k)
	defer m.Close()
	m.SetDoubleAt(0, 2, m.GetDoubleAt(0, 2)+(cfg.CenterX+dx)*float64(w)-float64(fc.X))
	m.SetDoubleAt(1, 2, m.GetDoubleAt(1, 2)+(cfg.CenterY+dy)*float64(h)-float64(fc.Y))
	out := gocv.NewMat()
	gocv.WarpAffineWithParams(p.img, &out, m, image.Pt(w, h), gocv.InterpolationArea, gocv.BorderReplicate, grey)
	return out
}

// Empty is an empty mid-grey scene.
func Empty() gocv.Mat {
	return gocv.NewMatWithSizeFromScalar(gocv.NewScalar(128, 128, 128, 0), Height, Width, gocv.MatTypeCV8UC3)
}

// Blur blurs frame in place (a moving or out-of-focus face).
func Blur(frame *gocv.Mat, sigma float64) {
	gocv.GaussianBlur(*frame, frame, image.Pt(0, 0), sigma, sigma, gocv.BorderDefault)
}

// Darken scales frame's brightness in place.
func Darken(frame *gocv.Mat, gain float64) {
	frame.ConvertToWithParams(frame, gocv.MatTypeCV8UC3, float32(gain), 0)
}

// HeldUp is a w×h frame of the whole portrait held up before the camera
// as a printed photo: scaled to share of the frame's height, centred, its
// edges on a mid-grey scene. The face is smaller than Frame's; the
// liveness network should see a photo. The caller closes it.
func (p *Placer) HeldUp(w, h int, share float64) gocv.Mat {
	k := share * float64(h) / float64(p.img.Rows())
	m := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer m.Close()
	m.SetDoubleAt(0, 0, k)
	m.SetDoubleAt(0, 2, (float64(w)-k*float64(p.img.Cols()))/2)
	m.SetDoubleAt(1, 1, k)
	m.SetDoubleAt(1, 2, (float64(h)-k*float64(p.img.Rows()))/2)
	out := gocv.NewMat()
	gocv.WarpAffineWithParams(p.img, &out, m, image.Pt(w, h), gocv.InterpolationArea, gocv.BorderConstant, grey)
	return out
}
