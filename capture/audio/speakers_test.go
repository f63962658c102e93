package audio_test

import (
	"math"
	"testing"

	"biokiosk/capture/audio"
	"biokiosk/internal/testkit/voicetest"

	"github.com/stretchr/testify/assert"
)

// variants are the kiosk conditions the real speakers are tried in: as
// recorded in a quiet room, 25 dB quieter (a quietly spoken person:
// peaks at about -30 dBFS, SNR about 20 dB), and in a noisy room.
var variants = []struct {
	name string
	o    voiceOptions
}{
	{"recorded", voiceOptions{}},
	{"quiet", voiceOptions{GainDB: -25}},
	{"noisy", voiceOptions{NoiseDBFS: -40}},
}

type voiceOptions = voicetest.Options

// coverage measures, on prompts of every FSDD speaker, the share of the
// audible speech the VAD finds (recall: 20 ms frames inside the digits
// whose clean voice is at least 6 dB over the added noise) and the speech
// it reports outside the digits (more than 100 ms away from one), after
// the gain normalisation that Analyze applies.
func coverage(tb testing.TB, set *voicetest.Set, o voiceOptions, n int) (recall, outside float64, verdicts map[audio.Code]int) {
	codes := voicetest.Codes(n, 7)
	verdicts = map[audio.Code]int{}
	var t vadTally
	for _, sp := range voicetest.Speakers {
		for i, code := range codes {
			take := func(j int) int { return voicetest.FirstTake + (i+j)%10 }
			p := set.Prompt(sp, code, take, o)
			clean := o
			clean.NoiseDBFS = -300
			c := set.Prompt(sp, code, take, clean)
			q := audio.Analyze(p.Clip, audio.QualityConfig{})
			verdicts[q.Code]++
			speech := segmentMask(len(p.Clip.Samples), q.Segments, 0)
			t.addDigits(p.Spans, c.Clip.Samples, speech, o.NoiseDBFSOr(-70)+6)
			t.addAway(speech, segmentMask(len(p.Clip.Samples), p.Spans, audio.Rate/10))
		}
	}
	return float64(t.found) / float64(t.ref), float64(t.out) / float64(t.all), verdicts
}

// vadTally counts frames: ref audible digit frames and found of them
// marked speech; all frames away from the digits and out of them marked
// speech.
type vadTally struct {
	ref, found, out, all int
}

// segmentMask marks the samples of segs, each widened by pad on both
// sides, among n.
func segmentMask(n int, segs []audio.Segment, pad int) []bool {
	m := make([]bool, n)
	for _, s := range segs {
		for k := max(0, s.Start-pad); k < min(n, s.End+pad); k++ {
			m[k] = true
		}
	}
	return m
}

// addDigits counts the digit frames whose clean voice is at least floor
// dBFS, and those of them whose middle sample is marked speech.
func (t *vadTally) addDigits(spans []audio.Segment, clean []int16, speech []bool, floor float64) {
	for _, s := range spans {
		for k := s.Start; k+audio.FrameSamples <= s.End; k += audio.FrameSamples {
			if level(clean[k:k+audio.FrameSamples]) < floor {
				continue
			}
			t.ref++
			if speech[k+audio.FrameSamples/2] {
				t.found++
			}
		}
	}
}

// addAway counts the frames not near a digit, and those of them whose
// first sample is marked speech.
func (t *vadTally) addAway(speech, near []bool) {
	for k := 0; k+audio.FrameSamples <= len(speech); k += audio.FrameSamples {
		if !near[k] {
			t.all++
			if speech[k] {
				t.out++
			}
		}
	}
}

func level(s []int16) float64 {
	var sum float64
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	return 20 * math.Log10(math.Sqrt(sum/float64(len(s)))/32768+1e-12)
}

// Every real speaker's prompts are accepted at their recorded level,
// quietly spoken, and in a noisy room, and the VAD finds their audible
// speech in each.
func TestRealSpeakersPromptsAccepted(t *testing.T) {
	set := voicetest.Load(t)
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			recall, outside, verdicts := coverage(t, set, v.o, 3)
			t.Logf("%s: speech found %.0f %% of the audible digit frames, %.1f %% of the frames away from the digits; verdicts %v",
				v.name, 100*recall, 100*outside, verdicts)
			assert.Equal(t, 3*3, verdicts[audio.CodeOK], "every prompt accepted: %v", verdicts)
			assert.GreaterOrEqual(t, recall, 0.9)
			assert.LessOrEqual(t, outside, 0.1)
		})
	}
}

// A quietly spoken prompt, recorded live (endpointed, normalised, trimmed),
// keeps every digit and is accepted; so is the same prompt from an 8 kHz
// microphone. What is submitted is at the normalised level.
func TestQuietSpeakerRecordedWhole(t *testing.T) {
	set := voicetest.Load(t)
	for i, sp := range voicetest.Speakers {
		code := voicetest.Codes(3, 11)[i]
		p := set.Prompt(sp, code, func(j int) int { return voicetest.FirstTake + j }, voiceOptions{GainDB: -25, Trail: 1.5})
		rec, err := audio.Record(t.Context(), audio.NewFileSource(p.Clip, false), audio.RecordConfig{}, nil)
		assert.NoError(t, err)
		assert.Equal(t, audio.CodeOK, rec.Quality.Code, "%s: %+v", sp, rec.Quality)
		assert.Equal(t, audio.EndSilence, rec.End)
		assert.Greater(t, rec.Quality.GainDB, 15.0, "%s: the quiet voice is raised", sp)
		assert.InDelta(t, p.SpeechSeconds()+0.2*3, rec.Clip.Seconds(), 0.6, "%s: every digit kept (%.2f s of digits)", sp, p.SpeechSeconds())
		eight, err := audio.ParseWAV(voicetest.At8kHz(p.Clip))
		assert.NoError(t, err)
		q := audio.Analyze(eight, audio.QualityConfig{})
		assert.Equal(t, audio.CodeOK, q.Code, "%s at 8 kHz: %+v", sp, q)
	}
}
