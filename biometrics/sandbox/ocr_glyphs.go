package sandbox

import (
	"image"
	"sort"
)

// glyph is one character cell of a zone line in a binarised block.
type glyph struct {
	box image.Rectangle
	// chevron marks the filler '<' (see isChevron).
	chevron bool
}

// block is a binarised image, one byte per pixel (ink below 128).
type block struct {
	pix  []byte
	w, h int
}

func (b block) ink(x, y int) bool { return b.pix[y*b.w+x] < 128 }

// zoneGlyphs segments a binarised zone into lines (runs of rows holding
// ink) and glyphs (runs of columns holding ink within a line: OCR-B
// glyphs are connected, so a glyph's columns are contiguous). Specks are
// dropped; a run wider than 1.6 glyphs (touching glyphs) is cut at the
// line's character pitch. Lines lower than half the tallest are dropped
// (remains of other print at the band's edges).
func zoneGlyphs(b block) [][]glyph {
	type span struct{ a, z int }
	var rows []span
	in := false
	for y := 0; y < b.h; y++ {
		ink := false
		for x := 0; x < b.w && !ink; x++ {
			ink = b.ink(x, y)
		}
		switch {
		case ink && !in:
			rows, in = append(rows, span{y, y + 1}), true
		case ink:
			rows[len(rows)-1].z = y + 1
		default:
			in = false
		}
	}
	tallest := 0
	for _, r := range rows {
		tallest = max(tallest, r.z-r.a)
	}
	var out [][]glyph
	for _, r := range rows {
		lh := r.z - r.a
		if lh*2 < tallest {
			continue
		}
		var gs []glyph
		start := -1
		for x := 0; x <= b.w; x++ {
			ink := false
			for y := r.a; x < b.w && y < r.z && !ink; y++ {
				ink = b.ink(x, y)
			}
			if ink && start < 0 {
				start = x
			}
			if !ink && start >= 0 {
				if box := b.inkBox(image.Rect(start, r.a, x, r.z)); box.Dy()*5 >= lh || box.Dx()*5 >= lh {
					gs = append(gs, glyph{box: box, chevron: b.isChevron(box, lh)})
				}
				start = -1
			}
		}
		out = append(out, splitTouching(b, gs, lh))
	}
	return out
}

// isChevron tells OCR-B's '<' by shape: lower than the line's letters
// and digits (about 0.8 of their height against 0.95–1.05), its leftmost
// columns a point at mid-height, its right side open in the middle and
// inked at the top and bottom (the two strokes' ends). No letter or digit
// has all four: C has the shape but the full height, K and X the right
// side but a tall left side.
func (b block) isChevron(g image.Rectangle, lh int) bool {
	gh, gw := g.Dy(), g.Dx()
	if gh*100 >= lh*92 || gh < 4 || gw < 3 {
		return false
	}
	inkIn := func(x0, x1, y0, y1 int) bool {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if b.ink(x, y) {
					return true
				}
			}
		}
		return false
	}
	y := func(f int) int { return g.Min.Y + gh*f/100 }
	x := func(f int) int { return g.Min.X + gw*f/100 }
	tip := max(1, gw/10)
	return !inkIn(g.Min.X, g.Min.X+tip, g.Min.Y, y(28)) && !inkIn(g.Min.X, g.Min.X+tip, y(72), g.Max.Y) &&
		!inkIn(x(70), g.Max.X, y(40), y(60)) &&
		inkIn(x(80), g.Max.X, g.Min.Y, y(25)) && inkIn(x(80), g.Max.X, y(75), g.Max.Y)
}

// inkBox is the bounding box of the ink inside r.
func (b block) inkBox(r image.Rectangle) image.Rectangle {
	box := image.Rectangle{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if b.ink(x, y) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

// splitTouching cuts runs holding several touching glyphs at the pitch
// (the median distance between glyph starts).
func splitTouching(b block, gs []glyph, lh int) []glyph {
	if len(gs) < 3 {
		return gs
	}
	steps := make([]int, 0, len(gs)-1)
	for i := 1; i < len(gs); i++ {
		steps = append(steps, gs[i].box.Min.X-gs[i-1].box.Min.X)
	}
	sort.Ints(steps)
	pitch := steps[len(steps)/2]
	if pitch <= 0 {
		return gs
	}
	var out []glyph
	for _, g := range gs {
		n := (g.box.Dx() + pitch/2) / pitch
		if g.box.Dx()*10 < pitch*16 || n < 2 {
			out = append(out, g)
			continue
		}
		for i := range n {
			x0 := g.box.Min.X + i*g.box.Dx()/n
			x1 := g.box.Min.X + (i+1)*g.box.Dx()/n
			box := b.inkBox(image.Rect(x0, g.box.Min.Y, x1, g.box.Max.Y))
			out = append(out, glyph{box: box, chevron: b.isChevron(box, lh)})
		}
	}
	return out
}

// eraseChevrons paints the chevrons white, so Tesseract reads only the
// letters and digits: its general English model reads runs of '<' as
// K, S or E, or miscounts them.
func eraseChevrons(b block, lines [][]glyph) {
	for _, l := range lines {
		for _, g := range l {
			if !g.chevron {
				continue
			}
			for y := g.box.Min.Y; y < g.box.Max.Y; y++ {
				for x := g.box.Min.X; x < g.box.Max.X; x++ {
					b.pix[y*b.w+x] = 255
				}
			}
		}
	}
}

// symbol is a character Tesseract read, with its box.
type symbol struct {
	box image.Rectangle
	c   byte
}

// assemble spells each line: '<' for a chevron, else the MRZ character
// Tesseract read overlapping the glyph most ('?' when none, which no
// zone accepts).
func assemble(lines [][]glyph, syms []symbol) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		s := make([]byte, len(l))
		for i, g := range l {
			best := 0
			if g.chevron {
				s[i] = '<'
				continue
			}
			s[i] = '?'
			for _, sy := range syms {
				if a := area(g.box.Intersect(sy.box)); a > best {
					s[i], best = sy.c, a
				}
			}
		}
		out = append(out, string(s))
	}
	return out
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }
