package audio

import "math"

// resampleTaps is the half-width of the windowed-sinc kernel, in input
// samples at the kernel's cutoff: 16 taps each side keeps aliasing below
// about -50 dB with a Blackman window.
const resampleTaps = 16

// Resample converts x from rate in to rate out with a windowed-sinc
// (Blackman) interpolator whose cutoff is the lower Nyquist frequency, so
// downsampling does not alias. Equal rates return x unchanged. The kernel
// depends only on an output sample's phase between input samples, and
// the rates in use (8, 44.1, 48 kHz to 16 kHz) have few phases, so each
// phase's weights are computed once per call.
func Resample(x []float64, in, out int) []float64 {
	if in == out || len(x) == 0 || in <= 0 || out <= 0 {
		return x
	}
	ratio := float64(out) / float64(in)
	cut := math.Min(1, ratio) // cutoff relative to the input Nyquist
	half := float64(resampleTaps) / cut
	n := int(math.Floor(float64(len(x)) * ratio))
	y := make([]float64, n)
	g := gcd(in, out)
	phases := out / g
	var cache [][]float64 // per phase: weights for input offsets from kLo(phase)
	if phases <= 4096 {
		cache = make([][]float64, phases)
	}
	for j := range n {
		whole := j * in / out   // floor of the position in input samples
		num := j*in - whole*out // its fraction, in 1/out
		frac := float64(num) / float64(out)
		t := float64(whole) + frac
		lo := int(math.Ceil(t - half))
		hi := int(math.Floor(t + half))
		if cache != nil && lo >= 0 && hi < len(x) {
			ph := num / g
			w := cache[ph]
			if w == nil {
				w = make([]float64, hi-lo+1)
				var wsum float64
				for i := lo; i <= hi; i++ {
					d := float64(i) - t
					w[i-lo] = sinc(d*cut) * blackman(d/half)
					wsum += w[i-lo]
				}
				for k := range w {
					w[k] /= wsum
				}
				cache[ph] = w
			}
			var sum float64
			for k, wk := range w {
				sum += x[lo+k] * wk
			}
			y[j] = sum
			continue
		}
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

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
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
