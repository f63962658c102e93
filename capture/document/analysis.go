package document

import (
	"fmt"
	"image"
	"math"

	"biokiosk/capture/document/docresult"

	"gocv.io/x/gocv"
)

// Quad is a document's corners in frame pixels (see docresult.Quad).
type Quad = docresult.Quad

// Analysis is everything measured on one frame (see docresult.Analysis).
type Analysis = docresult.Analysis

// Analyzer measures frames for one document type. It keeps the previous
// frame's corners (movement) and reuses its Mats between frames, so it is
// not safe for concurrent use. Close it after use.
type Analyzer struct {
	kind Type
	geo  Geometry
	cfg  Config
	det  *detector
	ph   *photometer
	prev *Quad
}

// NewAnalyzer makes an analyzer for kind with cfg.
func NewAnalyzer(kind Type, cfg Config) (*Analyzer, error) {
	geo, err := kind.Geometry()
	if err != nil {
		return nil, err
	}
	return &Analyzer{kind: kind, geo: geo, cfg: cfg, det: newDetector(), ph: newPhotometer()}, nil
}

// Close frees the analyzer's Mats.
func (a *Analyzer) Close() {
	a.det.close()
	a.ph.close()
}

// Type is the document type analysed.
func (a *Analyzer) Type() Type { return a.kind }

// Geometry is the type's shape and output size.
func (a *Analyzer) Geometry() Geometry { return a.geo }

// Reset forgets the previous frame (movement starts over), e.g. between
// unrelated still images.
func (a *Analyzer) Reset() { a.prev = nil }

// Analyze measures one BGR frame: the outline, the rectified document's
// photometry and the movement since the previous frame, then the guidance
// and the score.
func (a *Analyzer) Analyze(frame gocv.Mat) (Analysis, error) {
	return a.analyze(frame, true)
}

// analyze is Analyze; withSignature says whether to take the content's
// signature (lastSignature can take it afterwards).
func (a *Analyzer) analyze(frame gocv.Mat, withSignature bool) (Analysis, error) {
	if frame.Empty() || frame.Type() != gocv.MatTypeCV8UC3 {
		return Analysis{}, fmt.Errorf("document: analyze: want a non-empty 8-bit BGR frame")
	}
	r := Analysis{Width: frame.Cols(), Height: frame.Rows(), Similarity: -1}
	o, found := a.det.find(frame, a.geo.Aspect, a.cfg)
	if !found {
		a.prev = nil
		evaluate(&r, a.cfg)
		return r, nil
	}
	q := o.quad
	r.Found, r.Corners, r.Crop, r.Fallback = true, q, o.crop, o.fallback
	measureShape(&r, a.cfg)
	ph, err := a.ph.measure(frame, o.crop, a.analysisSize(), a.cfg)
	if err != nil {
		return Analysis{}, err
	}
	r.Photo = ph
	if withSignature {
		r.Signature = a.ph.signature()
	}
	if a.prev != nil {
		r.Motion = motion(*a.prev, q)
	}
	a.prev = &q
	evaluate(&r, a.cfg)
	return r, nil
}

// lastSignature is the signature of the document found by the last
// analysis that found one; valid for the frame just analysed when its
// Analysis is Found.
func (a *Analyzer) lastSignature() Signature { return a.ph.signature() }

// analysisSize is half the output size: the photometry's resolution.
func (a *Analyzer) analysisSize() image.Point { return image.Pt(a.geo.Width/2, a.geo.Height/2) }

// Rectify warps the analysed document (its Crop) out of frame into dst at
// the full output size (BGR).
func (a *Analyzer) Rectify(frame gocv.Mat, an *Analysis, dst *gocv.Mat) error {
	if !an.Found {
		return fmt.Errorf("document: rectify: no document in the frame")
	}
	return warp(frame, an.Crop, image.Pt(a.geo.Width, a.geo.Height), dst)
}

// measureShape fills Area, Aspect, Touching, SideRatio and Skew.
func measureShape(r *Analysis, cfg Config) {
	q := r.Corners
	var p [4]point
	for i := range q {
		p[i] = fromF(q[i])
	}
	r.Area = polygonArea(p) / float64(r.Width*r.Height)
	r.Aspect = aspectOf(q)
	margin := cfg.EdgeMargin * float64(min(r.Width, r.Height))
	for _, c := range p {
		if c.X < margin || c.Y < margin || c.X > float64(r.Width-1)-margin || c.Y > float64(r.Height-1)-margin {
			r.Touching = true
		}
	}
	ratio := func(a, b float64) float64 { return math.Max(a, b) / math.Max(math.Min(a, b), 1e-9) }
	r.SideRatio = math.Max(ratio(dist(q[0], q[1]), dist(q[3], q[2])), ratio(dist(q[0], q[3]), dist(q[1], q[2])))
	for i := 0; i < 4; i++ {
		u, v := p[(i+3)%4].sub(p[i]), p[(i+1)%4].sub(p[i])
		ang := math.Acos(math.Max(-1, math.Min(1, u.dot(v)/(u.norm()*v.norm())))) * 180 / math.Pi
		r.Skew = math.Max(r.Skew, math.Abs(ang-90))
	}
}

// motion is the largest corner displacement from prev to q as a share of
// q's diagonal.
func motion(prev, q Quad) float64 {
	diag := math.Max(dist(q[0], q[2]), 1)
	m := 0.0
	for i := range q {
		m = math.Max(m, dist(prev[i], q[i]))
	}
	return m / diag
}

// evaluate fills Problems, Guidance and Score from the measures.
func evaluate(r *Analysis, cfg Config) {
	var p []Code
	add := func(c Code) { p = append(p, c) }
	if !r.Found {
		add(NoDocument)
	} else {
		if r.Area < cfg.MinArea {
			add(MoveCloser)
		}
		if r.Touching {
			add(MoveBack)
		}
		if r.SideRatio > cfg.MaxSideRatio || r.Skew > cfg.MaxAngle {
			add(Align)
		}
		if r.Photo.Brightness < cfg.MinBrightness {
			add(TooDark)
		}
		if r.Photo.Glare > cfg.MaxGlare {
			add(Glare)
		}
		if r.Photo.Sharpness < cfg.MinSharpness {
			add(Blurry)
		}
		if r.Motion > cfg.MaxMotion {
			add(HoldStill)
		}
	}
	setProblems(r, p)
	r.Score = quality(r, cfg)
}

// setProblems sets Problems (sorted in Codes order) and Guidance.
func setProblems(r *Analysis, p []Code) {
	var sorted []Code
	for _, c := range Codes {
		for _, q := range p {
			if q == c {
				sorted = append(sorted, c)
				break
			}
		}
	}
	r.Problems = sorted
	r.Guidance = OK
	if len(sorted) > 0 {
		r.Guidance = sorted[0]
	}
}
