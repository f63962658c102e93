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

// paint draws the overlay at w×h pixels. shape gives, for a pixel's
// centre, its signed distance from the guide's outline in pixels
// (negative inside) and the share of the way round the guide, clockwise
// from the top, at which it lies (0–1; asked only inside the band).
func (m maskPaint) paint(w, h int, shape func(px, py float64) (dist float64, around func() float64)) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dist, around := shape(float64(x)+0.5, float64(y)+0.5)
			var c color.NRGBA
			switch {
			case dist >= -m.stroke && dist <= m.stroke:
				c = m.line
			case dist > m.ringIn && dist <= m.ringOut && m.progress > 0:
				c = m.track
				if around() <= m.progress {
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
