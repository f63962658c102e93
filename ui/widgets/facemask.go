package widgets

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// faceMask is the face step's overlay: the area outside the ellipse
// guide dimmed, the ellipse's outline in the state's colour, and a ring
// around it that fills clockwise from the top while the person holds
// still (Progress 0–1). It is a widget drawing one raster, redrawn only when its size,
// colour or progress changes.
type faceMask struct {
	widget.BaseWidget
	raster      *canvas.Raster
	painter     maskRaster
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
	m := &faceMask{StrokeColor: OvalNoFace}
	m.raster = canvas.NewRaster(m.draw)
	m.ExtendBaseWidget(m)
	return m
}

// CreateRenderer draws the mask as one raster (Refresh redraws it).
func (m *faceMask) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(m.raster) }

// draw paints the mask at w×h pixels.
func (m *faceMask) draw(w, h int) image.Image {
	if w == 0 || h == 0 {
		return image.NewNRGBA(image.Rect(0, 0, w, h))
	}
	b := float64(h) * maskHeight / 2 // semi-axes
	a := b * maskAspect
	cx, cy := float64(w)/2, float64(h)*maskCentreY
	stroke := math.Max(3, float64(h)/120)
	paint := maskPaint{
		line: color.NRGBAModel.Convert(m.StrokeColor).(color.NRGBA), ring: OvalGood,
		track: color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x40}, dim: color.NRGBA{A: 0x9a},
		stroke: stroke, ringIn: stroke * 1.6, ringOut: stroke * 4.2, progress: m.Progress,
	}
	return m.painter.paint(paint, w, h, ellipse{cx: cx, cy: cy, a: a, b: b})
}

// ellipse is the face guide: centre and semi-axes, px.
type ellipse struct{ cx, cy, a, b float64 }

// dist is about the radial distance from the outline, px.
func (e ellipse) dist(px, py float64) float64 {
	dx, dy := (px-e.cx)/e.a, (py-e.cy)/e.b
	return (math.Sqrt(dx*dx+dy*dy) - 1) * math.Min(e.a, e.b)
}

func (e ellipse) around(px, py float64) float64 {
	ang := math.Atan2((px-e.cx)/e.a, -(py-e.cy)/e.b) // from the top, clockwise
	if ang < 0 {
		ang += 2 * math.Pi
	}
	return ang / (2 * math.Pi)
}
