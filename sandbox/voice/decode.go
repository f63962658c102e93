package voice

import (
	"context"
	"math"
	"slices"
)

// decodeInf is the cost of a path not reached.
const decodeInf = math.MaxFloat64 / 4

// A decodePath is the best path into a state: its cost and the trace
// entry it last passed (-1: the start).
type decodePath struct {
	cost float64
	back int
}

// A decodeTrace is a word on a path: its digit (0: silence) and the
// trace entry before it (-1: the start).
type decodeTrace struct {
	digit byte
	prev  int
}

// A decodeLevel is one word position: its templates and each template's
// frame costs at the previous and the current utterance frame.
type decodeLevel struct {
	tmpl      []int // template indexes
	prev, cur [][]decodePath
}

// A decoder is one alignment of an utterance with digit templates, frame
// by frame. Levels: one for the free loop, or one per digit of the code.
// Each level has its templates and a silence state before it; a word of
// level i is entered from the best end of level i-1 (the free loop: from
// its own).
type decoder struct {
	r      *Recogniser
	code   string
	levels []decodeLevel
	traces []decodeTrace
	// ends[i]: the best path ending in level i (a word of it, or the
	// silence after it) at the previous frame; ends[0] is the start.
	ends []decodePath
	// sils[i]: the best path in the silence before level i.
	sils []decodePath
}

// decode aligns the utterance with digit templates: any digits, or,
// when code is set, exactly code's digits in order (with silence allowed
// before, between and after). It returns the digits of the best
// alignment and its cost per frame (+Inf when there is none).
func (r *Recogniser) decode(ctx context.Context, x [][recCoeffs]float64, sil [recCoeffs]float64, code string) (string, float64) {
	if len(x) == 0 || len(r.templates) == 0 {
		return "", math.Inf(1)
	}
	d, ok := r.newDecoder(code)
	if !ok {
		return "", math.Inf(1)
	}
	for t := range x {
		if t%50 == 0 && ctx.Err() != nil {
			return "", math.Inf(1)
		}
		d.step(t, x[t], sil)
	}
	final := d.ends[len(d.levels)]
	if final.cost >= decodeInf/2 {
		return "", math.Inf(1)
	}
	return d.digits(final.back), final.cost / float64(len(x))
}

// newDecoder sets up the levels for code (one free level when code is
// empty) at the start of an utterance. It reports false when a level has
// no template.
func (r *Recogniser) newDecoder(code string) (*decoder, bool) {
	n := 1
	if code != "" {
		n = len(code)
	}
	d := &decoder{r: r, code: code, levels: make([]decodeLevel, n)}
	for i := range d.levels {
		d.levels[i] = newDecodeLevel(r.templates, code, i)
		if len(d.levels[i].tmpl) == 0 {
			return nil, false
		}
	}
	d.ends = unreached(n + 1)
	d.ends[0] = decodePath{cost: 0, back: -1}
	d.sils = unreached(n + 1)
	return d, true
}

// newDecodeLevel is level i's templates: those of code's i-th digit, or
// all when code is empty, none of their frames reached yet.
func newDecodeLevel(templates []digitTemplate, code string, i int) decodeLevel {
	var lv decodeLevel
	for k, t := range templates {
		if code != "" && t.digit != code[i] {
			continue
		}
		lv.tmpl = append(lv.tmpl, k)
		p, q := make([]decodePath, len(t.frames)), make([]decodePath, len(t.frames))
		for j := range p {
			p[j].cost = decodeInf
		}
		lv.prev = append(lv.prev, p)
		lv.cur = append(lv.cur, q)
	}
	return lv
}

// unreached is n paths not reached.
func unreached(n int) []decodePath {
	out := make([]decodePath, n)
	for i := range out {
		out[i] = decodePath{cost: decodeInf, back: -1}
	}
	return out
}

// step advances every word and silence by utterance frame t (features xt).
func (d *decoder) step(t int, xt, sil [recCoeffs]float64) {
	newEnds := unreached(len(d.levels) + 1)
	for i := range d.levels {
		d.advanceWords(i, t, xt, newEnds)
	}
	newSils := d.advanceSilences(t, xt, sil)
	d.endInSilence(newEnds, newSils)
	d.ends, d.sils = newEnds, newSils
}

// levelStart is the best end, at the previous frame, of the level before
// level i: ends[i], or in the free loop the start at frame 0 and the
// loop's own end after it.
func (d *decoder) levelStart(i, t int) decodePath {
	if d.code == "" {
		return d.ends[min(1, t)]
	}
	return d.ends[i]
}

// advanceWords moves every template of level i on by frame t and records
// in newEnds[i+1] the best word of the level that ends there.
func (d *decoder) advanceWords(i, t int, xt [recCoeffs]float64, newEnds []decodePath) {
	entry := d.levelStart(i, t)
	if s := d.sils[i]; s.cost < entry.cost {
		entry = s
	}
	lv := &d.levels[i]
	for n, k := range lv.tmpl {
		tp := d.r.templates[k]
		p, q := lv.prev[n], lv.cur[n]
		d.r.warp(p, q, tp, entry, xt)
		if e := q[len(q)-1]; e.cost < newEnds[i+1].cost {
			d.traces = append(d.traces, decodeTrace{digit: tp.digit, prev: e.back})
			newEnds[i+1] = decodePath{cost: e.cost, back: len(d.traces) - 1}
		}
		lv.prev[n], lv.cur[n] = q, p
	}
}

// warp fills q, a template's frame costs at this utterance frame, from p,
// its costs at the previous one: a template frame is reached from itself
// or from one or two frames before it, and the first frame also from
// entry at the word penalty.
func (r *Recogniser) warp(p, q []decodePath, tp digitTemplate, entry decodePath, xt [recCoeffs]float64) {
	for j := range tp.frames {
		best := p[j]
		if j >= 1 && p[j-1].cost < best.cost {
			best = p[j-1]
		}
		if j >= 2 && p[j-2].cost < best.cost {
			best = p[j-2]
		}
		if j == 0 && entry.cost+r.wordPenalty < best.cost {
			best = decodePath{cost: entry.cost + r.wordPenalty, back: entry.back}
		}
		q[j] = decodePath{cost: best.cost + dist(xt, tp.frames[j]), back: best.back}
	}
}

// advanceSilences moves the silence before each level i on by frame t:
// entered from the best end of level i-1 (the start for i=0), or staying
// silent.
func (d *decoder) advanceSilences(t int, xt, sil [recCoeffs]float64) []decodePath {
	out := make([]decodePath, len(d.levels)+1)
	for i := range out {
		from := d.levelStart(i, t)
		s := d.sils[i]
		if from.cost < s.cost {
			d.traces = append(d.traces, decodeTrace{digit: 0, prev: from.back})
			s = decodePath{cost: from.cost, back: len(d.traces) - 1}
		}
		s.cost += dist(xt, sil)
		out[i] = s
	}
	return out
}

// endInSilence lets a level end in its trailing silence: every level in
// the free loop, the last one when decoding a code.
func (d *decoder) endInSilence(newEnds, newSils []decodePath) {
	levels := len(d.levels)
	for i := 1; i <= levels; i++ {
		if newSils[i].cost < newEnds[i].cost && (d.code == "" || i == levels) {
			newEnds[i] = newSils[i]
		}
	}
}

// digits are the digits on the path through trace entry back, in order.
func (d *decoder) digits(back int) string {
	var out []byte
	for b := back; b >= 0; b = d.traces[b].prev {
		if dg := d.traces[b].digit; dg != 0 {
			out = append(out, dg)
		}
	}
	slices.Reverse(out)
	return string(out)
}
