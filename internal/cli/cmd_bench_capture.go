//go:build devtools

package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"biokiosk/capture/autocapture"
	"biokiosk/capture/face"
	"biokiosk/internal/testkit/synth"

	"gocv.io/x/gocv"
)

// benchSequence is one generated session's outcome.
type benchSequence struct {
	Face   string      `json:"face"`
	Expect string      `json:"expect"`
	Want   []face.Code `json:"want,omitempty"`
	Sigma  float64     `json:"sigma"`
	Width  int         `json:"width"`
	Height int         `json:"height"`
	// Captured is a photo taken at all; InStretch one taken from the
	// still stretch (the face placed at the kiosk's size and centre).
	Captured  bool `json:"captured"`
	InStretch bool `json:"in_stretch"`
	// AfterMS is the time from the still stretch's start to capture.
	AfterMS int64     `json:"after_ms"`
	Reason  face.Code `json:"reason,omitempty"`
	// Shown is the share of the still stretch's frames (after its first
	// 300 ms, up to capture) on which each code was shown (after the
	// live loop's hysteresis).
	Shown map[face.Code]float64 `json:"shown"`
	// Pose is the spread of the reported pose over the still stretch,
	// after its first 300 ms (the filter's fill); Yaw and Pitch its mean.
	Pose       poseSpread `json:"pose"`
	Yaw, Pitch float64
	// Liveness is the confirmed liveness (Analyzer.Confirm) on every
	// 15th frame of the still stretch: mean and minimum.
	Liveness, LivenessMin float64
	// Pass says the face got what its label expects (see benchVerdict).
	Pass bool `json:"pass"`
}

// poseSpread is the worst axis's standard deviation and largest
// deviation from the mean (yaw, pitch, roll), in degrees, over Frames
// frames with a known pose.
type poseSpread struct {
	SD     float64 `json:"sd_deg"`
	MaxDev float64 `json:"max_dev_deg"`
	Frames int     `json:"frames"`
}

// spreadOf is the poseSpread of the poses.
func spreadOf(poses []face.Pose) poseSpread {
	out := poseSpread{Frames: len(poses)}
	yaw, pitch, roll := make([]float64, len(poses)), make([]float64, len(poses)), make([]float64, len(poses))
	for i, p := range poses {
		yaw[i], pitch[i], roll[i] = p.Yaw, p.Pitch, p.Roll
	}
	for _, v := range [][]float64{yaw, pitch, roll} {
		sd, dev := synth.Spread(v)
		out.SD, out.MaxDev = math.Max(out.SD, sd), math.Max(out.MaxDev, dev)
	}
	out.SD, out.MaxDev = round2(out.SD), round2(out.MaxDev)
	return out
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// benchDwell is auto-capture's default dwell; a compliant face passes
// when captured within benchDwell + benchSlack of the still stretch's
// start, a correction needs its code on benchShare of the frames.
const (
	benchDwell = 1200 * time.Millisecond
	benchSlack = 500 * time.Millisecond
	benchShare = 0.8
)

// benchVerdict says whether b got what its label expects: a compliant face
// captured from the still stretch within the dwell and the slack; a
// correction never captured and one of its codes shown on ≥ 80 % of
// the still stretch's frames after its first 300 ms.
func benchVerdict(b *benchSequence) bool {
	if b.Expect == synth.ExpectCompliant {
		return b.InStretch && time.Duration(b.AfterMS)*time.Millisecond <= benchDwell+benchSlack
	}
	var share float64
	for _, c := range b.Want {
		share += b.Shown[c]
	}
	return !b.Captured && share >= benchShare
}

// cmdBenchCapture runs auto-capture over generated kiosk sessions of
// every labelled face (testdata/faces/labels.json) × noise × resolution,
// reports per face what it got against its label, and times the live
// analysis beside the Haar baseline on the same frames.
func cmdBenchCapture(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("bench-capture", flag.ContinueOnError)
	fs.SetOutput(st.err)
	dir := fs.String("faces", filepath.Join("testdata", "faces"), "folder of the labelled faces")
	labels := fs.String("labels", "", "labels file (default FACES/labels.json)")
	only := fs.String("only", "", "comma-separated face file names to run (default all labelled)")
	sizes := fs.String("sizes", "640x480,1280x720", "comma-separated frame sizes")
	sigmas := fs.String("sigmas", "3,6", "comma-separated sensor noise levels (grey levels)")
	still := fs.Duration("still", 4*time.Second, "length of the still stretch")
	bad := fs.Duration("walk-up", time.Second, "length of each walk-up stretch (far, off-centre, blurred, dark)")
	haarEvery := fs.Int("haar-every", 10, "time the Haar baseline on every n-th frame (0: no timing pass)")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	fail := func(err error) int {
		logErr(st, "bench-capture", err)
		return 1
	}
	if *labels == "" {
		*labels = filepath.Join(*dir, "labels.json")
	}
	all, err := synth.LoadLabels(*labels)
	if err != nil {
		return fail(err)
	}
	frameSizes, err := parseSizes(*sizes)
	if err != nil {
		return fail(err)
	}
	noise, err := parseFloats(*sigmas)
	if err != nil {
		return fail(err)
	}
	want := nameSet(*only)
	an, haar, closeFn, err := openBenchDetectors(st)
	if err != nil {
		return fail(err)
	}
	defer closeFn()
	r := benchRun{an: an, haar: haar, haarEvery: *haarEvery, bad: int(bad.Seconds() * benchFPS), still: int(still.Seconds() * benchFPS),
		live: map[string][]time.Duration{}, base: map[string][]time.Duration{}}
	for _, l := range all {
		if l.Expect == synth.ExpectDetection || (len(want) > 0 && !want[l.Name()]) {
			continue
		}
		if err := r.face(ctx, filepath.Join(*dir, l.File), l, frameSizes, noise); err != nil {
			return fail(err)
		}
	}
	if *asJSON {
		out := map[string]any{"sequences": r.seqs, "timing": r.timing(), "gomaxprocs": runtime.GOMAXPROCS(0)}
		_ = printJSON(st.out, out, true)
		return 0
	}
	printBenchTable(st.out, r.seqs)
	for _, size := range frameSizes {
		r.printTiming(st.out, fmt.Sprintf("%d×%d", size[0], size[1]))
	}
	return 0
}

// nameSet is the set of a comma-separated list's names.
func nameSet(csv string) map[string]bool {
	set := map[string]bool{}
	for _, n := range strings.Split(csv, ",") {
		if n != "" {
			set[n] = true
		}
	}
	return set
}

// benchFPS is the generated sessions' frame rate.
const benchFPS = 30

// benchRun is bench-capture's run: its detectors and settings, and the
// sessions and frame times gathered.
type benchRun struct {
	an   *face.Analyzer
	haar *gocv.CascadeClassifier
	// haarEvery: time the Haar baseline on every n-th frame (0: no
	// timing pass); bad and still: the walk-up and still stretches'
	// frames.
	haarEvery, bad, still int
	seqs                  []benchSequence
	// live and base are the frame times of the live analysis and the
	// Haar baseline by resolution ("640×480").
	live, base map[string][]time.Duration
}

// face runs a session of the labelled face at path for every frame size
// and noise level.
func (r *benchRun) face(ctx context.Context, path string, l synth.Label, sizes [][2]int, noise []float64) error {
	p, err := synth.NewPlacer(r.an, path)
	if err != nil {
		return err
	}
	defer p.Close()
	for _, size := range sizes {
		for _, sigma := range noise {
			if err := r.session(ctx, p, l, size, sigma); err != nil {
				return err
			}
		}
	}
	return nil
}

// session runs auto-capture over one generated kiosk session, judges it
// against the label, and times its frames.
func (r *benchRun) session(ctx context.Context, p *synth.Placer, l synth.Label, size [2]int, sigma float64) error {
	const fps = benchFPS
	s := synth.KioskSession(p, synth.NewCamera(size[0], size[1], sigma, 2, uint64(len(r.seqs))), fps, r.bad, r.still)
	start, end, err := s.Span(synth.Compliant)
	var b benchSequence
	if err == nil {
		b, err = benchOne(ctx, s, r.an, fps, start, end)
	}
	if err != nil {
		return err
	}
	b.Face, b.Expect, b.Want, b.Sigma, b.Width, b.Height = l.Name(), l.Expect, l.Codes, sigma, size[0], size[1]
	s.Rewind()
	pass := timeFrames(ctx, s, r.an, r.haar, r.haarEvery, start+int(0.3*fps), end)
	b.Pose = spreadOf(pass.poses)
	b.Yaw, b.Pitch = round1(meanOf(pass.poses, func(p face.Pose) float64 { return p.Yaw })), round1(meanOf(pass.poses, func(p face.Pose) float64 { return p.Pitch }))
	b.Liveness, b.LivenessMin = round2(mean(pass.liveness)), round2(minOf(pass.liveness))
	b.Pass = benchVerdict(&b)
	r.seqs = append(r.seqs, b)
	if r.haarEvery > 0 {
		res := fmt.Sprintf("%d×%d", size[0], size[1])
		r.live[res], r.base[res] = append(r.live[res], pass.live...), append(r.base[res], pass.base...)
	}
	return nil
}

// timing is the live analysis's and the Haar baseline's frame time
// statistics by resolution, and their p95 ratio.
func (r *benchRun) timing() map[string]any {
	timing := map[string]any{}
	for res := range r.live {
		l, h := stats(r.live[res], 0), stats(r.base[res], 0)
		timing[res] = map[string]any{"analysis": l, "baseline_haar": h, "ratio_p95": round1(h.P95MS / l.P95MS)}
	}
	return timing
}

// printTiming prints the frame times at resolution res, if any.
func (r *benchRun) printTiming(w io.Writer, res string) {
	if len(r.live[res]) == 0 {
		return
	}
	l, h := stats(r.live[res], 0), stats(r.base[res], 0)
	fmt.Fprintf(w, "%s: live p50 %.1f ms p95 %.1f ms (%d frames) | Haar p50 %.1f ms p95 %.1f ms (%d frames) | p95 ratio %.1f×\n",
		res, l.P50MS, l.P95MS, len(r.live[res]), h.P50MS, h.P95MS, len(r.base[res]), h.P95MS/l.P95MS)
}

// printBenchTable prints one Markdown row per session and a summary.
func printBenchTable(w io.Writer, seqs []benchSequence) {
	fmt.Fprintln(w, "| face | label | frame | σ | captured | after start | codes shown (share of still frames after 300 ms) | yaw / pitch | pose SD / max dev | liveness mean (min) | goal |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	passed := 0
	for _, b := range seqs {
		label := b.Expect
		if len(b.Want) > 0 {
			label = fmt.Sprint(b.Want)
		}
		captured, after := "no", "—"
		if b.Captured {
			captured = "outside the still stretch"
			if b.InStretch {
				captured, after = "yes", fmt.Sprintf("%d ms", b.AfterMS)
			}
		}
		goal := "**missed**"
		if b.Pass {
			goal, passed = "met", passed+1
		}
		fmt.Fprintf(w, "| %s | %s | %d×%d | %g | %s | %s | %s | %+.1f° / %+.1f° | %.2f° / %.2f° | %.2f (%.2f) | %s |\n", b.Face, label, b.Width, b.Height, b.Sigma,
			captured, after, sharesText(b.Shown), b.Yaw, b.Pitch, b.Pose.SD, b.Pose.MaxDev, b.Liveness, b.LivenessMin, goal)
	}
	fmt.Fprintf(w, "\n%d of %d sessions met their label's goal.\n", passed, len(seqs))
}

// sharesText lists the shown codes, most frequent first.
func sharesText(m map[face.Code]float64) string {
	type cs struct {
		c face.Code
		s float64
	}
	var l []cs
	for c, s := range m {
		l = append(l, cs{c, s})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].s > l[j].s || l[i].s == l[j].s && l[i].c < l[j].c })
	var parts []string
	for _, x := range l {
		parts = append(parts, fmt.Sprintf("%s %.0f %%", x.c, 100*x.s))
	}
	return strings.Join(parts, ", ")
}

// parseSizes reads "640x480,1280x720".
func parseSizes(s string) ([][2]int, error) {
	var out [][2]int
	for _, f := range strings.Split(s, ",") {
		var w, h int
		if _, err := fmt.Sscanf(strings.TrimSpace(f), "%dx%d", &w, &h); err != nil || w <= 0 || h <= 0 {
			return nil, fmt.Errorf("frame size %q: want WxH", f)
		}
		out = append(out, [2]int{w, h})
	}
	return out, nil
}

// parseFloats reads "3,6".
func parseFloats(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		var v float64
		if _, err := fmt.Sscanf(strings.TrimSpace(f), "%g", &v); err != nil {
			return nil, fmt.Errorf("number %q: %w", f, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// benchOne runs auto-capture over s, whose still stretch is frames
// [start, end), and counts the codes shown there from 300 ms in.
func benchOne(ctx context.Context, s *synth.Session, an *face.Analyzer, fps float64, start, end int) (benchSequence, error) {
	var b benchSequence
	from := start + int(0.3*fps)
	counts, n := map[face.Code]int{}, 0
	cfg := autocapture.Config{Preview: func(p *autocapture.Preview) {
		if p.Index >= from && p.Index < end {
			counts[p.Guidance]++
			n++
		}
		p.Release()
	}}
	out, err := autocapture.Run(ctx, s, an, cfg)
	if err != nil {
		return b, err
	}
	b.Captured, b.Reason = out.Captured, out.Reason
	b.InStretch = out.Captured && out.FrameIndex >= start && out.FrameIndex < end
	b.AfterMS = int64(float64(out.Frames-1-start) / fps * 1000)
	b.Shown = map[face.Code]float64{}
	for c, k := range counts {
		b.Shown[c] = round2(float64(k) / float64(n))
	}
	return b, nil
}

// framePass is what timeFrames saw.
type framePass struct {
	live, base []time.Duration
	poses      []face.Pose
	liveness   []float64
}

// timeFrames times the live analysis on every frame of s and the Haar
// baseline (the full frame, default parameters) on every n-th, and
// collects the known poses the live analysis reported on frames
// [from, to) and a confirmed liveness on every 15th of them (not timed).
func timeFrames(ctx context.Context, s *synth.Session, an *face.Analyzer, haar *gocv.CascadeClassifier, n, from, to int) framePass {
	var out framePass
	frame := gocv.NewMat()
	defer frame.Close()
	an.Reset()
	for i := 0; ; i++ {
		if err := s.Read(ctx, &frame); err != nil {
			return out
		}
		t0 := time.Now()
		a, err := an.AnalyzeLive(frame)
		out.live = append(out.live, time.Since(t0))
		if err == nil && i >= from && i < to {
			if a.PoseKnown {
				out.poses = append(out.poses, a.Pose)
			}
			if (i-from)%15 == 0 && len(a.Faces) > 0 {
				if err := an.Confirm(frame, &a); err == nil {
					out.liveness = append(out.liveness, a.Liveness)
				}
			}
		}
		if n > 0 && i%n == 0 {
			t0 = time.Now()
			_ = haar.DetectMultiScale(frame)
			out.base = append(out.base, time.Since(t0))
		}
	}
}

func meanOf(poses []face.Pose, f func(face.Pose) float64) float64 {
	v := make([]float64, len(poses))
	for i, p := range poses {
		v[i] = f(p)
	}
	return mean(v)
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func minOf(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	m := v[0]
	for _, x := range v[1:] {
		m = math.Min(m, x)
	}
	return m
}
