package document

import (
	"image"
	"image/color"
	"math"
	"sort"

	"biokiosk/capture/document/docresult"

	"gocv.io/x/gocv"
)

// workSize is the longest side the outline search works at: frames are
// downscaled to it (a 1280×720 frame by half), which keeps the search fast
// and its edges clean; corners are refined and scaled back to the frame.
const workSize = 640

// sideEndShare is the share of a side's ends left out of its line fit and
// coverage (rounded corners); approxEpsilons are the hull's approximation
// tolerances (shares of its perimeter).
const sideEndShare = 0.12

var approxEpsilons = []float64{0.02, 0.035, 0.05}

// detector finds the document's outline. Its Mats are reused between
// frames.
type detector struct {
	small, blurred, grey, edges, near, filled, kernel, spur gocv.Mat
	nearPx                                                  []uint8
	nearW, nearH                                            int
	// sides relocates the found outline's sides on the full frame.
	sides *edgeRefiner
	// The current search's aspect bounds and smallest area (work pixels).
	minAspect, maxAspect, minArea float64
}

func newDetector() *detector {
	return &detector{
		small: gocv.NewMat(), blurred: gocv.NewMat(), grey: gocv.NewMat(), edges: gocv.NewMat(), filled: gocv.NewMat(), near: gocv.NewMat(),
		kernel: gocv.GetStructuringElement(gocv.MorphRect, image.Pt(3, 3)),
		spur:   gocv.GetStructuringElement(gocv.MorphRect, image.Pt(11, 11)),
		sides:  newEdgeRefiner(),
	}
}

func (d *detector) close() {
	d.small.Close()
	d.blurred.Close()
	d.grey.Close()
	d.edges.Close()
	d.filled.Close()
	d.near.Close()
	d.kernel.Close()
	d.spur.Close()
	d.sides.close()
}

// outline is the search's answer: the corners in frame pixels (the
// document's edges), the crop (the quadrilateral just inside them that
// the rectification samples; see edges.go) and whether the minAreaRect
// fallback produced them.
type outline struct {
	quad, crop Quad
	fallback   bool
}

// find returns the largest convex quadrilateral with the aspect (within
// tol) whose contour fills it (solidity), or false. The edges are Canny
// on the blurred grey image, closed by a 3×3 morphological close so that
// small gaps do not break the outline.
func (d *detector) find(frame gocv.Mat, aspect float64, cfg Config) (outline, bool) {
	w, h := frame.Cols(), frame.Rows()
	scale := math.Min(1, workSize/float64(max(w, h)))
	src := frame
	if scale < 1 {
		gocv.Resize(frame, &d.small, image.Pt(int(math.Round(float64(w)*scale)), int(math.Round(float64(h)*scale))), 0, 0, gocv.InterpolationArea)
		src = d.small
	}
	sx, sy := float64(src.Cols())/float64(w), float64(src.Rows())/float64(h)
	d.edgeMap(src)

	minArea := cfg.MinFound * float64(src.Cols()*src.Rows())
	// Candidate lines are pruned before refinement with a looser bound.
	d.minAspect, d.maxAspect, d.minArea = aspect*(1-cfg.AspectTolerance-0.05), aspect*(1+cfg.AspectTolerance+0.05), minArea
	// Two sets of outlines: every closed edge loop (an isolated border),
	// and the outer outlines of the edge map filled and opened, which cuts
	// the thin lines of clutter that touch the document's border.
	outer := gocv.FindContours(d.edges, gocv.RetrievalExternal, gocv.ChainApproxNone)
	defer outer.Close()
	// The frame's border closes the loop of a document cut off by it
	// (which then gets MOVE_BACK rather than NO_DOCUMENT).
	gocv.Rectangle(&d.edges, image.Rect(0, 0, src.Cols(), src.Rows()), color.RGBA{255, 255, 255, 0}, 1)
	loops := gocv.FindContours(d.edges, gocv.RetrievalList, gocv.ChainApproxNone)
	defer loops.Close()
	// Edge evidence within 1 px, for the coverage of candidate sides.
	gocv.Dilate(d.edges, &d.near, d.kernel)
	px, err := d.near.DataPtrUint8()
	if err != nil {
		return outline{}, false
	}
	d.nearPx, d.nearW, d.nearH = px, d.near.Cols(), d.near.Rows()
	d.fillOutlines(src, outer, minArea)
	blobs := gocv.FindContours(d.filled, gocv.RetrievalExternal, gocv.ChainApproxNone)
	defer blobs.Close()

	work := workFrame{frame: frame, w: src.Cols(), h: src.Rows(), sx: sx, sy: sy}
	return d.pickOutline(outlineCandidates(minArea, loops, blobs), work, aspect, cfg.AspectTolerance)
}

// edgeMap sets d.edges to the edges of src: Canny on each colour channel
// of the blurred image (a coloured border, a brown header on a purple
// desk, can vanish in grey), closed so that small gaps do not break the
// outline.
func (d *detector) edgeMap(src gocv.Mat) {
	gocv.GaussianBlur(src, &d.blurred, image.Pt(5, 5), 0, 0, gocv.BorderDefault)
	channels := gocv.Split(d.blurred)
	for i := range channels {
		gocv.Canny(channels[i], &d.grey, 30, 90)
		if i == 0 {
			d.grey.CopyTo(&d.edges)
		} else {
			gocv.BitwiseOr(d.edges, d.grey, &d.edges)
		}
		channels[i].Close()
	}
	gocv.MorphologyEx(d.edges, &d.edges, gocv.MorphClose, d.kernel)
}

// fillOutlines sets d.filled to the outer outlines of at least minArea
// filled, then opened. The canvas is reused: allocated again only when
// the work image's size changes, cleared every frame.
func (d *detector) fillOutlines(src gocv.Mat, outer gocv.PointsVector, minArea float64) {
	if d.filled.Rows() != src.Rows() || d.filled.Cols() != src.Cols() || d.filled.Type() != gocv.MatTypeCV8U {
		d.filled.Close()
		d.filled = gocv.NewMatWithSize(src.Rows(), src.Cols(), gocv.MatTypeCV8U)
	}
	d.filled.SetTo(gocv.NewScalar(0, 0, 0, 0))
	for i := 0; i < outer.Size(); i++ {
		if gocv.ContourArea(outer.At(i)) >= minArea {
			gocv.DrawContours(&d.filled, outer, i, color.RGBA{255, 255, 255, 0}, -1)
		}
	}
	gocv.MorphologyEx(d.filled, &d.filled, gocv.MorphOpen, d.spur)
}

// An outlineCandidate is a contour and its area.
type outlineCandidate struct {
	c    gocv.PointVector
	area float64
}

// outlineCandidates are the contours of the sets with at least minArea,
// largest first (the sets' order on a tie).
func outlineCandidates(minArea float64, sets ...gocv.PointsVector) []outlineCandidate {
	var cands []outlineCandidate
	for _, set := range sets {
		for i := 0; i < set.Size(); i++ {
			if a := gocv.ContourArea(set.At(i)); a >= minArea {
				cands = append(cands, outlineCandidate{set.At(i), a})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].area > cands[j].area })
	return cands
}

// workFrame is the frame and the work image's size and scale to it.
type workFrame struct {
	frame  gocv.Mat
	w, h   int
	sx, sy float64
}

// pickOutline is the first candidate that makes a quadrilateral of the
// aspect (within tol) not framing the whole image. An outline with a side
// along the frame's border is either a document cut off by the frame or
// clutter (a disc against the border) closing a loop with it around the
// gap between the document and the frame; it is taken only when no other
// outline fits.
func (d *detector) pickOutline(cands []outlineCandidate, work workFrame, aspect, tol float64) (outline, bool) {
	var bordered *outline
	for _, c := range cands {
		pts := c.c.ToPoints()
		corners, fallback, ok := d.quadOf(c.c, pts, c.area)
		if !ok || framed(corners, work.w, work.h) {
			continue
		}
		q := order(refine(corners, pts))
		if !aspectFits(q, aspect, tol) {
			continue
		}
		if alongBorder(q, work.w, work.h) {
			if bordered == nil {
				o := d.toFrame(work.frame, q, work.sx, work.sy, fallback)
				bordered = &o
			}
			continue
		}
		return d.toFrame(work.frame, q, work.sx, work.sy, fallback), true
	}
	if bordered != nil {
		return *bordered, true
	}
	return outline{}, false
}

// toFrame maps q from the work image back to frame pixels and relocates
// its sides on the frame.
func (d *detector) toFrame(frame gocv.Mat, q Quad, sx, sy float64, fallback bool) outline {
	// Back to frame pixels (pixel centres of the area-resized image).
	for k := range q {
		q[k].X = float32((float64(q[k].X)+0.5)/sx - 0.5)
		q[k].Y = float32((float64(q[k].Y)+0.5)/sy - 0.5)
	}
	// Then the sides on the full frame: the work image's outline is
	// within about a work pixel of the edge (radius), and a side that
	// cannot be measured again is moved in by that much plus a frame
	// pixel of blur before cropping.
	work := 1 / math.Min(sx, sy)
	edge, crop, ok := d.sides.refine(frame, q, 1.5*work+2.5, work+1)
	if !ok {
		edge, crop = q, q
	}
	return outline{quad: edge, crop: crop, fallback: fallback}
}

// quadOf approximates a contour by a convex quadrilateral, trying in turn
// its convex hull simplified by approxPolyDP at growing tolerances until
// four corners remain; the four dominant lines of its polygon (which
// skips bumps and clutter touching the border: a coin, a finger, a
// cable); and (fallback) its minimum-area rectangle. A quadrilateral
// counts when edges cover every side (see coverage) and the contour
// fills most of it.
func (d *detector) quadOf(contour gocv.PointVector, pts []image.Point, area float64) ([4]point, bool, bool) {
	if q, ok := hullQuad(contour); ok && d.fits(q, area) {
		return q, false, true
	}
	if q, ok := d.linesQuad(contour, pts); ok && d.fits(q, area) {
		return q, false, true
	}
	r := gocv.MinAreaRect(contour)
	if len(r.Points) != 4 {
		return [4]point{}, true, false
	}
	var q [4]point
	for i, p := range r.Points {
		q[i] = pointOf(p)
	}
	return q, true, d.fits(q, area)
}

// Acceptance of a quadrilateral: the contour's area over the
// quadrilateral's (loose: attached clutter adds area, a missing stretch
// of border removes some; a quadrilateral cut out of a larger shape
// fails), and the smallest share of a side (ends left out) lying on an
// edge pixel.
const (
	minFill, maxFill = 0.6, 1.5
	minCoverage      = 0.75
)

func (d *detector) fits(q [4]point, area float64) bool {
	a := polygonArea(q)
	return a > 0 && convex(q) && area/a >= minFill && area/a <= maxFill && d.coverage(q) >= minCoverage
}

// coverage is the smallest, over q's four sides, share of points sampled
// every pixel along the side (without its rounded ends) that lie within
// 1 px of an edge pixel. The frame's border counts as an edge.
func (d *detector) coverage(q [4]point) float64 { return d.coverageAbove(q, 0) }

// coverageAbove is coverage, cut short (returning 0) as soon as a side
// falls below floor.
func (d *detector) coverageAbove(q [4]point, floor float64) float64 {
	worst := 1.0
	for k := 0; k < 4; k++ {
		a, b := q[k], q[(k+1)%4]
		l := b.sub(a).norm()
		n := int(l * (1 - 2*sideEndShare))
		if n < 4 {
			return 0
		}
		on := 0
		for i := 0; i < n; i++ {
			t := sideEndShare + (1-2*sideEndShare)*float64(i)/float64(n-1)
			x, y := int(a.X+(b.X-a.X)*t+0.5), int(a.Y+(b.Y-a.Y)*t+0.5)
			if x >= 0 && y >= 0 && x < d.nearW && y < d.nearH && d.nearPx[y*d.nearW+x] != 0 {
				on++
			}
			if float64(on+n-1-i) < floor*float64(n) {
				return 0 // cannot reach floor any more
			}
		}
		worst = math.Min(worst, float64(on)/float64(n))
	}
	return worst
}

func hullQuad(contour gocv.PointVector) ([4]point, bool) {
	hullPts := gocv.NewMat()
	defer hullPts.Close()
	gocv.ConvexHull(contour, &hullPts, true, true)
	hull := gocv.NewPointVectorFromMat(hullPts)
	defer hull.Close()
	perim := gocv.ArcLength(hull, true)
	for _, eps := range approxEpsilons {
		approx := gocv.ApproxPolyDP(hull, eps*perim, true)
		pts := approx.ToPoints()
		approx.Close()
		if len(pts) < 4 {
			break
		}
		if len(pts) != 4 {
			continue
		}
		var q [4]point
		for i, p := range pts {
			q[i] = pointOf(p)
		}
		if convex(q) {
			return q, true
		}
	}
	return [4]point{}, false
}

// linesQuad finds the document's sides among the straight parts of the
// contour: the contour's polygon (approxPolyDP at 0.5 % of the perimeter)
// cut into segments, each segment's line fitted to its contour points,
// segments on the same line grouped; of the six longest lines, the four
// that make a convex quadrilateral with the best edge coverage win.
func (d *detector) linesQuad(contour gocv.PointVector, pts []image.Point) ([4]point, bool) {
	perim := gocv.ArcLength(contour, true)
	approx := gocv.ApproxPolyDP(contour, 0.005*perim, true)
	v := approx.ToPoints()
	approx.Close()
	if len(v) < 4 || len(pts) < 8 {
		return [4]point{}, false
	}
	groups := contourLines(v, pts, perim)
	if len(groups) < 4 {
		return [4]point{}, false
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].length > groups[j].length })
	groups = groups[:min(len(groups), 6)]
	return d.bestLinesQuad(groups, centroid(pts))
}

// A lineGroup is the polygon's segments on one line: the line (fitted
// to the first segment), their total length and their length-weighted
// midpoint.
type lineGroup struct {
	l      line
	length float64
	mid    point
}

// contourLines groups the sides of the contour's polygon v (those of at
// least 3 % of the perimeter, each fitted to the contour points it
// spans) by the line they lie on.
func contourLines(v, pts []image.Point, perim float64) []lineGroup {
	index := make(map[image.Point]int, len(pts))
	for i := len(pts) - 1; i >= 0; i-- {
		index[pts[i]] = i
	}
	var groups []lineGroup
	for i := range v {
		a, b := pointOf(v[i]), pointOf(v[(i+1)%len(v)])
		length := a.sub(b).norm()
		if length < 0.03*perim {
			continue
		}
		l, ok := tls(spanPoints(pts, index[v[i]], index[v[(i+1)%len(v)]]))
		if !ok {
			continue
		}
		groups = joinLine(groups, l, length, a.add(b).mul(0.5))
	}
	return groups
}

// spanPoints are the contour points from index a to index b (round the
// contour), less a tenth at each end.
func spanPoints(pts []image.Point, a, b int) []point {
	n := (b - a + len(pts)) % len(pts)
	seg := make([]point, 0, n)
	for k := n / 10; k <= n-n/10; k++ {
		seg = append(seg, pointOf(pts[(a+k)%len(pts)]))
	}
	return seg
}

// joinLine adds a segment (its line l, length and midpoint) to the group
// whose line it lies on (nearly parallel, its midpoint within 3 px), or
// as a new group.
func joinLine(groups []lineGroup, l line, length float64, mid point) []lineGroup {
	for gi := range groups {
		g := &groups[gi]
		if math.Abs(l.d.cross(g.l.d)) < 0.05 && math.Abs(mid.sub(g.l.p).cross(g.l.d)) <= 3 {
			g.mid = g.mid.mul(g.length).add(mid.mul(length)).mul(1 / (g.length + length))
			g.length += length
			return groups
		}
	}
	return append(groups, lineGroup{l: l, length: length, mid: mid})
}

// centroid is the mean of pts.
func centroid(pts []image.Point) point {
	var c point
	for _, p := range pts {
		c = c.add(pointOf(p))
	}
	return c.mul(1 / float64(len(pts)))
}

// bestLinesQuad is, of the quadrilaterals any four of the lines make
// (see quadOfLines), the one whose sides edges cover best, or false.
func (d *detector) bestLinesQuad(groups []lineGroup, c point) ([4]point, bool) {
	best, bestSupport, found := [4]point{}, -1.0, false
	n := len(groups)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			for k := j + 1; k < n; k++ {
				for m := k + 1; m < n; m++ {
					q, ok := d.quadOfLines([]lineGroup{groups[i], groups[j], groups[k], groups[m]}, c)
					if !ok {
						continue
					}
					if sp := d.coverageAbove(q, math.Max(bestSupport, minCoverage)); sp > bestSupport && sp > 0 {
						best, bestSupport, found = q, sp, true
					}
				}
			}
		}
	}
	return best, found
}

// quadOfLines is the quadrilateral four lines make, taken in turn round
// c; false when the lines do not meet or it is not convex or its area or
// aspect is outside the detector's bounds.
func (d *detector) quadOfLines(sides []lineGroup, c point) ([4]point, bool) {
	sort.Slice(sides, func(x, y int) bool {
		a, b := sides[x].mid.sub(c), sides[y].mid.sub(c)
		return math.Atan2(a.Y, a.X) < math.Atan2(b.Y, b.X)
	})
	var q [4]point
	ok := true
	for s := 0; s < 4 && ok; s++ {
		q[s], ok = sides[s].l.intersect(sides[(s+1)%4].l)
	}
	if !ok || !convex(q) || polygonArea(q) < d.minArea {
		return q, false
	}
	if a := aspectOf(order(q)); a < d.minAspect || a > d.maxAspect {
		return q, false
	}
	return q, true
}

// framed says at least three corners lie on the image's border: the
// outline is the frame itself (or clutter filling it), not a document.
func framed(q [4]point, w, h int) bool {
	n := 0
	for _, p := range q {
		if p.X < 2 || p.Y < 2 || p.X > float64(w-3) || p.Y > float64(h-3) {
			n++
		}
	}
	return n >= 3
}

// alongBorder says a side of q (work pixels) runs along the image's
// border: both its corners lie within 2 px of the same edge.
func alongBorder(q Quad, w, h int) bool {
	near := func(p docresult.Point) (l, t, r, b bool) {
		return p.X < 2, p.Y < 2, p.X > float32(w-3), p.Y > float32(h-3)
	}
	for k := 0; k < 4; k++ {
		l1, t1, r1, b1 := near(q[k])
		l2, t2, r2, b2 := near(q[(k+1)%4])
		if (l1 && l2) || (t1 && t2) || (r1 && r2) || (b1 && b2) {
			return true
		}
	}
	return false
}

// point is a float position (detection works in float64; Quad holds the
// float32 corners gocv takes).
type point struct{ X, Y float64 }

func (p point) sub(q point) point       { return point{p.X - q.X, p.Y - q.Y} }
func (p point) dot(q point) float64     { return p.X*q.X + p.Y*q.Y }
func (p point) norm() float64           { return math.Hypot(p.X, p.Y) }
func (p point) add(q point) point       { return point{p.X + q.X, p.Y + q.Y} }
func (p point) mul(k float64) point     { return point{p.X * k, p.Y * k} }
func (p point) cross(q point) float64   { return p.X*q.Y - p.Y*q.X }
func fromF(p docresult.Point) point     { return point{float64(p.X), float64(p.Y)} }
func toF(p point) docresult.Point       { return docresult.Point{X: float32(p.X), Y: float32(p.Y)} }
func dist(a, b docresult.Point) float64 { return fromF(a).sub(fromF(b)).norm() }
func pointOf(p image.Point) point       { return point{float64(p.X), float64(p.Y)} }
func polygonArea(q [4]point) float64    { return math.Abs(signedArea(q)) }
func signedArea(q [4]point) (s float64) { return shoelace(q[:]) }

// convex says the corners turn the same way all round (no reflex corner).
func convex(q [4]point) bool {
	pos, neg := 0, 0
	for i := range q {
		c := q[(i+1)%4].sub(q[i]).cross(q[(i+2)%4].sub(q[(i+1)%4]))
		switch {
		case c > 0:
			pos++
		case c < 0:
			neg++
		}
	}
	return pos == 4 || neg == 4
}

func shoelace(q []point) float64 {
	s := 0.0
	for i := range q {
		s += q[i].cross(q[(i+1)%len(q)])
	}
	return s / 2
}

// refine fits a line to the contour points along each side (leaving out
// each side's ends, where ID-1 cards are rounded) and intersects adjacent
// lines: the corners become those of the sharp rectangle the sides
// define, to a fraction of a pixel. A side with too few points, or a
// result far from the approximation, keeps the approximate corners.
func refine(q [4]point, contour []image.Point) [4]point {
	var sides [4][]point
	for _, ip := range contour {
		p := pointOf(ip)
		best, bestD := -1, math.Inf(1)
		for k := 0; k < 4; k++ {
			a, b := q[k], q[(k+1)%4]
			d := b.sub(a)
			l := d.norm()
			if l < 1 {
				continue
			}
			u := d.mul(1 / l)
			t := p.sub(a).dot(u) / l
			if t < sideEndShare || t > 1-sideEndShare {
				continue
			}
			off := math.Abs(p.sub(a).cross(u))
			if off < math.Max(3, 0.03*l) && off < bestD {
				best, bestD = k, off
			}
		}
		if best >= 0 {
			sides[best] = append(sides[best], p)
		}
	}
	var lines [4]line
	for k := range sides {
		l, ok := fitLine(sides[k])
		if !ok {
			return q
		}
		lines[k] = l
	}
	var out [4]point
	for k := 0; k < 4; k++ {
		p, ok := lines[(k+3)%4].intersect(lines[k])
		side := math.Min(q[k].sub(q[(k+1)%4]).norm(), q[k].sub(q[(k+3)%4]).norm())
		if !ok || p.sub(q[k]).norm() > 0.1*side {
			return q
		}
		out[k] = p
	}
	return out
}

// line is a point on it and its unit direction.
type line struct{ p, d point }

// fitLine is a total least-squares line fit, refitted once without the
// points more than 1.5 px away (fingers, specks).
func fitLine(pts []point) (line, bool) {
	l, ok := tls(pts)
	if !ok {
		return l, false
	}
	var kept []point
	for _, p := range pts {
		if math.Abs(p.sub(l.p).cross(l.d)) <= 1.5 {
			kept = append(kept, p)
		}
	}
	if len(kept) >= len(pts)/2 {
		if l2, ok := tls(kept); ok {
			return l2, true
		}
	}
	return l, true
}

func tls(pts []point) (line, bool) {
	if len(pts) < 8 {
		return line{}, false
	}
	var m point
	for _, p := range pts {
		m = m.add(p)
	}
	m = m.mul(1 / float64(len(pts)))
	var sxx, sxy, syy float64
	for _, p := range pts {
		d := p.sub(m)
		sxx += d.X * d.X
		sxy += d.X * d.Y
		syy += d.Y * d.Y
	}
	// The principal direction of the scatter matrix.
	theta := 0.5 * math.Atan2(2*sxy, sxx-syy)
	return line{p: m, d: point{math.Cos(theta), math.Sin(theta)}}, true
}

func (a line) intersect(b line) (point, bool) {
	den := a.d.cross(b.d)
	if math.Abs(den) < 1e-6 {
		return point{}, false
	}
	t := b.p.sub(a.p).cross(b.d) / den
	return a.p.add(a.d.mul(t)), true
}

// order returns the corners as the document reads in landscape: the top
// edge is the higher of the two long sides, and the corners follow it
// clockwise on screen from its left end. A card upright within ±90° of
// level comes out upright; one upside down comes out upside down.
func order(q [4]point) Quad {
	// Cyclic order by angle around the centroid, clockwise on screen
	// (y grows downwards).
	var c point
	for _, p := range q {
		c = c.add(p.mul(0.25))
	}
	idx := []int{0, 1, 2, 3}
	sort.Slice(idx, func(i, j int) bool {
		a, b := q[idx[i]].sub(c), q[idx[j]].sub(c)
		return math.Atan2(a.Y, a.X) < math.Atan2(b.Y, b.X)
	})
	var p [4]point
	for i, k := range idx {
		p[i] = q[k]
	}
	edge := func(i int) float64 { return p[i].sub(p[(i+1)%4]).norm() }
	first := 0 // the long edges are first and first+2
	if edge(1)+edge(3) > edge(0)+edge(2) {
		first = 1
	}
	midY := func(i int) float64 { return (p[i].Y + p[(i+1)%4].Y) / 2 }
	top := first
	if midY(first+2) < midY(first) {
		top = first + 2
	}
	var out Quad
	for i := 0; i < 4; i++ {
		out[i] = toF(p[(top+i)%4])
	}
	return out
}

// aspectFits estimates the document's aspect (mean of the long sides over
// mean of the short sides) and compares it with want.
func aspectFits(q Quad, want, tol float64) bool {
	a := aspectOf(q)
	return math.Abs(a-want) <= tol*want
}

func aspectOf(q Quad) float64 {
	w := (dist(q[0], q[1]) + dist(q[3], q[2])) / 2
	h := (dist(q[0], q[3]) + dist(q[1], q[2])) / 2
	if h <= 0 {
		return 0
	}
	return w / h
}
