package widgets

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

// maskRaster paints a guide's overlay. It keeps, for the last size,
// shape and colours, the overlay with its band unfilled and the band's
// pixels with their place round the guide, so a redraw while the band
// fills (a new progress every frame) copies that and colours the band,
// instead of asking the shape about every pixel again.
type maskRaster struct {
	key  maskKey
	base []byte // NRGBA pixels
	band []bandPixel
}

// maskKey is what the kept overlay was painted for.
type maskKey struct {
	w, h  int
	shape maskShape
	paint maskPaint // its progress 0
}

// bandPixel is a pixel of the hold-still band.
type bandPixel struct {
	off    int     // offset in the pixels
	around float64 // its share of the way round (maskShape.around)
}

// paint draws the overlay of shape at w×h pixels: the outline, the band
// (shown once progress > 0: its track, and ring up to progress) and the
// outside dimmed.
func (r *maskRaster) paint(m maskPaint, w, h int, shape maskShape) *image.NRGBA {
	k := maskKey{w: w, h: h, shape: shape, paint: m}
	k.paint.progress = 0
	if r.base == nil || r.key != k {
		r.build(k)
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	copy(img.Pix, r.base)
	if m.progress > 0 {
		for _, p := range r.band {
			c := m.track
			if p.around <= m.progress {
				c = m.ring
			}
			img.Pix[p.off], img.Pix[p.off+1], img.Pix[p.off+2], img.Pix[p.off+3] = c.R, c.G, c.B, c.A
		}
	}
	return img
}

// build paints the overlay for k with its band unfilled (dimmed, as the
// outside) and lists the band's pixels.
func (r *maskRaster) build(k maskKey) {
	m := k.paint
	img := image.NewNRGBA(image.Rect(0, 0, k.w, k.h))
	r.key, r.band = k, r.band[:0]
	for y := 0; y < k.h; y++ {
		py := float64(y) + 0.5
		for x := 0; x < k.w; x++ {
			px := float64(x) + 0.5
			dist := k.shape.dist(px, py)
			i := img.PixOffset(x, y)
			var c color.NRGBA
			switch {
			case dist >= -m.stroke && dist <= m.stroke:
				c = m.line
			case dist > 0:
				if dist > m.ringIn && dist <= m.ringOut {
					r.band = append(r.band, bandPixel{off: i, around: k.shape.around(px, py)})
				}
				c = m.dim
			default:
				continue
			}
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
		}
	}
	r.base = img.Pix
}
