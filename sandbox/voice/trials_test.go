package voice

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"biokiosk/capture/audio"
	"biokiosk/internal/testkit/voicetest"

	"github.com/stretchr/testify/assert"
)

// speakerClips are every real speaker's enrolment and test utterances:
// the three FSDD speakers' four-digit prompts (enrolment from takes
// 20–24, tests from takes 25–29: other recordings of the digits) and 3 s
// slices of the Silero recordings (enrolment from the first 9 s, tests
// from 30 s on).
type speakerClips struct {
	name         string
	enrol, tests []audio.Clip
}

func realSpeakers(tb testing.TB, tests int, o voicetest.Options) []speakerClips {
	set := voicetest.Load(tb)
	codes := voicetest.Codes(3+tests, 29)
	var out []speakerClips
	for _, sp := range voicetest.Speakers {
		s := speakerClips{name: sp}
		for i, code := range codes {
			first := voicetest.FirstTake
			if i >= 3 {
				first += 5
			}
			p := set.Prompt(sp, code, func(j int) int { return first + (i+j)%5 }, o)
			if i < 3 {
				s.enrol = append(s.enrol, p.Clip)
			} else {
				s.tests = append(s.tests, p.Clip)
			}
		}
		out = append(out, s)
	}
	for _, name := range []string{"en.wav", "de.wav"} {
		out = append(out, speakerClips{name: name[:2],
			enrol: voicetest.Silero(tb, name, 0, 3, 3), tests: voicetest.Silero(tb, name, 30, 3, tests)})
	}
	return out
}

// runTrials enrols every speaker and scores every test utterance
// against its own template (genuine) and every other speaker's
// (impostor).
type trialSet struct {
	genuine, impostor []float64
	names             []string // impostor trial labels "speaker→claimed"
	gnames            []string
}

func runTrials(tb testing.TB, e *Engine, speakers []speakerClips) trialSet {
	ctx := context.Background()
	tmpls := make([][]float32, len(speakers))
	tests := make([][][]float32, len(speakers))
	for i, s := range speakers {
		var vs [][]float32
		for _, c := range s.enrol {
			v, ok := e.Voiceprint(ctx, c)
			if !ok {
				tb.Fatalf("%s: no voiceprint of an enrolment utterance", s.name)
			}
			vs = append(vs, v)
		}
		tmpls[i] = Mean(vs)
		for _, c := range s.tests {
			v, ok := e.Voiceprint(ctx, c)
			if !ok {
				tb.Fatalf("%s: no voiceprint of a test utterance", s.name)
			}
			tests[i] = append(tests[i], v)
		}
	}
	var ts trialSet
	for i := range speakers {
		for _, v := range tests[i] {
			for j := range speakers {
				s := Similarity(v, tmpls[j])
				if i == j {
					ts.gnames = append(ts.gnames, speakers[i].name)
					ts.genuine = append(ts.genuine, s)
				} else {
					ts.impostor = append(ts.impostor, s)
					ts.names = append(ts.names, speakers[i].name+"→"+speakers[j].name)
				}
			}
		}
	}
	return ts
}

// eer is the equal error rate and the threshold where it is reached.
func eer(gen, imp []float64) (rate, at float64) {
	cands := append(append([]float64(nil), gen...), imp...)
	sort.Float64s(cands)
	best := 2.0
	for _, th := range cands {
		frr, far := rates(gen, imp, th)
		if d := abs(frr - far); d < best {
			best, rate, at = d, (frr+far)/2, th
		}
	}
	return rate, at
}

func rates(gen, imp []float64, th float64) (frr, far float64) {
	for _, g := range gen {
		if g < th {
			frr++
		}
	}
	for _, s := range imp {
		if s >= th {
			far++
		}
	}
	return frr / float64(len(gen)), far / float64(len(imp))
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func (ts trialSet) String() string {
	r, at := eer(ts.genuine, ts.impostor)
	frr, far := rates(ts.genuine, ts.impostor, Threshold)
	g, i := voicetest.Sorted(ts.genuine), voicetest.Sorted(ts.impostor)
	return fmt.Sprintf("EER %.1f %% at %.3f; at the threshold %.3f: FRR %.1f %% (%d genuine), FAR %.1f %% (%d impostor); genuine %.3f–%.3f, impostor %.3f–%.3f",
		100*r, at, Threshold, 100*frr, len(g), 100*far, len(i), g[0], g[len(g)-1], i[0], i[len(i)-1])
}

// Single-utterance verification of every real speaker, at their recorded
// level: every genuine trial accepted, at most one impostor trial in 30
// accepted (the goal; 120 impostor trials here).
func TestRealSpeakersSeparated(t *testing.T) {
	ts := runTrials(t, New(), realSpeakers(t, 6, voicetest.Options{}))
	t.Log(ts)
	frr, far := rates(ts.genuine, ts.impostor, Threshold)
	assert.Zero(t, frr, "no genuine speaker rejected")
	assert.LessOrEqual(t, far*30, 1.0, "at most 1 false accept in 30")
}

// BenchmarkSpeakerEER prints the EER and the threshold's FRR/FAR on every
// real speaker pair, as recorded, quiet (-25 dB, normalised back), and in
// noise, and the cost of one voiceprint.
func BenchmarkSpeakerEER(b *testing.B) {
	e := New()
	for _, v := range []struct {
		name string
		o    voicetest.Options
	}{{"recorded", voicetest.Options{}}, {"quiet", voicetest.Options{GainDB: -25}}, {"noisy", voicetest.Options{NoiseDBFS: -45}}} {
		sp := realSpeakers(b, 9, v.o)
		ts := runTrials(b, e, sp)
		b.Logf("%s: %s", v.name, ts)
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				e.Voiceprint(context.Background(), sp[0].tests[0])
			}
			r, _ := eer(ts.genuine, ts.impostor)
			frr, far := rates(ts.genuine, ts.impostor, Threshold)
			b.ReportMetric(100*r, "EER%")
			b.ReportMetric(100*frr, "FRR%")
			b.ReportMetric(100*far, "FAR%")
		})
	}
}
