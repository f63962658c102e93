package voice

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"biokiosk/capture/audio"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/internal/testkit/voicetest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recogniserFrom builds a recogniser from takes [from, to] of speakers.
func recogniserFrom(set *voicetest.Set, speakers []string, from, to int) *Recogniser {
	var all [][10][]audio.Clip
	for _, sp := range speakers {
		var takes [10][]audio.Clip
		for d := range 10 {
			takes[d] = set.Takes[sp][d][from-voicetest.FirstTake : to-voicetest.FirstTake+1]
		}
		all = append(all, takes)
	}
	return NewRecogniser(context.Background(), New(), all...)
}

// promptResults checks prompts of speaker (takes 25–29) against their own
// code and against another code.
type promptResults struct {
	exact, digitsRight, digits int
	said, wrongPassed, n       int
}

func checkPrompts(t *testing.T, set *voicetest.Set, speaker string, codes []string, check func(audio.Clip, string) (string, bool)) promptResults {
	var r promptResults
	for i, code := range codes {
		p := set.Prompt(speaker, code, func(j int) int { return 25 + (i+j)%5 }, voicetest.Options{})
		said, ok := check(p.Clip, code)
		if said == code {
			r.exact++
		}
		r.digitsRight += 4 - min(4, DigitErrors(said, code))
		r.digits += 4
		if ok {
			r.said++
		}
		if _, ok := check(p.Clip, codes[(i+1)%len(codes)]); ok {
			r.wrongPassed++
		}
		r.n++
	}
	return r
}

func (r promptResults) add(o promptResults) promptResults {
	return promptResults{r.exact + o.exact, r.digitsRight + o.digitsRight, r.digits + o.digits, r.said + o.said, r.wrongPassed + o.wrongPassed, r.n + o.n}
}

// The prompt check on real speakers: every prompt that says its code
// passes, and a prompt checked against another code (a replayed
// recording of an earlier prompt) is refused — with the sandbox's own
// templates (other takes of the same speakers) and with templates of the
// two other speakers only (a speaker the recogniser has never heard).
// Prose that says no digits is refused. The free decoding's digit
// accuracy is printed: it is lower, which is why the check aligns the
// utterance with the expected code instead of comparing decoded digits.
func TestPromptCheckOnRealSpeakers(t *testing.T) {
	set := voicetest.Load(t)
	codes := voicetest.Codes(3, 99)
	e := New()
	var own, unseen promptResults
	for _, held := range voicetest.Speakers {
		own = own.add(checkPrompts(t, set, held, codes, func(c audio.Clip, code string) (string, bool) {
			said, ok, err := e.SaysPrompt(t.Context(), c, code)
			require.NoError(t, err)
			return said, ok
		}))
		var others []string
		for _, sp := range voicetest.Speakers {
			if sp != held {
				others = append(others, sp)
			}
		}
		r := recogniserFrom(set, others, 20, 24)
		unseen = unseen.add(checkPrompts(t, set, held, codes, func(c audio.Clip, code string) (string, bool) {
			said, m := r.Check(t.Context(), c, code)
			return said, m <= PromptMismatch
		}))
	}
	for name, r := range map[string]promptResults{"sandbox templates, held-out takes": own, "speaker left out of the templates": unseen} {
		t.Logf("%s: %d/%d prompts pass the check, %d/%d checked against another code pass; free decoding: %d/%d prompts exact, %.0f %% of digits",
			name, r.said, r.n, r.wrongPassed, r.n, r.exact, r.n, 100*float64(r.digitsRight)/float64(r.digits))
		assert.Equal(t, r.n, r.said, "%s: every prompt that says its code passes", name)
		assert.LessOrEqual(t, r.wrongPassed, 1, "%s: another code passes at most once in %d", name, r.n)
	}
	for _, name := range []string{"en.wav", "de.wav"} {
		for i, c := range voicetest.Silero(t, name, 10, 3, 3) {
			_, ok, err := e.SaysPrompt(t.Context(), c, codes[i])
			require.NoError(t, err)
			assert.False(t, ok, "%s: prose is not a prompt code", name)
		}
	}
	assert.Equal(t, 1, DigitErrors("1234", "1334"))
	assert.Equal(t, 2, DigitErrors("123", "1334"))
}

// BenchmarkPromptCheck measures checking one four-digit prompt utterance
// against its code with the embedded templates (two alignments).
func BenchmarkPromptCheck(b *testing.B) {
	set := voicetest.Load(b)
	p := set.Prompt("george", "4719", func(j int) int { return 25 + j }, voicetest.Options{})
	e := New()
	if _, _, err := e.SaysPrompt(context.Background(), p.Clip, p.Code); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		e.SaysPrompt(context.Background(), p.Clip, p.Code)
	}
}

// BenchmarkPromptCheckConditions measures the prompt check on the FSDD
// speakers' prompts (takes 25–29) quietly spoken and in a noisy room, and
// on espeak-ng speaking the digits without pauses (a voice the templates
// do not hold), as the share of prompts passing against their own code
// and against another code.
func BenchmarkPromptCheckConditions(b *testing.B) {
	set := voicetest.Load(b)
	e := New()
	codes := voicetest.Codes(6, 5)
	for _, v := range []struct {
		name string
		o    voicetest.Options
	}{{"quiet", voicetest.Options{GainDB: -25}}, {"noisy", voicetest.Options{NoiseDBFS: -45}}, {"espeak", voicetest.Options{}}} {
		var clips []audio.Clip
		if v.name == "espeak" {
			clips = espeakPrompts(b, codes)
		} else {
			clips = fsddPrompts(set, codes, v.o)
		}
		b.Run(v.name, func(b *testing.B) {
			var own, other float64
			for b.Loop() {
				own, other = promptPassRates(e, clips, codes)
			}
			b.ReportMetric(own, "%pass")
			b.ReportMetric(other, "%other-code-pass")
		})
	}
}

// fsddPrompts are each FSDD speaker saying each code (takes 25–29) under o.
func fsddPrompts(set *voicetest.Set, codes []string, o voicetest.Options) []audio.Clip {
	var clips []audio.Clip
	for _, sp := range voicetest.Speakers {
		for i, code := range codes {
			clips = append(clips, set.Prompt(sp, code, func(j int) int { return 25 + (i+j)%5 }, o).Clip)
		}
	}
	return clips
}

// espeakPrompts are espeak-ng saying each code.
func espeakPrompts(tb testing.TB, codes []string) []audio.Clip {
	var clips []audio.Clip
	for _, code := range codes {
		clips = append(clips, espeakDigits(tb, code))
	}
	return clips
}

// promptPassRates are the percentages of clips (clip i says codes[i%6])
// that pass the prompt check against their own code and against the next.
func promptPassRates(e *Engine, clips []audio.Clip, codes []string) (own, other float64) {
	ctx := context.Background()
	for i, c := range clips {
		if _, ok, _ := e.SaysPrompt(ctx, c, codes[i%6]); ok {
			own++
		}
		if _, ok, _ := e.SaysPrompt(ctx, c, codes[(i+1)%6]); ok {
			other++
		}
	}
	return 100 * own / float64(len(clips)), 100 * other / float64(len(clips))
}

// espeakDigits has espeak-ng say code's digits (synthetic speech, written
// to a temporary folder the test removes).
func espeakDigits(tb testing.TB, code string) audio.Clip {
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	var txt []string
	for _, r := range code {
		txt = append(txt, words[r-'0'])
	}
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		testfiles.Missing(tb, "espeak-ng is not installed: %v", err)
	}
	out := filepath.Join(tb.TempDir(), "digits.wav")
	if b, err := exec.Command("espeak-ng", "-v", "en", "-s", "140", "-w", out, strings.Join(txt, " ")).CombinedOutput(); err != nil {
		tb.Fatalf("espeak-ng: %v: %s", err, b)
	}
	return voicetest.ReadWAV(tb, out)
}
