package face

// livenessWindow is how many liveness passes are averaged: one pass every
// fourth frame while a face is tracked, so 6 passes are 0.8 s at 30 fps.
// A single pass on a still, live face under σ 6 sensor noise ranges
// 0.37–0.94, so one noisy candidate used to fail confirmation and
// restart the dwell.
const livenessWindow = 6

// livenessFilter averages the recent liveness passes of a tracked face.
// The zero value is empty.
type livenessFilter struct {
	passes []float64
}

// reset forgets the passes (the face was lost or the source changed).
func (f *livenessFilter) reset() { f.passes = f.passes[:0] }

// add keeps one pass, dropping the oldest beyond the window.
func (f *livenessFilter) add(p float64) {
	if len(f.passes) == livenessWindow {
		copy(f.passes, f.passes[1:])
		f.passes = f.passes[:livenessWindow-1]
	}
	f.passes = append(f.passes, p)
}

// with is the mean of the recent passes and p, without keeping p.
func (f *livenessFilter) with(p float64) float64 {
	sum := p
	for _, q := range f.passes {
		sum += q
	}
	return sum / float64(len(f.passes)+1)
}
