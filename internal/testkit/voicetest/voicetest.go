// Package voicetest builds spoken prompts from real recordings for tests
// and benchmarks: the Free Spoken Digit Dataset's takes (testdata/voice/fsdd,
// three speakers, CC BY-SA 4.0) joined four at a time like a person reading
// a BiometrID prompt code, at 16 kHz, with the variants the kiosk meets —
// a quiet speaker, a noisy room, an 8 kHz microphone — and slices of the
// Silero recordings (en.wav, de.wav) for speakers who do not say digits.
// Everything is made in memory; nothing is written to disk.
package voicetest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"biokiosk/capture/audio"
	"biokiosk/internal/testkit/testfiles"
)

// Speakers are the FSDD speakers in testdata/voice/fsdd.
var Speakers = []string{"george", "jackson", "lucas"}

// Takes are the take numbers of each digit per speaker (20–29).
const (
	FirstTake = 20
	LastTake  = 29
)

// Set holds every FSDD take at 16 kHz: Takes[speaker][digit][take-FirstTake].
type Set struct {
	Takes map[string][10][]audio.Clip
}

// Load reads testdata/voice/fsdd.
func Load(tb testing.TB) *Set {
	tb.Helper()
	dir := testfiles.Path(tb, "voice", "fsdd")
	s := &Set{Takes: map[string][10][]audio.Clip{}}
	for _, sp := range Speakers {
		var d [10][]audio.Clip
		for digit := range 10 {
			for take := FirstTake; take <= LastTake; take++ {
				d[digit] = append(d[digit], ReadWAV(tb, filepath.Join(dir, fmt.Sprintf("%d_%s_%d.wav", digit, sp, take))))
			}
		}
		s.Takes[sp] = d
	}
	return s
}

// ReadWAV decodes a WAV file to 16 kHz mono.
func ReadWAV(tb testing.TB, path string) audio.Clip {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("voicetest: %v", err)
	}
	defer f.Close()
	c, err := audio.DecodeWAV(f)
	if err != nil {
		tb.Fatalf("voicetest: %s: %v", path, err)
	}
	return c
}

// Options shape a prompt utterance.
type Options struct {
	// GainDB scales the speaker's voice (the quiet variant: -25).
	GainDB float64
	// NoiseDBFS is the RMS of the room and microphone noise added over
	// the whole utterance, after the gain (default -70 dBFS: a quiet
	// room); a noisy room is around -40.
	NoiseDBFS float64
	// Gap between digits in seconds (default 0.2), Lead and Trail the
	// silence before and after (default 0.5).
	Gap, Lead, Trail float64
	// Seed makes the noise (default 1).
	Seed uint64
}

func (o Options) withDefaults() Options {
	if o.NoiseDBFS == 0 {
		o.NoiseDBFS = -70
	}
	if o.Gap == 0 {
		o.Gap = 0.2
	}
	if o.Lead == 0 {
		o.Lead = 0.5
	}
	if o.Trail == 0 {
		o.Trail = 0.5
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// Prompt is a spoken prompt code and where each digit is in it.
type Prompt struct {
	Speaker string
	Code    string
	Clip    audio.Clip
	// Spans are the digits' sample ranges in Clip.
	Spans []audio.Segment
}

// SpeechSeconds is the length of the digits' spans.
func (p Prompt) SpeechSeconds() float64 {
	n := 0
	for _, s := range p.Spans {
		n += s.End - s.Start
	}
	return float64(n) / float64(p.Clip.Rate)
}

// Prompt joins the speaker's takes of code's digits; take picks the take
// (FirstTake…LastTake) of the i-th digit.
func (s *Set) Prompt(speaker, code string, take func(i int) int, o Options) Prompt {
	o = o.withDefaults()
	var digits []audio.Clip
	for i, r := range code {
		digits = append(digits, s.Takes[speaker][r-'0'][take(i)-FirstTake])
	}
	p := Join(digits, o)
	p.Speaker, p.Code = speaker, code
	return p
}

// Join puts clips one after another with gaps, scaled and over noise.
func Join(parts []audio.Clip, o Options) Prompt {
	o = o.withDefaults()
	sec := func(x float64) int { return int(x * audio.Rate) }
	x := make([]float64, sec(o.Lead))
	var spans []audio.Segment
	g := math.Pow(10, o.GainDB/20)
	for i, c := range parts {
		if i > 0 {
			x = append(x, make([]float64, sec(o.Gap))...)
		}
		start := len(x)
		for _, v := range c.Samples {
			x = append(x, g*float64(v))
		}
		spans = append(spans, audio.Segment{Start: start, End: len(x)})
	}
	x = append(x, make([]float64, sec(o.Trail))...)
	AddNoise(x, o.NoiseDBFS, o.Seed)
	return Prompt{Clip: audio.Clip{Rate: audio.Rate, Samples: Int16(x)}, Spans: spans}
}

// AddNoise adds pink-ish noise (white noise through a one-pole low-pass,
// like a room and a cheap microphone) of the given RMS in dBFS.
func AddNoise(x []float64, dbfs float64, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	n := make([]float64, len(x))
	var y, sum float64
	for i := range n {
		y = 0.9*y + rng.NormFloat64()
		n[i] = y
		sum += y * y
	}
	if len(n) == 0 || sum == 0 {
		return
	}
	k := math.Pow(10, dbfs/20) * 32768 / math.Sqrt(sum/float64(len(n)))
	for i := range x {
		x[i] += k * n[i]
	}
}

// Int16 saturates float samples (in int16 units) to 16-bit.
func Int16(x []float64) []int16 {
	out := make([]int16, len(x))
	for i, v := range x {
		out[i] = int16(math.Max(-32768, math.Min(32767, math.Round(v))))
	}
	return out
}

// At8kHz is the clip as an 8 kHz microphone's WAV: resampled down to
// 8 kHz; the kiosk's and the sandbox's decoders bring it back to 16 kHz.
func At8kHz(c audio.Clip) []byte {
	x := make([]float64, len(c.Samples))
	for i, v := range c.Samples {
		x[i] = float64(v)
	}
	return audio.WAVBytes(audio.Clip{Rate: 8000, Samples: Int16(audio.Resample(x, c.Rate, 8000))})
}

// Codes returns n prompt codes, drawn from seed.
func Codes(n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 0xc0de))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range 4 {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		out[i] = b.String()
	}
	return out
}

// Silero returns n consecutive slices of secs seconds of testdata's
// en.wav or de.wav, starting at from seconds: the two speakers who read
// prose, not digits.
func Silero(tb testing.TB, name string, from, secs float64, n int) []audio.Clip {
	tb.Helper()
	c := ReadWAV(tb, testfiles.Path(tb, "voice", name))
	var out []audio.Clip
	for i := range n {
		a := int((from + float64(i)*secs) * audio.Rate)
		out = append(out, c.Slice(a, a+int(secs*audio.Rate)))
	}
	return out
}

// Sorted returns a sorted copy.
func Sorted(x []float64) []float64 {
	y := append([]float64(nil), x...)
	sort.Float64s(y)
	return y
}

// NoiseDBFSOr is the noise level, def when unset.
func (o Options) NoiseDBFSOr(def float64) float64 {
	if o.NoiseDBFS == 0 {
		return def
	}
	return o.NoiseDBFS
}
