package audio

import (
	"math"
	"slices"
)

// Code is a stable verdict on a voice sample.
type Code string

// Sample quality codes, checked in this order.
const (
	CodeNoSpeech Code = "NO_SPEECH"
	CodeTooShort Code = "TOO_SHORT"
	CodeClipping Code = "CLIPPING"
	CodeTooLoud  Code = "TOO_LOUD"
	CodeTooQuiet Code = "TOO_QUIET"
	CodeNoisy    Code = "NOISY"
	CodeOK       Code = "OK"
)

// QualityConfig holds the sample thresholds. The vendors' own floors
// (capture-quality spec §4) are looser — Azure asks SNR ≥ 2 dB — but a
// four-digit prompt is short, so biokiosk asks more of each sample.
type QualityConfig struct {
	VAD VADConfig
	// MinSpeech below which a sample has no speech (default 0.1 s).
	MinSpeech float64
	// MinUsable speech for a prompt of four digits (default 0.6 s).
	MinUsable float64
	// ClipLevel is the share of full scale counted as clipped (default 0.99).
	ClipLevel float64
	// MaxClipped share of speech samples at the clip level (default 0.1 %).
	MaxClipped float64
	// MaxSpeechDBFS: louder speech RMS is TOO_LOUD (default -6 dBFS).
	MaxSpeechDBFS float64
	// MinSpeechDBFS: speech whose RMS is still quieter after the gain
	// normalisation is TOO_QUIET (default -38 dBFS: -68 dBFS as recorded
	// at the full +30 dB).
	MinSpeechDBFS float64
	// MaxGainDB bounds the gain normalisation (default 30 dB); a negative
	// value turns it off.
	MaxGainDB float64
	// MinSNR in dB (default 10).
	MinSNR float64
}

func (c QualityConfig) withDefaults() QualityConfig {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.MinSpeech, 0.1)
	def(&c.MinUsable, 0.6)
	def(&c.ClipLevel, 0.99)
	def(&c.MaxClipped, 0.001)
	def(&c.MaxSpeechDBFS, -6)
	def(&c.MinSpeechDBFS, -38)
	def(&c.MinSNR, 10)
	def(&c.MaxGainDB, 30)
	return c
}

// Quality is the verdict and the figures behind it.
type Quality struct {
	OK       bool    `json:"ok"`
	Code     Code    `json:"code"`
	Duration float64 `json:"duration_s"`
	Speech   float64 `json:"speech_s"`
	SNR      float64 `json:"snr_db"`
	Clipped  float64 `json:"clipped"`
	// PeakDBFS is the clip's peak as recorded, before the gain.
	PeakDBFS float64 `json:"peak_dbfs"`
	// GainDB is the normalisation applied before judging (0–MaxGainDB).
	GainDB float64 `json:"gain_db"`
	// SpeechRMS is the speech's level after the gain.
	SpeechRMS float64   `json:"speech_rms_dbfs"`
	Segments  []Segment `json:"-"`
}

// Analyze judges a clip as a voice sample by what a speaker engine
// needs — enough speech, above the noise — after the gain normalisation
// (Normalize) that Record also applies to what it submits: a quietly
// spoken, clear sample is not TOO_QUIET. Segments are found on the
// normalised clip.
func Analyze(c Clip, cfg QualityConfig) Quality {
	cfg = cfg.withDefaults()
	q := Quality{Duration: c.Seconds(), SNR: 0}
	_, peak := rmsPeak(c.Samples)
	q.PeakDBFS = round1(dBFS(peak))
	c, q.GainDB = Normalize(c, cfg.MaxGainDB)
	q.GainDB = round1(q.GainDB)
	q.Segments = Segments(c, cfg.VAD)
	inSpeech := make([]bool, len(c.Samples))
	var speechN int
	for _, s := range q.Segments {
		speechN += s.End - s.Start
		for i := s.Start; i < s.End; i++ {
			inSpeech[i] = true
		}
	}
	q.Speech = round2(float64(speechN) / float64(Rate))
	clipAt := int32(cfg.ClipLevel * 32768)
	var ps, pn float64
	var ns, nn, clipped int
	for i, v := range c.Samples {
		f := float64(v) / 32768
		if inSpeech[i] {
			ps += f * f
			ns++
			a := int32(v)
			if a < 0 {
				a = -a
			}
			if a >= clipAt {
				clipped++
			}
		} else {
			pn += f * f
			nn++
		}
	}
	if ns > 0 {
		ps /= float64(ns)
		q.SpeechRMS = round1(dBFS(math.Sqrt(ps)))
		q.Clipped = float64(clipped) / float64(ns)
	}
	noise := 1e-10 // digital silence: cap the SNR at 100 dB
	if nn > Rate/10 {
		noise = math.Max(pn/float64(nn), noise)
	}
	if ps > 0 {
		q.SNR = round1(math.Min(100, 10*math.Log10(math.Max(ps-noise, 1e-12)/noise)))
	}
	switch {
	case q.Speech < cfg.MinSpeech:
		q.Code = CodeNoSpeech
	case q.Speech < cfg.MinUsable:
		q.Code = CodeTooShort
	case q.Clipped > cfg.MaxClipped:
		q.Code = CodeClipping
	case q.SpeechRMS > cfg.MaxSpeechDBFS:
		q.Code = CodeTooLoud
	case q.SpeechRMS < cfg.MinSpeechDBFS:
		q.Code = CodeTooQuiet
	case q.SNR < cfg.MinSNR:
		q.Code = CodeNoisy
	default:
		q.Code = CodeOK
	}
	q.OK = q.Code == CodeOK
	return q
}

// Level normalisation targets. The loud frames of speech (the 90th
// percentile of 20 ms frame levels) are brought to about -16 dBFS, the
// level of a person speaking normally at a kiosk microphone, and the
// peak is kept at or below -1 dBFS so the gain never clips.
const (
	normTargetDBFS = -16
	normPeakDBFS   = -1
	normPercentile = 0.9
)

// Normalize raises a quiet clip's level: the gain brings its loud frames
// to about -16 dBFS, by at most maxGainDB (a value ≤ 0 turns it off),
// never lowers it and never lifts the peak past -1 dBFS. It returns the
// clip (a new one when the gain is not 0) and the gain in dB. Level
// differences do not change the SNR: a quiet but clear voice comes out
// as a normal one, a weak voice in noise stays noisy.
func Normalize(c Clip, maxGainDB float64) (Clip, float64) {
	if maxGainDB <= 0 || len(c.Samples) < FrameSamples {
		return c, 0
	}
	var levels []float64
	for i := 0; i+FrameSamples <= len(c.Samples); i += FrameSamples {
		rms, _ := rmsPeak(c.Samples[i : i+FrameSamples])
		levels = append(levels, dBFS(rms))
	}
	slices.Sort(levels)
	loud := levels[min(len(levels)-1, int(normPercentile*float64(len(levels))))]
	_, peak := rmsPeak(c.Samples)
	if peak == 0 {
		return c, 0
	}
	g := min(maxGainDB, normTargetDBFS-loud, normPeakDBFS-dBFS(peak))
	if g < 0.1 {
		return c, 0
	}
	k := math.Pow(10, g/20)
	out := Clip{Rate: c.Rate, Samples: make([]int16, len(c.Samples))}
	for i, v := range c.Samples {
		out.Samples[i] = int16(max(-32768, min(32767, math.Round(k*float64(v)))))
	}
	return out, g
}

// Trim returns the clip from the first speech segment to the last, with
// margin (seconds) kept on each side.
func Trim(c Clip, segs []Segment, margin float64) Clip {
	if len(segs) == 0 {
		return c.Slice(0, 0)
	}
	m := int(margin * float64(c.Rate))
	return c.Slice(segs[0].Start-m, segs[len(segs)-1].End+m)
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
func round2(x float64) float64 { return math.Round(x*100) / 100 }
