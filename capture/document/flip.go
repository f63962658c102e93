package document

// The flip rule keeps a capture of the back from taking the front, still
// lying in view, again. With the captured front's signature (Avoid), a
// frame is blocked with FLIP_DOCUMENT while its content is similar to the
// front (Similarity ≥ MaxSimilarity, either way up); the back, or any
// other content, passes, whether the card left the view or was turned in
// place. Without a known front (LeaveFirst, e.g. a CLI run for the back
// alone), the document must first leave the view for LeaveFrames
// consecutive frames. Both the similarity threshold and the frame count
// are in CaptureOptions; their defaults are set in withDefaults.
type flipGate struct {
	avoid         Signature
	maxSimilarity float64
	leaveFirst    bool
	leaveFrames   int
	absent        int
	left          bool
}

// apply sets r's Similarity and adds FLIP_DOCUMENT when the rule blocks
// the frame.
func (g *flipGate) apply(r *Analysis) {
	if !r.Found {
		g.absent++
		if g.absent >= g.leaveFrames {
			g.left = true
		}
		return
	}
	g.absent = 0
	block := false
	switch {
	case !g.avoid.Empty():
		r.Similarity = r.Signature.Similarity(g.avoid)
		block = r.Similarity >= g.maxSimilarity
	case g.leaveFirst:
		block = !g.left
	}
	if block {
		setProblems(r, append(r.Problems, FlipDocument))
	}
}
