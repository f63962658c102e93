package face

// secondFacePasses is how many of a second face's latest detector passes
// its score is averaged over.
const secondFacePasses = 3

// secondFace is a face besides the main one, seen by the detector passes
// in a row up to the last: its last detection and its scores on the
// latest secondFacePasses of those passes.
type secondFace struct {
	Detection
	scores []float64
}

// counts says whether the face is another person's: seen by two passes
// in a row at least, and scoring acquireScore on average over its latest
// passes. A face is acquired on one pass at acquireScore and then
// followed down to detectThreshold (see acquire), so without the average
// a background pattern that the detector scores 0.6–0.93 under sensor
// noise (the landscape behind biden2.jpg) was counted from its first
// pass over 0.9 for as long as it kept over 0.6; another person's face
// scores 1.00 on every pass (docs/capture.md).
func (s secondFace) counts() bool {
	if len(s.scores) < 2 {
		return false
	}
	var m float64
	for _, v := range s.scores {
		m += v
	}
	return m/float64(len(s.scores)) >= acquireScore
}

// persistentExtras keeps, besides the main face, only the faces that
// count (secondFace.counts) on this detector pass: a bystander is
// reported from the second pass that sees them (4 frames later while
// tracking), while a false detection on one pass (seen on washed-out
// frames) does not flash MULTIPLE_FACES and one that scores low on most
// passes never counts.
func (a *Analyzer) persistentExtras(faces []Detection) []Detection {
	if len(faces) == 0 {
		a.extras = nil
		return faces
	}
	prev := a.extras
	a.extras = make([]secondFace, 0, len(faces)-1)
	kept := faces[:1:1]
	for _, f := range faces[1:] {
		s := secondFace{Detection: f, scores: []float64{float64(f.Score)}}
		for _, p := range prev {
			if IoU(f.Box, p.Box) > 0.3 {
				s.scores = append(p.scores[max(0, len(p.scores)-secondFacePasses+1):len(p.scores):len(p.scores)], float64(f.Score))
				break
			}
		}
		a.extras = append(a.extras, s)
		if s.counts() {
			kept = append(kept, f)
		}
	}
	return kept
}

// extraFaces is the last detector pass's other faces, for acquire.
func (a *Analyzer) extraFaces() []Detection {
	out := make([]Detection, len(a.extras))
	for i, s := range a.extras {
		out[i] = s.Detection
	}
	return out
}
