// Package voice is the sandbox's speaker engine — MFCC codebook
// voiceprints of a clip's speech, their comparison and the enrolled
// template — and its prompt check (Recogniser: which English digits a
// sample says).
package voice

import (
	"context"
	"math"
	"math/cmplx"
	"slices"
	"sync"

	"biokiosk/capture/audio"
)

// A voiceprint is a vector-quantisation codebook of the speaker's voice:
// 32 centroids of 19 MFCCs (c1–c19, 25 ms frames every 10 ms, 26 mel
// bands, 16 kHz; c0, the loudness, is dropped) learnt by k-means from the
// speech frames the VAD finds that stand well over the noise, each with
// its share of the speech and its spread. See Distortion for the
// comparison. It is a classic text-independent baseline (Soong et al.,
// 1985): real, small, and far from a vendor's x-vector engine
// (docs/sandbox.md).
const (
	mfccFrame  = 400 // 25 ms
	mfccHop    = 160 // 10 ms
	mfccFFT    = 512
	mfccBands  = 26
	mfccCoeffs = 19
	// minFrames is the least speech a voiceprint takes (0.5 s).
	minFrames = 50
	// frameSNR is how far over the noise floor a frame must be (dB).
	frameSNR = 15
	// codeK is the size of a voiceprint's codebook.
	codeK      = 32
	codeStride = mfccCoeffs + 2
	// Size is the length of a voiceprint: codeK centroids of c1–c19,
	// their shares of the speech and their spread (mean squared distance
	// of their frames).
	Size = codeK * codeStride
)

// Threshold is the voice match threshold, calibrated on the real
// speakers of the test data (docs/sandbox.md: EER 0 % there, with a thin
// margin).
const Threshold = 0.495

// Engine computes voiceprints; it holds the precomputed filterbank and
// window and is safe for concurrent use.
type Engine struct {
	window [mfccFrame]float64
	bank   [mfccBands][]float64 // weights over FFT bins 0..mfccFFT/2
	dct    [mfccCoeffs][mfccBands]float64

	digitsOnce sync.Once
	digits     *Recogniser
	digitsErr  error
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
	frames, ok := e.frames(ctx, c)
	if !ok {
		return nil, false
	}
	w := make([]float64, len(frames))
	for i := range w {
		w[i] = 1
	}
	return codebook(frames, w, make([]float64, len(frames))), true
}

// frames are the MFCCs (c1–c19) of the speech frames of c, after the
// gain normalisation the kiosk applies (a quiet speaker's speech is found
// whole). Only frames at least frameSNR dB over the clip's noise floor
// (its 10th-percentile frame level) count: the quieter edges of speech
// are mostly the room's noise, which would make every speaker in one room
// alike.
func (e *Engine) frames(ctx context.Context, c audio.Clip) ([][mfccCoeffs]float64, bool) {
	c, _ = audio.Normalize(c, 30)
	level := func(x []int16) float64 {
		var s float64
		for _, v := range x {
			s += float64(v) * float64(v)
		}
		return 10 * math.Log10(s/float64(len(x))+1)
	}
	var all []float64
	for i := 0; i+mfccFrame <= len(c.Samples); i += mfccHop {
		all = append(all, level(c.Samples[i:i+mfccFrame]))
	}
	if len(all) == 0 {
		return nil, false
	}
	sorted := slices.Clone(all)
	slices.Sort(sorted)
	floor := sorted[len(sorted)/10]
	var frames [][mfccCoeffs]float64
	buf := make([]complex128, mfccFFT)
	segs := audio.Segments(c, audio.VADConfig{})
	for _, s := range segs {
		for i := s.Start; i+mfccFrame <= s.End; i += mfccHop {
			if len(frames)%100 == 0 && ctx.Err() != nil { // every second of speech
				return nil, false
			}
			if all[i/mfccHop] >= floor+frameSNR {
				frames = append(frames, e.mfcc(c.Samples[i:i+mfccFrame], buf))
			}
		}
	}
	if len(frames) < minFrames { // speech with no pauses: the floor is speech too
		frames = frames[:0]
		for _, s := range segs {
			for i := s.Start; i+mfccFrame <= s.End; i += mfccHop {
				frames = append(frames, e.mfcc(c.Samples[i:i+mfccFrame], buf))
			}
		}
	}
	return frames, len(frames) >= minFrames
}

func (e *Engine) mfcc(x []int16, buf []complex128) [mfccCoeffs]float64 {
	for j := range buf {
		buf[j] = 0
	}
	prev := 0.0
	for j := 0; j < mfccFrame; j++ {
		v := float64(x[j]) / 32768
		buf[j] = complex((v-0.97*prev)*e.window[j], 0)
		prev = v
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
	return f
}

// codebook quantises weighted points to at most codeK centroids with
// k-means (10 rounds; deterministic start: points spread through the
// input), returning the voiceprint layout: each centroid's coefficients
// its share of the weight and its spread; sp is each point's own spread
// (0 for frames, a centroid's when pooling codebooks).
func codebook(pts [][mfccCoeffs]float64, w, sp []float64) []float32 {
	k := min(codeK, len(pts))
	cent := make([][mfccCoeffs]float64, k)
	for i := range cent {
		cent[i] = pts[i*len(pts)/k]
	}
	assign := make([]int, len(pts))
	share := make([]float64, k)
	for range 10 {
		kmeansRound(pts, w, cent, assign, share)
	}
	return voiceprintLayout(cent, share, clusterSpreads(pts, w, sp, cent, assign))
}

// kmeansRound assigns each point to its nearest centroid, then moves each
// centroid that has weight to its points' weighted mean; share is each
// centroid's weight.
func kmeansRound(pts [][mfccCoeffs]float64, w []float64, cent [][mfccCoeffs]float64, assign []int, share []float64) {
	for i, p := range pts {
		assign[i] = nearest(p[:], cent)
	}
	var sums [codeK][mfccCoeffs]float64
	clear(share)
	for i, p := range pts {
		for d := range p {
			sums[assign[i]][d] += w[i] * p[d]
		}
		share[assign[i]] += w[i]
	}
	for j := range cent {
		if share[j] > 0 {
			for d := range cent[j] {
				cent[j][d] = sums[j][d] / share[j]
			}
		}
	}
}

// clusterSpreads is each centroid's weighted sum of its points' squared
// distances to it plus their own spread sp.
func clusterSpreads(pts [][mfccCoeffs]float64, w, sp []float64, cent [][mfccCoeffs]float64, assign []int) []float64 {
	spread := make([]float64, len(cent))
	for i, p := range pts {
		j := assign[i]
		var s float64
		for d := range p {
			x := p[d] - cent[j][d]
			s += x * x
		}
		spread[j] += w[i] * (s + sp[i])
	}
	return spread
}

// voiceprintLayout lays the centroids out as a voiceprint: each one's
// coefficients, its share of the total weight and its mean spread.
func voiceprintLayout(cent [][mfccCoeffs]float64, share, spread []float64) []float32 {
	var total float64
	for _, v := range share {
		total += v
	}
	vp := make([]float32, Size)
	for j := range cent {
		for d := range cent[j] {
			vp[j*codeStride+d] = float32(cent[j][d])
		}
		if share[j] > 0 {
			vp[j*codeStride+mfccCoeffs] = float32(share[j] / total)
			vp[j*codeStride+mfccCoeffs+1] = float32(spread[j] / share[j])
		}
	}
	return vp
}

// nearest is the index of the centroid nearest p (squared Euclidean) and
// the distance.
func nearest(p []float64, cent [][mfccCoeffs]float64) int {
	best, bd := 0, math.Inf(1)
	for j, c := range cent {
		var s float64
		for d := range c {
			x := p[d] - c[d]
			s += x * x
		}
		if s < bd {
			best, bd = j, s
		}
	}
	return best
}

// centroids unpacks a voiceprint's centroids, shares and spreads.
func centroids(vp []float32) ([][mfccCoeffs]float64, []float64, []float64) {
	var cent [][mfccCoeffs]float64
	var w, sp []float64
	for j := 0; j < codeK; j++ {
		share := float64(vp[j*codeStride+mfccCoeffs])
		if share <= 0 {
			continue
		}
		var c [mfccCoeffs]float64
		for d := range c {
			c[d] = float64(vp[j*codeStride+d])
		}
		cent = append(cent, c)
		w = append(w, share)
		sp = append(sp, float64(vp[j*codeStride+mfccCoeffs+1]))
	}
	return cent, w, sp
}

// Distortion is a sample's mean quantisation distortion on a template's
// codebook: each of the sample's centroids, by its share of the speech,
// to the nearest template centroid (Euclidean, in MFCC units). It is +Inf
// for a malformed or empty voiceprint.
func Distortion(sample, tmpl []float32) float64 {
	if len(sample) != Size || len(tmpl) != Size {
		return math.Inf(1)
	}
	sc, sw, ss := centroids(sample)
	tc, _, _ := centroids(tmpl)
	if len(sc) == 0 || len(tc) == 0 {
		return math.Inf(1)
	}
	var dist float64
	for i, c := range sc {
		j := nearest(c[:], tc)
		var s float64
		for d := range c {
			x := c[d] - tc[j][d]
			s += x * x
		}
		dist += sw[i] * math.Sqrt(s+ss[i])
	}
	return dist
}

// Similarity scores a sample's voiceprint against a template, 0–1 (1 =
// identical): the Distortion D mapped by exp(-D/30).
func Similarity(sample, tmpl []float32) float64 {
	return math.Exp(-Distortion(sample, tmpl) / 30)
}

// Mean pools voiceprints into one template (an enrolment's samples, or a
// template and an adapting sample): their centroids, each weighted by its
// share and by 1/len(vs), quantised again to one codebook.
func Mean(vs [][]float32) []float32 {
	var pts [][mfccCoeffs]float64
	var w, sp []float64
	for _, v := range vs {
		c, s, spread := centroids(v)
		pts = append(pts, c...)
		sp = append(sp, spread...)
		for _, x := range s {
			w = append(w, x/float64(len(vs)))
		}
	}
	if len(pts) == 0 {
		return make([]float32, Size)
	}
	return codebook(pts, w, sp)
}
