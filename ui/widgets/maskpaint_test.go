package widgets

import (
	"image"
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// paintEach is the overlay by its definition, every pixel asked of the
// shape: outline, band (once progress > 0), dimmed outside.
func paintEach(m maskPaint, w, h int, shape maskShape) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			px, py := float64(x)+0.5, float64(y)+0.5
			dist := shape.dist(px, py)
			var c color.NRGBA
			switch {
			case dist >= -m.stroke && dist <= m.stroke:
				c = m.line
			case dist > m.ringIn && dist <= m.ringOut && m.progress > 0:
				c = m.track
				if shape.around(px, py) <= m.progress {
					c = m.ring
				}
			case dist > 0:
				c = m.dim
			default:
				continue
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// The kept overlay gives, at every progress, size and colour change, the
// pixels the definition gives.
func TestMaskRasterPaintsAsDefined(t *testing.T) {
	var r maskRaster
	m := maskPaint{line: color.NRGBA{R: 200, A: 255}, ring: OvalGood, track: color.NRGBA{R: 255, G: 255, B: 255, A: 0x40},
		dim: color.NRGBA{A: 0x9a}, stroke: 3, ringIn: 4.8, ringOut: 12.6}
	e := ellipse{cx: 100, cy: 45, a: 28, b: 39}
	c := card{cx: 100, cy: 50, hw: 70, hh: 40, r: 8}
	for _, step := range []struct {
		w, h     int
		shape    maskShape
		line     color.NRGBA
		progress float64
	}{
		{200, 100, e, m.line, 0}, {200, 100, e, m.line, 0.3}, {200, 100, e, m.line, 0.31}, {200, 100, e, m.line, 1},
		{200, 100, e, OvalGood, 0.5}, // the colour changes: painted again
		{240, 120, e, OvalGood, 0.5}, // the size
		{240, 120, c, OvalGood, 0.7}, // the shape
		{240, 120, c, OvalGood, 0},
	} {
		p := m
		p.line, p.progress = step.line, step.progress
		got := r.paint(p, step.w, step.h, step.shape)
		want := paintEach(p, step.w, step.h, step.shape)
		require.Equal(t, want.Rect, got.Rect)
		assert.True(t, string(want.Pix) == string(got.Pix), "%T %dx%d progress %.2f: pixels differ", step.shape, step.w, step.h, step.progress)
	}
	assert.NotEmpty(t, r.band)
}
