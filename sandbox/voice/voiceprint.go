package sandbox

import (
	"math"
	"math/cmplx"

	"biokiosk/capture/audio"
)

// The sandbox's speaker engine: a voiceprint is the mean and standard
// deviation of 19 MFCCs (c1–c19, 25 ms frames every 10 ms, 26 mel bands,
// 16 kHz) over the speech frames the VAD finds, after cepstral mean
// normalisation (c0, the loudness, is dropped). See voiceSimilarity for
// the comparison. It is a classic
// text-independent baseline: real, small, and far from a vendor's
// x-vector engine (README: "Sandbox").
const (
	mfccFrame  = 400 // 25 ms
	mfccHop    = 160 // 10 ms
	mfccFFT    = 512
	mfccBands  = 26
	mfccCoeffs = 19
	// VoiceprintSize is the length of a voiceprint.
	VoiceprintSize = 2 * mfccCoeffs
)

// VoiceThreshold is the voice match threshold, calibrated on the test
// recordings (README: "Sandbox").
const VoiceThreshold = 0.69

// voiceEngine holds the precomputed filterbank and window.
type voiceEngine struct {
	window [mfccFrame]float64
	bank   [mfccBands][]float64 // weights over FFT bins 0..mfccFFT/2
	dct    [mfccCoeffs][mfccBands]float64
}

func newVoiceEngine() *voiceEngine {
	e := &voiceEngine{}
	for i := range e.window {
		e.window[i] = 0.54 - 0.46*math.Cos(2*math.Pi*float64(i)/float64(mfccFrame-1))
	}
	mel := func(f float64) float64 { return 2595 * math.Log10(1+f/700) }
	inv := func(m float64) float64 { return 700 * (math.Pow(10, m/2595) - 1) }
	lo, hi := mel(100), mel(7600)
	pts := make([]float64, mfccBands+2)
	for i := range pts {
		pts[i] = inv(lo+(hi-lo)*float64(i)/float64(mfccBands+1)) * mfccFFT / 16000
	}
	for b := 0; b < mfccBands; b++ {
		w := make([]float64, mfccFFT/2+1)
		for k := range w {
			x := float64(k)
			switch {
			case x > pts[b] && x <= pts[b+1]:
				w[k] = (x - pts[b]) / (pts[b+1] - pts[b])
			case x > pts[b+1] && x < pts[b+2]:
				w[k] = (pts[b+2] - x) / (pts[b+2] - pts[b+1])
			}
		}
		e.bank[b] = w
	}
	for c := 0; c < mfccCoeffs; c++ {
		for b := 0; b < mfccBands; b++ {
			e.dct[c][b] = math.Cos(math.Pi * float64(c+1) * (float64(b) + 0.5) / mfccBands)
		}
	}
	return e
}

// voiceprint computes the voiceprint of a 16 kHz clip's speech; ok is
// false when there is less than half a second of speech.
func (e *voiceEngine) voiceprint(c audio.Clip) (vp []float32, ok bool) {
	var frames [][mfccCoeffs]float64
	buf := make([]complex128, mfccFFT)
	for _, s := range audio.Segments(c, audio.VADConfig{}) {
		for i := s.Start; i+mfccFrame <= s.End; i += mfccHop {
			for j := range buf {
				buf[j] = 0
			}
			prev := 0.0
			for j := 0; j < mfccFrame; j++ {
				x := float64(c.Samples[i+j]) / 32768
				buf[j] = complex((x-0.97*prev)*e.window[j], 0)
				prev = x
			}
			fft(buf)
			var f [mfccCoeffs]float64
			var logE [mfccBands]float64
			for b := 0; b < mfccBands; b++ {
				var sum float64
				for k, w := range e.bank[b] {
					if w != 0 {
						p := cmplx.Abs(buf[k])
						sum += w * p * p
					}
				}
				logE[b] = math.Log(sum + 1e-10)
			}
			for k := 0; k < mfccCoeffs; k++ {
				var v float64
				for b := 0; b < mfccBands; b++ {
					v += e.dct[k][b] * logE[b]
				}
				f[k] = v
			}
			frames = append(frames, f)
		}
	}
	if len(frames) < 50 {
		return nil, false
	}
	vp = make([]float32, VoiceprintSize)
	for k := 0; k < mfccCoeffs; k++ {
		var m, s float64
		for _, f := range frames {
			m += f[k]
		}
		m /= float64(len(frames))
		for _, f := range frames {
			s += (f[k] - m) * (f[k] - m)
		}
		vp[k] = float32(m)
		vp[mfccCoeffs+k] = float32(math.Sqrt(s / float64(len(frames))))
	}
	return vp, true
}

// voiceSimilarity scores a sample's voiceprint against a template,
// 0–1 (1 = identical): the RMS over coefficients of the mean's shift in
// units of the template's own spread, and of the log ratio of the
// spreads, mapped by 1/(1+d).
func voiceSimilarity(sample, tmpl []float32) float64 {
	if len(sample) != VoiceprintSize || len(tmpl) != VoiceprintSize {
		return 0
	}
	var d float64
	for k := 0; k < mfccCoeffs; k++ {
		sd := math.Max(float64(tmpl[mfccCoeffs+k]), 1e-3)
		z := (float64(sample[k]) - float64(tmpl[k])) / sd
		r := math.Log(math.Max(float64(sample[mfccCoeffs+k]), 1e-3) / sd)
		d += z*z + r*r
	}
	return 1 / (1 + math.Sqrt(d/mfccCoeffs))
}

// meanVoiceprint averages voiceprints (the enrolled template).
func meanVoiceprint(vs [][]float32) []float32 {
	out := make([]float32, VoiceprintSize)
	for _, v := range vs {
		for i := range out {
			out[i] += v[i] / float32(len(vs))
		}
	}
	return out
}

// fft is an in-place radix-2 FFT (len(x) a power of two).
func fft(x []complex128) {
	n := len(x)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			x[i], x[j] = x[j], x[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		w := cmplx.Exp(complex(0, -2*math.Pi/float64(size)))
		for start := 0; start < n; start += size {
			wk := complex(1, 0)
			for k := 0; k < size/2; k++ {
				u, v := x[start+k], x[start+k+size/2]*wk
				x[start+k], x[start+k+size/2] = u+v, u-v
				wk *= w
			}
		}
	}
}
