package voice

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"

	"biokiosk/assets"
	"biokiosk/capture/audio"
)

// A Recogniser tells which English digits (0–9) a prompt utterance says:
// a template matcher, built from recordings of each digit, that aligns
// the utterance against every sequence of digit templates at once
// (one-pass dynamic time warping of connected words, Ney 1984) with a
// silence state between words. Features are c1–c12 of the engine's MFCCs
// with the utterance's (or template's) mean removed, so a voice's and a
// microphone's colour count less. Safe for concurrent use.
type Recogniser struct {
	e         *Engine
	templates []digitTemplate
	// WordPenalty is added each time a digit starts; it keeps noise from
	// being read as extra short digits.
	wordPenalty float64
}

type digitTemplate struct {
	digit  byte
	frames [][recCoeffs]float64
}

// recCoeffs is how many cepstra the recogniser compares (c1–c12).
const recCoeffs = 12

// NewRecogniser builds a recogniser from speakers' takes of each digit
// (16 kHz; a take is trimmed to its speech). A speaker's cepstral mean,
// over all their takes, is removed from their templates, as an
// utterance's own mean is removed from it. Digits with no take cannot be
// heard.
func NewRecogniser(ctx context.Context, e *Engine, speakers ...[10][]audio.Clip) *Recogniser {
	r := &Recogniser{e: e, wordPenalty: 150}
	for _, takes := range speakers {
		mine := r.speakerTemplates(ctx, takes)
		removeSpeakerMean(mine)
		r.templates = append(r.templates, mine...)
	}
	return r
}

// speakerTemplates are the templates of one speaker's takes of each
// digit; a take with under 5 frames of speech is left out.
func (r *Recogniser) speakerTemplates(ctx context.Context, takes [10][]audio.Clip) []digitTemplate {
	var out []digitTemplate
	for d, cs := range takes {
		for _, c := range cs {
			f, _ := r.features(ctx, c)
			if len(f) < 5 {
				continue
			}
			out = append(out, digitTemplate{digit: byte('0' + d), frames: f})
		}
	}
	return out
}

// removeSpeakerMean removes from one speaker's templates the mean of all
// their frames.
func removeSpeakerMean(ts []digitTemplate) {
	var mean [recCoeffs]float64
	n := 0
	for _, t := range ts {
		for _, v := range t.frames {
			for k := range v {
				mean[k] += v[k]
			}
			n++
		}
	}
	for _, t := range ts {
		for i := range t.frames {
			for k := range t.frames[i] {
				t.frames[i][k] -= mean[k] / float64(n)
			}
		}
	}
}

// features are the cepstra of c's speech (from its first to its last
// speech segment, after the gain normalisation) and each frame's energy.
func (r *Recogniser) features(ctx context.Context, c audio.Clip) ([][recCoeffs]float64, []float64) {
	c, _ = audio.Normalize(c, 30)
	segs := audio.Segments(c, audio.VADConfig{})
	if len(segs) == 0 {
		return nil, nil
	}
	c = audio.Trim(c, segs, 0.05)
	buf := make([]complex128, mfccFFT)
	var out [][recCoeffs]float64
	var energy []float64
	for i := 0; i+mfccFrame <= len(c.Samples); i += mfccHop {
		if len(out)%100 == 0 && ctx.Err() != nil {
			return nil, nil
		}
		var e float64
		for _, v := range c.Samples[i : i+mfccFrame] {
			e += float64(v) * float64(v)
		}
		energy = append(energy, e)
		m := r.e.mfcc(c.Samples[i:i+mfccFrame], buf)
		var f [recCoeffs]float64
		copy(f[:], m[:recCoeffs])
		out = append(out, f)
	}
	return out, energy
}

// normalised removes the frames' mean.
func normalised(x [][recCoeffs]float64) [][recCoeffs]float64 {
	var mean [recCoeffs]float64
	for _, f := range x {
		for k := range f {
			mean[k] += f[k] / float64(len(x))
		}
	}
	for i := range x {
		for k := range x[i] {
			x[i][k] -= mean[k]
		}
	}
	return x
}

// Check compares an utterance with the prompt code it should say. It
// returns the digits heard (free decoding) and the mismatch: how much
// worse, per frame, the best alignment of the utterance to the code's
// digits is than the best alignment to any digits. A sample that says the
// code scores near 0; one that says other digits scores higher.
func (r *Recogniser) Check(ctx context.Context, c audio.Clip, code string) (said string, mismatch float64) {
	x, energy := r.features(ctx, c)
	x = normalised(x)
	sil := silence(x, energy)
	said, free := r.decode(ctx, x, sil, "")
	_, forced := r.decode(ctx, x, sil, code)
	if math.IsInf(free, 1) || math.IsInf(forced, 1) {
		return said, math.Inf(1)
	}
	return said, forced - free
}

// silence is the mean of the quietest tenth of frames (the utterance's
// pauses, whose cepstra stand for the room).
func silence(x [][recCoeffs]float64, energy []float64) [recCoeffs]float64 {
	var out [recCoeffs]float64
	if len(x) == 0 {
		return out
	}
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(energy[a], energy[b]) })
	k := max(1, len(idx)/10)
	for _, i := range idx[:k] {
		for d := range out {
			out[d] += x[i][d] / float64(k)
		}
	}
	return out
}

func dist(a, b [recCoeffs]float64) float64 {
	var s float64
	for k := range a {
		d := a[k] - b[k]
		s += d * d
	}
	return math.Sqrt(s)
}

// DigitErrors counts the positions where said differs from want: the
// edit distance (substitutions, insertions, deletions).
func DigitErrors(said, want string) int {
	prev := make([]int, len(want)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(said); i++ {
		cur := make([]int, len(want)+1)
		cur[0] = i
		for j := 1; j <= len(want); j++ {
			sub := prev[j-1]
			if said[i-1] != want[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev = cur
	}
	return prev[len(want)]
}

// templateFiles are the recogniser's digit templates (assets/digits).
var templateFiles = assets.DigitTemplates

// PromptMismatch is the Check mismatch above which an utterance is taken
// not to say its prompt code. Measured (docs/sandbox.md): utterances that
// say the code score 0–1.22, even for speakers the templates do not
// hold; the same utterances checked against another code 1.14–8.3.
const PromptMismatch = 1.5

// SaysPrompt reports whether an English utterance says code, and the
// digits the recogniser heard. The recogniser is built from the embedded
// templates on first use.
func (e *Engine) SaysPrompt(ctx context.Context, c audio.Clip, code string) (said string, ok bool, err error) {
	e.digitsOnce.Do(func() { e.digits, e.digitsErr = embeddedRecogniser(e) })
	if e.digitsErr != nil {
		return "", false, e.digitsErr
	}
	said, m := e.digits.Check(ctx, c, code)
	return said, m <= PromptMismatch, nil
}

// embeddedRecogniser builds the recogniser from the embedded takes.
func embeddedRecogniser(e *Engine) (*Recogniser, error) {
	names, err := fs.Glob(templateFiles, "digits/*.wav")
	if err != nil {
		return nil, fmt.Errorf("voice: digit templates: %w", err)
	}
	bySpeaker := map[string]*[10][]audio.Clip{}
	var order []string
	for _, n := range names {
		var d int
		var sp string
		base := strings.TrimSuffix(path.Base(n), ".wav")
		parts := strings.Split(base, "_")
		if len(parts) != 3 || len(parts[0]) != 1 || parts[0][0] < '0' || parts[0][0] > '9' {
			return nil, fmt.Errorf("voice: digit template %s: name is not digit_speaker_take", n)
		}
		d, sp = int(parts[0][0]-'0'), parts[1]
		b, err := templateFiles.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("voice: digit template %s: %w", n, err)
		}
		c, err := audio.ParseWAV(b)
		if err != nil {
			return nil, fmt.Errorf("voice: digit template %s: %w", n, err)
		}
		if bySpeaker[sp] == nil {
			bySpeaker[sp] = &[10][]audio.Clip{}
			order = append(order, sp)
		}
		bySpeaker[sp][d] = append(bySpeaker[sp][d], c)
	}
	var speakers [][10][]audio.Clip
	for _, sp := range order {
		speakers = append(speakers, *bySpeaker[sp])
	}
	return NewRecogniser(context.Background(), e, speakers...), nil
}
