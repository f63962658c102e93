package audio

import (
	"math"
	"time"
)

// Clip is mono 16-bit PCM audio.
type Clip struct {
	Rate    int
	Samples []int16
}

// Duration is the clip's length.
func (c Clip) Duration() time.Duration {
	if c.Rate <= 0 {
		return 0
	}
	return time.Duration(len(c.Samples)) * time.Second / time.Duration(c.Rate)
}

// Seconds is the clip's length in seconds.
func (c Clip) Seconds() float64 {
	if c.Rate <= 0 {
		return 0
	}
	return float64(len(c.Samples)) / float64(c.Rate)
}

// Slice returns the part of the clip between two sample indexes, clamped.
func (c Clip) Slice(from, to int) Clip {
	from = max(0, min(from, len(c.Samples)))
	to = max(from, min(to, len(c.Samples)))
	return Clip{Rate: c.Rate, Samples: c.Samples[from:to]}
}

// Zero overwrites the samples, for buffers that held a person's voice.
func (c Clip) Zero() { clear(c.Samples) }

// dBFS converts a linear amplitude (0–1 of full scale) to dBFS, with
// silence floored at -120.
func dBFS(x float64) float64 {
	if x <= 1e-6 {
		return -120
	}
	return 20 * math.Log10(x)
}

// rmsPeak returns the RMS and peak of samples as fractions of full scale.
func rmsPeak(s []int16) (rms, peak float64) {
	if len(s) == 0 {
		return 0, 0
	}
	var sum float64
	var p int32
	for _, v := range s {
		f := float64(v)
		sum += f * f
		a := int32(v)
		if a < 0 {
			a = -a
		}
		p = max(p, a)
	}
	return math.Sqrt(sum/float64(len(s))) / 32768, float64(p) / 32768
}
