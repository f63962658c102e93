package docresult

import "math"

// Signature is a document side's content fingerprint: its rectified grey
// image shrunk to a thumbnail (48×30 in package document), zero-mean and
// unit-norm. It is kept in memory only (the flip rule) and never written
// anywhere.
type Signature struct{ v []float32 }

// NewSignature makes the signature of a grey thumbnail's pixels.
func NewSignature(px []uint8) Signature {
	v := make([]float32, len(px))
	mean := 0.0
	for _, x := range px {
		mean += float64(x)
	}
	mean /= float64(len(px))
	norm := 0.0
	for i, x := range px {
		d := float64(x) - mean
		v[i] = float32(d)
		norm += d * d
	}
	if norm < 1e-6 {
		return Signature{v: make([]float32, len(px))} // flat: similar to nothing
	}
	k := float32(1 / math.Sqrt(norm))
	for i := range v {
		v[i] *= k
	}
	return Signature{v: v}
}

// Empty says there is no signature.
func (s Signature) Empty() bool { return len(s.v) == 0 }

// Similarity is the normalised cross-correlation of two signatures, the
// larger of s against o as is and o turned by 180° (a side put back
// upside down is the same side): 1 for the same content, about 0 for
// unrelated content; 0 when either is empty.
func (s Signature) Similarity(o Signature) float64 {
	if len(s.v) == 0 || len(s.v) != len(o.v) {
		return 0
	}
	var same, turned float64
	n := len(s.v)
	for i, x := range s.v {
		same += float64(x * o.v[i])
		turned += float64(x * o.v[n-1-i])
	}
	return math.Max(same, turned)
}

// Clear zeroes the signature (it is a tiny image of the document).
func (s *Signature) Clear() {
	clear(s.v)
	s.v = nil
}
