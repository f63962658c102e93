package ui

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// faceMask is the face step's overlay: the area outside the ellipse
// guide dimmed, the ellipse's outline in the state's colour, and a ring
// around it that fills clockwise from the top while the person holds
// still (Progress 0–1). It is one raster, redrawn only when its size,
// colour or progress changes.
type faceMask struct {
	raster      *canvas.Raster
	StrokeColor color.Color
	Progress    float64
}

// The ellipse's place in the area: centred across, its centre at 45 % of
// the height, 78 % of the height tall and 0.72 times as wide as tall
// (the shape of a head at the kiosk's target size).
const (
	maskCentreY = 0.45
	maskHeight  = 0.78
	maskAspect  = 0.72
)

func newFaceMask() *faceMask {
	m := &faceMask{StrokeColor: ovalNoFace}
	m.raster = canvas.NewRaster(m.draw)
	return m
}

// Refresh redraws the mask (UI goroutine).
func (m *faceMask) Refresh() { m.raster.Refresh() }

// Object is the mask's canvas object.
func (m *faceMask) Object() fyne.CanvasObject { return m.raster }

// draw paints the mask at w×h pixels.
func (m *faceMask) draw(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	if w == 0 || h == 0 {
		return img
	}
	b := float64(h) * maskHeight / 2 // semi-axes
	a := b * maskAspect
	cx, cy := float64(w)/2, float64(h)*maskCentreY
	stroke := math.Max(3, float64(h)/120) // outline half-width, px
	ringIn, ringOut := stroke*1.6, stroke*4.2
	dim := color.NRGBA{A: 0x9a}
	line := color.NRGBAModel.Convert(m.StrokeColor).(color.NRGBA)
	ring := ovalGood
	track := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x40}
	sweep := m.Progress * 2 * math.Pi
	for y := 0; y < h; y++ {
		dy := (float64(y) + 0.5 - cy) / b
		for x := 0; x < w; x++ {
			dx := (float64(x) + 0.5 - cx) / a
			r := math.Sqrt(dx*dx + dy*dy)
			// Distance from the outline in pixels, about (radial).
			dist := (r - 1) * math.Min(a, b)
			var c color.NRGBA
			switch {
			case math.Abs(dist) <= stroke:
				c = line
			case dist > ringIn && dist <= ringOut && m.Progress > 0:
				c = track
				// Angle from the top, clockwise.
				if ang := math.Atan2(dx, -dy); ang < 0 && ang+2*math.Pi <= sweep || ang >= 0 && ang <= sweep {
					c = ring
				}
			case dist > 0:
				c = dim
			default:
				continue
			}
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
		}
	}
	return img
}
