package audio

import "math"

// resampleTaps is the half-width of the windowed-sinc kernel, in input
// samples at the kernel's cutoff: 16 taps each side keeps aliasing below
// about -50 dB with a Blackman window.
const resampleTaps = 16

// Resample converts x from rate in to rate out with a windowed-sinc
// (Blackman) interpolator whose cutoff is the lower Nyquist frequency, so
// downsampling does not alias. Equal rates return x unchanged.
func Resample(x []float64, in, out int) []float64 {
	if in == out || len(x) == 0 {
		return x
	}
	ratio := float64(out) / float64(in)
	cut := math.Min(1, ratio) // cutoff relative to the input Nyquist
	half := float64(resampleTaps) / cut
	n := int(math.Floor(float64(len(x)) * ratio))
	y := make([]float64, n)
	for j := range n {
		t := float64(j) / ratio // position in input samples
		lo := int(math.Ceil(t - half))
		hi := int(math.Floor(t + half))
		var sum, wsum float64
		for i := max(lo, 0); i <= min(hi, len(x)-1); i++ {
			d := float64(i) - t
			w := sinc(d*cut) * blackman(d/half)
			sum += x[i] * w
			wsum += w
		}
		if wsum != 0 {
			y[j] = sum / wsum
		}
	}
	return y
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// blackman is the Blackman window on [-1, 1].
func blackman(u float64) float64 {
	if u <= -1 || u >= 1 {
		return 0
	}
	p := math.Pi * (u + 1)
	return 0.42 - 0.5*math.Cos(p) + 0.08*math.Cos(2*p)
}
