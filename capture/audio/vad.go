package audio

import "math"

// FrameSamples is the analysis frame: 20 ms at 16 kHz.
const FrameSamples = Rate / 50

// VADConfig tunes the voice activity detector.
type VADConfig struct {
	// MarginDB is how far above the noise floor a frame must be (default 6 dB,
	// which still finds speech at an SNR of 8 dB; see TestSpeechInNoiseBySNR).
	MarginDB float64
	// MinDBFS is the quietest frame that can be speech (default -55 dBFS).
	MinDBFS float64
	// MaxZCR is the highest zero-crossing rate of a speech frame unless it
	// is far (20 dB) above the floor: it rejects hiss (default 0.45).
	MaxZCR float64
	// OnsetFrames of speech in a row start a segment (default 2: 40 ms).
	OnsetFrames int
	// HangoverFrames keep a segment open through short pauses (default 10: 200 ms).
	HangoverFrames int
}

func (c VADConfig) withDefaults() VADConfig {
	if c.MarginDB == 0 {
		c.MarginDB = 6
	}
	if c.MinDBFS == 0 {
		c.MinDBFS = -55
	}
	if c.MaxZCR == 0 {
		c.MaxZCR = 0.45
	}
	if c.OnsetFrames == 0 {
		c.OnsetFrames = 2
	}
	if c.HangoverFrames == 0 {
		c.HangoverFrames = 10
	}
	return c
}

// VAD is an energy detector with an adaptive noise floor and a
// zero-crossing cue, run on 20 ms frames. It is cheap enough to run live
// (see BenchmarkVAD). Not safe for concurrent use.
type VAD struct {
	cfg     VADConfig
	floor   float64 // noise floor estimate, dBFS
	started bool
	run     int // consecutive raw speech frames
	hang    int // frames of hangover left
	active  bool
}

// NewVAD returns a detector.
func NewVAD(cfg VADConfig) *VAD { return &VAD{cfg: cfg.withDefaults(), floor: -90} }

// Frame classifies one frame of FrameSamples samples and reports whether
// it belongs to speech, along with its energy in dBFS.
func (v *VAD) Frame(f []int16) (speech bool, energy float64) {
	rms, _ := rmsPeak(f)
	energy = dBFS(rms)
	zcr := zeroCrossings(f)
	if !v.started {
		v.floor, v.started = energy, true
	}
	raw := energy > v.cfg.MinDBFS && energy > v.floor+v.cfg.MarginDB &&
		(zcr < v.cfg.MaxZCR || energy > v.floor+2*v.cfg.MarginDB)
	// The floor falls fast to quieter frames and rises slowly while no
	// speech is heard, so it follows a changing room but not a voice.
	switch {
	case energy < v.floor:
		v.floor = 0.7*v.floor + 0.3*energy
	case !raw && !v.active:
		v.floor += math.Min(0.05*(energy-v.floor), 0.5)
	}
	if raw {
		v.run++
	} else {
		v.run = 0
	}
	switch {
	case v.run >= v.cfg.OnsetFrames:
		v.active, v.hang = true, v.cfg.HangoverFrames
	case v.active && !raw:
		v.hang--
		if v.hang <= 0 {
			v.active = false
		}
	}
	return v.active, energy
}

// NoiseFloor is the current noise floor estimate in dBFS.
func (v *VAD) NoiseFloor() float64 { return v.floor }

func zeroCrossings(f []int16) float64 {
	if len(f) < 2 {
		return 0
	}
	n := 0
	for i := 1; i < len(f); i++ {
		if (f[i-1] >= 0) != (f[i] >= 0) {
			n++
		}
	}
	return float64(n) / float64(len(f)-1)
}

// Segment is a stretch of speech, in samples.
type Segment struct{ Start, End int }

// Segments runs a fresh VAD over a whole clip and returns the speech
// segments. Onset frames are included (the detector confirms speech a
// frame late), the hangover tail is not.
func Segments(c Clip, cfg VADConfig) []Segment {
	v := NewVAD(cfg)
	var segs []Segment
	inSeg, lastRaw := false, 0
	for i := 0; i+FrameSamples <= len(c.Samples); i += FrameSamples {
		speech, _ := v.Frame(c.Samples[i : i+FrameSamples])
		if v.run > 0 {
			lastRaw = i + FrameSamples
		}
		switch {
		case speech && !inSeg:
			start := max(0, i-(v.cfg.OnsetFrames-1)*FrameSamples)
			segs = append(segs, Segment{Start: start, End: i + FrameSamples})
			inSeg = true
		case speech:
			segs[len(segs)-1].End = i + FrameSamples
		case inSeg:
			segs[len(segs)-1].End = lastRaw
			inSeg = false
		}
	}
	if inSeg {
		segs[len(segs)-1].End = lastRaw
	}
	return segs
}
