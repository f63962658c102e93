package audio

// StreamResampler resamples a stream chunk by chunk (a microphone that
// cannot open 16 kHz), keeping enough history for the interpolation
// kernel across chunk edges.
type StreamResampler struct {
	in, out int
	buf     []float64 // input not yet consumed, starting at input index base
	base    int
	next    int // next output sample index
}

// NewStreamResampler resamples from rate in to rate out (Hz).
func NewStreamResampler(in, out int) *StreamResampler { return &StreamResampler{in: in, out: out} }

// Push resamples the next chunk, returning what is ready.
func (r *StreamResampler) Push(s []int16) []int16 {
	for _, v := range s {
		r.buf = append(r.buf, float64(v)/32768)
	}
	ratio := float64(r.out) / float64(r.in)
	half := float64(resampleTaps) / min(1, ratio)
	var y []float64
	for {
		t := float64(r.next) / ratio
		if t+half >= float64(r.base+len(r.buf)) {
			break
		}
		lo := int(t - half)
		var sum, wsum float64
		for i := max(lo, r.base); i <= int(t+half); i++ {
			d := float64(i) - t
			w := sinc(d*min(1, ratio)) * blackman(d/half)
			sum += r.buf[i-r.base] * w
			wsum += w
		}
		y = append(y, sum/wsum)
		r.next++
	}
	// Drop input the kernel will not reach again.
	keep := int(float64(r.next)/ratio-half) - 1
	if drop := keep - r.base; drop > 0 && drop <= len(r.buf) {
		r.buf = append(r.buf[:0], r.buf[drop:]...)
		r.base += drop
	}
	return toInt16(y)
}
