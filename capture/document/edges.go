package document

import (
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// The outline search works on a downscaled edge map, whose contours lie
// on the outer pixels of Canny's edges: up to a work pixel (2 frame
// pixels at 1280×720) off the document's edge, usually outside it. And
// even an exact edge is a blend: the frame pixels across it (optics,
// demosaicing, a camera's JPEG) mix document and background. Warping
// from such corners puts a line of background along the crop's border,
// which is enough to stop an MRZ reader finding the zone. So each side
// is located again on the full-resolution frame, from the colour profile
// across it, and two lines are kept per side: the edge itself (the
// outline: Corners) and the inner end of its transition (the crop).

// Edge profile sampling, in frame pixels.
const (
	// edgeStep is the spacing of profile samples across a side.
	edgeStep = 0.5
	// edgeMinGradient is the smallest colour gradient (levels per pixel,
	// largest over the channels) that counts as the document's edge.
	edgeMinGradient = 6
	// edgeTail is the share of the edge's peak gradient below which the
	// profile has left the transition.
	edgeTail = 0.2
	// edgeMinShare is the share of a side's samples that must agree on
	// its line for the side to be refined.
	edgeMinShare = 0.4
	// edgeMaxSamples caps the profiles taken along one side.
	edgeMaxSamples = 160
)

// edgeRefiner measures the sides on the full-resolution BGR frame. Its
// buffers are reused between frames.
type edgeRefiner struct {
	full    gocv.Mat // a continuous copy of a non-continuous frame
	px      []uint8
	w, h    int
	profile []float64
	grad    []float64
	offs    []sample
	scratch []float64
}

type sample struct{ t, edge, inner float64 }

func newEdgeRefiner() *edgeRefiner { return &edgeRefiner{full: gocv.NewMat()} }

func (e *edgeRefiner) close() { e.full.Close() }

// refined is one side's result: its edge line and how far inside it the
// transition ends (pixels along the inward normal).
type refinedSide struct {
	l     line
	inset float64
	ok    bool
}

// refine relocates q's sides on frame (q in frame pixels, within about
// radius of the true edges) and returns the outline (the sides' edges)
// and the crop (the sides moved in past their transitions). A side whose
// profiles disagree (a finger over it, too little contrast) keeps its
// line from q, and gets fallbackInset. ok is false when the frame cannot
// be read or the result is degenerate; q then serves for both.
func (e *edgeRefiner) refine(frame gocv.Mat, q Quad, radius, fallbackInset float64) (outline, crop Quad, ok bool) {
	if frame.Type() != gocv.MatTypeCV8UC3 {
		return q, q, false
	}
	src := frame
	if !frame.IsContinuous() {
		frame.CopyTo(&e.full)
		src = e.full
	}
	px, err := src.DataPtrUint8()
	if err != nil {
		return q, q, false
	}
	e.px, e.w, e.h = px, src.Cols(), src.Rows()
	defer func() { e.px = nil }()

	var p [4]point
	var c point
	for i := range q {
		p[i] = fromF(q[i])
		c = c.add(p[i].mul(0.25))
	}
	var edges, inner [4]line
	for k := 0; k < 4; k++ {
		a, b := p[k], p[(k+1)%4]
		s := e.side(a, b, c, radius)
		d := b.sub(a)
		l := line{p: a, d: d.mul(1 / d.norm())}
		n := inwardNormal(l, c)
		if s.ok {
			l = s.l
		} else {
			s.inset = fallbackInset
		}
		edges[k] = l
		inner[k] = line{p: l.p.add(n.mul(s.inset)), d: l.d}
	}
	outline, ok1 := corners(edges, p)
	crop, ok2 := corners(inner, p)
	if !ok1 || !ok2 {
		return q, q, false
	}
	return outline, crop, true
}

// corners intersects adjacent lines (side k runs from corner k to k+1);
// the result must stay near the approximation approx.
func corners(ls [4]line, approx [4]point) (Quad, bool) {
	var out Quad
	for k := 0; k < 4; k++ {
		p, ok := ls[(k+3)%4].intersect(ls[k])
		side := math.Min(approx[k].sub(approx[(k+1)%4]).norm(), approx[k].sub(approx[(k+3)%4]).norm())
		if !ok || p.sub(approx[k]).norm() > 0.1*side {
			return Quad{}, false
		}
		out[k] = toF(p)
	}
	return out, true
}

// inwardNormal is l's unit normal pointing towards c.
func inwardNormal(l line, c point) point {
	n := point{-l.d.Y, l.d.X}
	if c.sub(l.p).dot(n) < 0 {
		n = n.mul(-1)
	}
	return n
}

// side measures the side from a to b (c inside the document): profiles
// across it every couple of pixels, without its rounded ends, each giving
// the edge (the subpixel peak of the colour gradient within radius) and
// the inner end of the transition (where the gradient falls below
// edgeTail of that peak on the document's side). A robust line through
// the edges is the side; the inset is the median transition inside it.
func (e *edgeRefiner) side(a, b, c point, radius float64) refinedSide {
	d := b.sub(a)
	length := d.norm()
	if length < 8 {
		return refinedSide{}
	}
	u := d.mul(1 / length)
	n := inwardNormal(line{p: a, d: u}, c)
	span := length * (1 - 2*sideEndShare)
	m := min(edgeMaxSamples, int(span/2))
	if m < 8 {
		return refinedSide{}
	}
	e.offs = e.offs[:0]
	for i := 0; i < m; i++ {
		t := length*sideEndShare + span*float64(i)/float64(m-1)
		if s, ok := e.profileAt(a.add(u.mul(t)), n, radius); ok {
			s.t = t
			e.offs = append(e.offs, s)
		}
	}
	if float64(len(e.offs)) < edgeMinShare*float64(m) {
		return refinedSide{}
	}
	// Robust fit of edge offset against position: keep the samples near
	// the median offset, fit a line, keep those near the line, refit.
	e.scratch = e.scratch[:0]
	for _, s := range e.offs {
		e.scratch = append(e.scratch, s.edge)
	}
	med := median(e.scratch)
	off0, slope := med, 0.0
	for _, tol := range []float64{1.5, 0.75} {
		var st, so, stt, sto, k float64
		for _, s := range e.offs {
			if math.Abs(s.edge-(off0+slope*s.t)) > tol {
				continue
			}
			st, so, stt, sto, k = st+s.t, so+s.edge, stt+s.t*s.t, sto+s.t*s.edge, k+1
		}
		if k < edgeMinShare*float64(m) {
			return refinedSide{}
		}
		den := k*stt - st*st
		if den <= 0 {
			return refinedSide{}
		}
		slope = (k*sto - st*so) / den
		off0 = (so - slope*st) / k
	}
	e.scratch = e.scratch[:0]
	for _, s := range e.offs {
		if math.Abs(s.edge-(off0+slope*s.t)) <= 0.75 {
			e.scratch = append(e.scratch, s.inner-s.edge)
		}
	}
	// The line through the edges: offset off0 at a, turning by slope.
	p0 := a.add(n.mul(off0))
	dir := u.add(n.mul(slope))
	return refinedSide{l: line{p: p0, d: dir.mul(1 / dir.norm())}, inset: median(e.scratch), ok: true}
}

// profileAt samples the colour across the side at p along the inward
// normal n, from −radius to +radius, and finds the edge and the inner end
// of its transition (offsets along n).
func (e *edgeRefiner) profileAt(p, n point, radius float64) (sample, bool) {
	k := int(radius / edgeStep)
	size := 2*k + 1
	if cap(e.profile) < 3*size {
		e.profile = make([]float64, 3*size)
		e.grad = make([]float64, size)
	}
	prof, grad := e.profile[:3*size], e.grad[:size]
	for i := 0; i < size; i++ {
		q := p.add(n.mul(float64(i-k) * edgeStep))
		if !e.bilinear(q, prof[3*i:3*i+3]) {
			return sample{}, false
		}
	}
	// Gradient per pixel over ±1 sample, the largest over the channels:
	// an edge may show in one colour only.
	best, bi := 0.0, -1
	for i := 1; i < size-1; i++ {
		g := 0.0
		for ch := 0; ch < 3; ch++ {
			g = math.Max(g, math.Abs(prof[3*(i+1)+ch]-prof[3*(i-1)+ch]))
		}
		g /= 2 * edgeStep
		grad[i] = g
		if g > best {
			best, bi = g, i
		}
	}
	grad[0], grad[size-1] = 0, 0
	if bi <= 1 || bi >= size-2 || best < edgeMinGradient {
		return sample{}, false
	}
	// Subpixel peak (parabola through the peak and its neighbours).
	g0, g1, g2 := grad[bi-1], grad[bi], grad[bi+1]
	sub := 0.0
	if den := g0 - 2*g1 + g2; den < 0 {
		sub = math.Max(-0.5, math.Min(0.5, 0.5*(g0-g2)/den))
	}
	edge := (float64(bi-k) + sub) * edgeStep
	// The inner end: the first sample on the document's side below the
	// tail, interpolated between it and the one before.
	for i := bi + 1; i < size; i++ {
		if grad[i] < edgeTail*best {
			f := (grad[i-1] - edgeTail*best) / math.Max(grad[i-1]-grad[i], 1e-9)
			return sample{edge: edge, inner: (float64(i-1-k) + f) * edgeStep}, true
		}
	}
	return sample{}, false
}

// bilinear interpolates the frame's three channels at p into out.
func (e *edgeRefiner) bilinear(p point, out []float64) bool {
	x0, y0 := math.Floor(p.X), math.Floor(p.Y)
	if x0 < 0 || y0 < 0 || int(x0)+1 >= e.w || int(y0)+1 >= e.h {
		return false
	}
	fx, fy := p.X-x0, p.Y-y0
	i := (int(y0)*e.w + int(x0)) * 3
	j := i + 3*e.w
	for ch := 0; ch < 3; ch++ {
		top := float64(e.px[i+ch])*(1-fx) + float64(e.px[i+3+ch])*fx
		bot := float64(e.px[j+ch])*(1-fx) + float64(e.px[j+3+ch])*fx
		out[ch] = top*(1-fy) + bot*fy
	}
	return true
}

// median sorts v in place and returns its median (0 when empty).
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
