package widgets

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// docMask is the document step's overlay, as the face step's faceMask
// is the face's: a card-shaped frame to hold the document in, the area
// outside it lightly dimmed, its outline in the state's colour, and a
// band around it that fills clockwise from the top centre while the
// person holds still (Progress 0–1) instead of a countdown in numbers.
// It is a widget drawing one raster, redrawn only when its size, colour, progress or the
// picture's shape changes.
type docMask struct {
	widget.BaseWidget
	raster      *canvas.Raster
	painter     maskRaster
	StrokeColor color.Color
	Progress    float64
	// Aspect is the document's width over its height (ID-1 1.586, TD3
	// 1.42); Frame the picture's size, for where the contained picture
	// lies in the area (zero: 4:3).
	Aspect float64
	Frame  image.Point
}

// Document shapes: ID-1 (85.60 × 53.98 mm) and a TD3 passport page
// (125 × 88 mm), as package document finds them.
const (
	AspectIDCard   = 1.586
	AspectPassport = 1.42
	// docGuideShare is the frame's share of the picture's width (or
	// height, whichever binds first).
	docGuideShare = 0.8
)

func newDocMask() *docMask {
	m := &docMask{StrokeColor: OvalNoFace, Aspect: AspectIDCard}
	m.raster = canvas.NewRaster(m.draw)
	m.ExtendBaseWidget(m)
	return m
}

// CreateRenderer draws the mask as one raster (Refresh redraws it).
func (m *docMask) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(m.raster) }

// guide is the card frame in a w×h area: its centre and half-size, in
// pixels, inside the picture as ImageFillContain places it.
func (m *docMask) guide(w, h int) (cx, cy, hw, hh float64) {
	fw, fh := 4.0, 3.0
	if m.Frame.X > 0 && m.Frame.Y > 0 {
		fw, fh = float64(m.Frame.X), float64(m.Frame.Y)
	}
	pw, ph := float64(w), float64(h) // the picture, contained
	if pw/ph > fw/fh {
		pw = ph * fw / fh
	} else {
		ph = pw * fh / fw
	}
	aspect := m.Aspect
	if aspect <= 0 {
		aspect = AspectIDCard
	}
	gw := pw * docGuideShare
	gh := gw / aspect
	if gh > ph*docGuideShare {
		gh = ph * docGuideShare
		gw = gh * aspect
	}
	return float64(w) / 2, float64(h) / 2, gw / 2, gh / 2
}

// draw paints the mask at w×h pixels.
func (m *docMask) draw(w, h int) image.Image {
	if w == 0 || h == 0 {
		return image.NewNRGBA(image.Rect(0, 0, w, h))
	}
	cx, cy, hw, hh := m.guide(w, h)
	r := math.Min(hw, hh) * 0.08 // rounded corners, as a card's
	stroke := math.Max(2.5, float64(h)/150)
	paint := maskPaint{
		line: color.NRGBAModel.Convert(m.StrokeColor).(color.NRGBA), ring: OvalGood,
		track: color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x50}, dim: color.NRGBA{A: 0x70},
		stroke: stroke, ringIn: stroke * 1.6, ringOut: stroke * 4.5, progress: m.Progress,
	}
	return m.painter.paint(paint, w, h, card{cx: cx, cy: cy, hw: hw, hh: hh, r: r})
}

// card is the document guide: a rounded rectangle's centre, half-size
// and corner radius, px.
type card struct{ cx, cy, hw, hh, r float64 }

// dist is the signed distance from the rounded outline, px.
func (c card) dist(px, py float64) float64 {
	qx, qy := math.Abs(px-c.cx)-(c.hw-c.r), math.Abs(py-c.cy)-(c.hh-c.r)
	return math.Hypot(math.Max(qx, 0), math.Max(qy, 0)) + math.Min(math.Max(qx, qy), 0) - c.r
}

func (c card) around(px, py float64) float64 {
	return along(px, py, c.cx, c.cx-c.hw, c.cx+c.hw, c.cy-c.hh, c.cy+c.hh) / (4 * (c.hw + c.hh))
}

// along is how far round the rectangle x0–x1 × y0–y1 the point outside it
// at (px, py) lies, clockwise from the top centre cx, in pixels: the
// position of its nearest point on the outline.
func along(px, py, cx, x0, x1, y0, y1 float64) float64 {
	nx, ny := math.Max(x0, math.Min(px, x1)), math.Max(y0, math.Min(py, y1))
	w, h := x1-x0, y1-y0
	switch {
	case ny == y0 && nx >= cx:
		return nx - cx
	case nx == x1:
		return w/2 + (ny - y0)
	case ny == y1:
		return w/2 + h + (x1 - nx)
	case nx == x0:
		return w/2 + h + w + (y1 - ny)
	default: // the top, left of the centre
		return 2*(w+h) - (cx - nx)
	}
}
