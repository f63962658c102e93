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
	var ref, found, out, all int
	for _, sp := range voicetest.Speakers {
		for i, code := range codes {
			take := func(j int) int { return voicetest.FirstTake + (i+j)%10 }
			p := set.Prompt(sp, code, take, o)
			clean := o
			clean.NoiseDBFS = -300
			c := set.Prompt(sp, code, take, clean)
			q := audio.Analyze(p.Clip, audio.QualityConfig{})
			verdicts[q.Code]++
			speech := make([]bool, len(p.Clip.Samples))
			for _, s := range q.Segments {
				for k := s.Start; k < s.End; k++ {
					speech[k] = true
				}
			}
			near := make([]bool, len(p.Clip.Samples))
			for _, s := range p.Spans {
				for k := max(0, s.Start-audio.Rate/10); k < min(len(near), s.End+audio.Rate/10); k++ {
					near[k] = true
				}
			}
			for _, s := range p.Spans {
				for k := s.Start; k+audio.FrameSamples <= s.End; k += audio.FrameSamples {
					if level(c.Clip.Samples[k:k+audio.FrameSamples]) < o.NoiseDBFSOr(-70)+6 {
						continue
					}
					ref++
					if speech[k+audio.FrameSamples/2] {
						found++
					}
				}
			}
			for k := 0; k+audio.FrameSamples <= len(speech); k += audio.FrameSamples {
				if !near[k] {
					all++
					if speech[k] {
						out++
					}
				}
			}
		}
	}
	return float64(found) / float64(ref), float64(out) / float64(all), verdicts
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
