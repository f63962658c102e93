package ui

import (
	"image"
	"image/color"
)

// maskPaint is how a capture guide's overlay is painted (faceMask,
// docMask): the outline in its state's colour, the hold-still band
// around it (its track, and the part filled so far in ring), and the
// area outside dimmed.
type maskPaint struct {
	line, ring, track, dim  color.NRGBA
	stroke, ringIn, ringOut float64 // outline half-width, band's inner and outer distance, px
	progress                float64 // the band's filled share, 0–1
}

// maskShape is a guide's outline, asked per pixel centre.
type maskShape interface {
	// dist is the signed distance from the outline in pixels (negative
	// inside).
	dist(px, py float64) float64
	// around is the share of the way round the guide, clockwise from the
	// top, at which the point lies (0–1; asked only inside the band).
	around(px, py float64) float64
}

// paint draws the overlay of shape at w×h pixels.
func (m maskPaint) paint(w, h int, shape maskShape) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		py := float64(y) + 0.5
		for x := 0; x < w; x++ {
			px := float64(x) + 0.5
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
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
		}
	}
	return img
}
