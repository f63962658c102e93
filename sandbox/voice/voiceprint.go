// Package voice is the sandbox's speaker engine: MFCC voiceprints of a
// clip's speech, their comparison and the enrolled template.
package voice

import (
	"context"
	"math"
	"math/cmplx"

	"biokiosk/capture/audio"
)

// A voiceprint is the mean and standard
// deviation of 19 MFCCs (c1–c19, 25 ms frames every 10 ms, 26 mel bands,
// 16 kHz) over the speech frames the VAD finds, after cepstral mean
// normalisation (c0, the loudness, is dropped). See Similarity for
// the comparison. It is a classic
// text-independent baseline: real, small, and far from a vendor's
// x-vector engine (docs/sandbox.md).
const (
	mfccFrame  = 400 // 25 ms
	mfccHop    = 160 // 10 ms
	mfccFFT    = 512
	mfccBands  = 26
	mfccCoeffs = 19
	// Size is the length of a voiceprint.
	Size = 2 * mfccCoeffs
)

// Threshold is the voice match threshold, calibrated on the test
// recordings (docs/sandbox.md).
const Threshold = 0.69

// Engine computes voiceprints; it holds the precomputed filterbank and
// window and is safe for concurrent use.
type Engine struct {
	window [mfccFrame]float64
	bank   [mfccBands][]float64 // weights over FFT bins 0..mfccFFT/2
	dct    [mfccCoeffs][mfccBands]float64
}

// New precomputes an engine.
func New() *Engine {
	e := &Engine{}
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

// Voiceprint computes the voiceprint of a 16 kHz clip's speech; ok is
// false when there is less than half a second of speech, or when ctx
// ends first (the work stops then: check ctx.Err()).
func (e *Engine) Voiceprint(ctx context.Context, c audio.Clip) (vp []float32, ok bool) {
	var frames [][mfccCoeffs]float64
	buf := make([]complex128, mfccFFT)
	for _, s := range audio.Segments(c, audio.VADConfig{}) {
		for i := s.Start; i+mfccFrame <= s.End; i += mfccHop {
			if len(frames)%100 == 0 && ctx.Err() != nil { // every second of speech
				return nil, false
			}
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
	vp = make([]float32, Size)
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

// Similarity scores a sample's voiceprint against a template,
// 0–1 (1 = identical): the RMS over coefficients of the mean's shift in
// units of the template's own spread, and of the log ratio of the
// spreads, mapped by 1/(1+d).
func Similarity(sample, tmpl []float32) float64 {
	if len(sample) != Size || len(tmpl) != Size {
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

// Mean averages voiceprints (the enrolled template).
func Mean(vs [][]float32) []float32 {
	out := make([]float32, Size)
	for _, v := range vs {
		for i := range out {
			out[i] += v[i] / float32(len(vs))
		}
	}
	return out
}
