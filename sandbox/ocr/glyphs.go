package ocr

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
// ink) and glyphs (the connected pieces of ink of a line, pieces stacked
// one above the other joined: OCR-B glyphs are connected, but a thin
// stroke may break in binarisation; columns are not enough, as glyphs
// close together, such as 1K, may share one without touching). Specks are
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
		for _, box := range b.glyphBoxes(image.Rect(0, r.a, b.w, r.z)) {
			if box.Dy()*5 >= lh || box.Dx()*5 >= lh {
				gs = append(gs, glyph{box: box, chevron: b.isChevron(box, lh)})
			}
		}
		out = append(out, splitTouching(b, gs, lh))
	}
	return out
}

// isChevron tells OCR-B's '<' by shape: lower than the line's letters
// and digits (about 0.8 of their height against 0.95–1.05), its left
// fifth a point at mid-height (under 60 % of its height), its right side open in the middle and
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
	// The point: in the left fifth the two strokes have barely parted,
	// where a K's or an X's stroke runs the full height.
	top, bottom := g.Max.Y, g.Min.Y
	for yy := g.Min.Y; yy < g.Max.Y; yy++ {
		if inkIn(g.Min.X, g.Min.X+max(1, gw/5), yy, yy+1) {
			top, bottom = min(top, yy), max(bottom, yy+1)
		}
	}
	return (bottom-top)*10 < gh*6 && top >= y(15) && bottom <= y(85) &&
		!inkIn(x(70), g.Max.X, y(40), y(60)) &&
		inkIn(x(80), g.Max.X, g.Min.Y, y(25)) && inkIn(x(80), g.Max.X, y(75), g.Max.Y)
}

// glyphBoxes are the boxes of the 8-connected pieces of ink in r, left
// to right, a piece whose columns lie mostly within another's joined
// with it.
func (b block) glyphBoxes(r image.Rectangle) []image.Rectangle {
	boxes := b.inkPieces(r)
	sort.Slice(boxes, func(i, j int) bool { return boxes[i].Min.X < boxes[j].Min.X })
	return joinOverlapping(boxes)
}

// inkPieces are the boxes of the 8-connected pieces of ink in r, in
// scan order.
func (b block) inkPieces(r image.Rectangle) []image.Rectangle {
	seen := make([]bool, r.Dx()*r.Dy())
	var boxes []image.Rectangle
	var stack []image.Point
	for y0 := r.Min.Y; y0 < r.Max.Y; y0++ {
		for x0 := r.Min.X; x0 < r.Max.X; x0++ {
			if seen[seenIndex(r, x0, y0)] || !b.ink(x0, y0) {
				continue
			}
			var box image.Rectangle
			box, stack = b.fillPiece(r, seen, image.Pt(x0, y0), stack[:0])
			boxes = append(boxes, box)
		}
	}
	return boxes
}

// seenIndex is (x, y)'s index in r's seen flags.
func seenIndex(r image.Rectangle, x, y int) int {
	return (y-r.Min.Y)*r.Dx() + x - r.Min.X
}

// fillPiece marks the 8-connected piece of ink holding p0 seen and
// returns its box; stack is scratch space, returned for reuse.
func (b block) fillPiece(r image.Rectangle, seen []bool, p0 image.Point, stack []image.Point) (image.Rectangle, []image.Point) {
	box := image.Rect(p0.X, p0.Y, p0.X+1, p0.Y+1)
	seen[seenIndex(r, p0.X, p0.Y)] = true
	stack = append(stack, p0)
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		box = box.Union(image.Rect(p.X, p.Y, p.X+1, p.Y+1))
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				q := image.Pt(p.X+dx, p.Y+dy)
				if q.In(r) && !seen[seenIndex(r, q.X, q.Y)] && b.ink(q.X, q.Y) {
					seen[seenIndex(r, q.X, q.Y)] = true
					stack = append(stack, q)
				}
			}
		}
	}
	return box, stack
}

// joinOverlapping joins each box (sorted by left edge) into the one
// before it when their shared columns are at least half the narrower's.
func joinOverlapping(boxes []image.Rectangle) []image.Rectangle {
	var out []image.Rectangle
	for _, box := range boxes {
		if n := len(out); n > 0 {
			last := out[n-1]
			if overlap := min(last.Max.X, box.Max.X) - box.Min.X; overlap*2 >= min(last.Dx(), box.Dx()) {
				out[n-1] = last.Union(box)
				continue
			}
		}
		out = append(out, box)
	}
	return out
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
// Tesseract read for the glyph ('?' when none, which no zone accepts).
// Tesseract's symbols are given to the line they overlap most and, in
// their reading order, matched one to one with the line's glyphs by
// matchSymbols: a symbol's box may spill over its neighbours (the LSTM
// engine's boxes are loose, and over erased chevrons a box can reach the
// next glyph), so the glyph a symbol overlaps most is not always its own.
func assemble(lines [][]glyph, syms []symbol) []string {
	perLine := make([][]symbol, len(lines))
	for _, sy := range syms {
		best, at := 0, -1
		for i, l := range lines {
			for _, g := range l {
				if a := area(g.box.Intersect(sy.box)); a > best {
					best, at = a, i
				}
			}
		}
		if at >= 0 {
			perLine[at] = append(perLine[at], sy)
		}
	}
	out := make([]string, 0, len(lines))
	for i, l := range lines {
		s := make([]byte, len(l))
		var letters []int // the line's glyphs Tesseract reads
		for j, g := range l {
			s[j] = '?'
			if g.chevron {
				s[j] = '<'
				continue
			}
			letters = append(letters, j)
		}
		gs := make([]image.Rectangle, len(letters))
		for k, j := range letters {
			gs[k] = l[j].box
		}
		for k, si := range matchSymbols(gs, perLine[i]) {
			if si >= 0 {
				s[letters[k]] = perLine[i][si].c
			}
		}
		out = append(out, string(s))
	}
	return out
}

// matchSymbols pairs glyphs and symbols, both left to right, keeping their
// order and pairing each at most once, so that the pairs cover as much of
// their glyphs as possible (each pair scores the share of the glyph's box
// the symbol's box covers). It returns, for each glyph, its symbol's index
// or -1.
func matchSymbols(gs []image.Rectangle, syms []symbol) []int {
	n, m := len(gs), len(syms)
	cover := func(i, j int) float64 {
		a := area(gs[i].Intersect(syms[j].box))
		if a == 0 {
			return 0
		}
		return float64(a) / float64(area(gs[i]))
	}
	// best[i][j] is the best score pairing the first i glyphs with the
	// first j symbols.
	best := make([][]float64, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			v := max(best[i-1][j], best[i][j-1])
			if c := cover(i-1, j-1); c > 0 {
				v = max(v, best[i-1][j-1]+c)
			}
			best[i][j] = v
		}
	}
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	for i, j := n, m; i > 0 && j > 0; {
		switch c := cover(i-1, j-1); {
		case c > 0 && best[i][j] == best[i-1][j-1]+c:
			out[i-1] = j - 1
			i, j = i-1, j-1
		case best[i][j] == best[i-1][j]:
			i--
		default:
			j--
		}
	}
	return out
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }
