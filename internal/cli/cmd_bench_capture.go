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
	"time"

	"biokiosk/capture/autocapture"
	"biokiosk/capture/face"
	"biokiosk/internal/synth"

	"gocv.io/x/gocv"
)

// benchSequence is one generated session's outcome.
type benchSequence struct {
	Portrait  string  `json:"portrait"`
	Sigma     float64 `json:"sigma"`
	Width     int     `json:"width"`
	Height    int     `json:"height"`
	Captured  bool    `json:"captured"`
	InStretch bool    `json:"in_stretch"`
	// AfterMS is the time from the compliant stretch's start to capture.
	AfterMS int64     `json:"after_ms"`
	Reason  face.Code `json:"reason,omitempty"`
	// Pose is the spread of the reported pose over the compliant
	// stretch, after its first 300 ms (the filter's fill).
	Pose poseSpread `json:"pose"`
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

// cmdBenchCapture runs auto-capture over generated kiosk sessions
// (portraits × noise × resolution) and times the live analysis beside
// the Haar baseline on the same frames.
func cmdBenchCapture(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("bench-capture", flag.ContinueOnError)
	fs.SetOutput(st.err)
	dir := fs.String("portraits", filepath.Join("testdata", "faces", "portraits"), "folder of the test portraits")
	haarEvery := fs.Int("haar-every", 10, "time the Haar baseline on every n-th frame")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	an, haar, closeFn, err := openBenchDetectors(st)
	if err != nil {
		logErr(st, "bench-capture", err)
		return 1
	}
	defer closeFn()
	const fps = 30
	var seqs []benchSequence
	live, base := map[string][]time.Duration{}, map[string][]time.Duration{}
	for _, name := range []string{"obama.jpg", "obama-480p.jpg", "obama_small.jpg"} {
		p, err := synth.NewPlacer(an, filepath.Join(*dir, name))
		if err != nil {
			logErr(st, "bench-capture", err)
			return 1
		}
		for _, size := range benchSizes {
			for _, sigma := range []float64{0, 3, 6} {
				res := fmt.Sprintf("%d×%d", size[0], size[1])
				s := synth.KioskSession(p, synth.NewCamera(size[0], size[1], sigma, 2, uint64(len(seqs))), fps, 30, 90)
				start, end, err := s.Span(synth.Compliant)
				var b benchSequence
				if err == nil {
					b, err = benchOne(ctx, s, an, fps, start, end)
				}
				if err != nil {
					p.Close()
					logErr(st, "bench-capture", err)
					return 1
				}
				b.Portrait, b.Sigma, b.Width, b.Height = name, sigma, size[0], size[1]
				seqs = append(seqs, b)
				s.Rewind()
				l, h, poses := timeFrames(ctx, s, an, haar, *haarEvery, start+int(0.3*fps), end)
				seqs[len(seqs)-1].Pose = spreadOf(poses)
				live[res], base[res] = append(live[res], l...), append(base[res], h...)
			}
		}
		p.Close()
	}
	timing := map[string]any{}
	for res := range live {
		l, h := stats(live[res], 0), stats(base[res], 0)
		timing[res] = map[string]any{"analysis": l, "baseline_haar": h, "ratio_p95": round1(h.P95MS / l.P95MS)}
	}
	out := map[string]any{"sequences": seqs, "timing": timing, "gomaxprocs": runtime.GOMAXPROCS(0)}
	if *asJSON {
		_ = printJSON(st.out, out, true)
		return 0
	}
	fmt.Fprintln(st.out, "| portrait | σ | frame | captured in stretch | after start | pose SD / max dev (worst axis, still stretch) |")
	fmt.Fprintln(st.out, "|---|---|---|---|---|---|")
	for _, b := range seqs {
		fmt.Fprintf(st.out, "| %s | %g | %d×%d | %v | %d ms | %.2f° / %.2f° (%d frames) |\n", b.Portrait, b.Sigma, b.Width, b.Height, b.Captured && b.InStretch, b.AfterMS,
			b.Pose.SD, b.Pose.MaxDev, b.Pose.Frames)
	}
	for _, size := range benchSizes {
		res := fmt.Sprintf("%d×%d", size[0], size[1])
		l, h := stats(live[res], 0), stats(base[res], 0)
		fmt.Fprintf(st.out, "%s: live p50 %.1f ms p95 %.1f ms (%d frames) | Haar p50 %.1f ms p95 %.1f ms (%d frames) | p95 ratio %.1f×\n",
			res, l.P50MS, l.P95MS, len(live[res]), h.P50MS, h.P95MS, len(base[res]), h.P95MS/l.P95MS)
	}
	return 0
}

// benchSizes are the benchmark's camera resolutions: VGA and the kiosk
// webcams' 720p and 1080p.
var benchSizes = [][2]int{{640, 480}, {1280, 720}, {1920, 1080}}

// benchOne runs auto-capture over s, whose compliant stretch is frames
// [start, end).
func benchOne(ctx context.Context, s *synth.Session, an *face.Analyzer, fps float64, start, end int) (benchSequence, error) {
	var b benchSequence
	out, err := autocapture.Run(ctx, s, an, autocapture.Config{})
	if err != nil {
		return b, err
	}
	b.Captured, b.Reason = out.Captured, out.Reason
	b.InStretch = out.Captured && out.FrameIndex >= start && out.FrameIndex < end
	b.AfterMS = int64(float64(out.Frames-1-start) / fps * 1000)
	return b, nil
}

// timeFrames times the live analysis on every frame of s and the Haar
// baseline (the full frame, default parameters) on every n-th, and
// returns the known poses the live analysis reported on frames [from, to).
func timeFrames(ctx context.Context, s *synth.Session, an *face.Analyzer, haar *gocv.CascadeClassifier, n, from, to int) (live, base []time.Duration, poses []face.Pose) {
	frame := gocv.NewMat()
	defer frame.Close()
	an.Reset()
	for i := 0; ; i++ {
		if err := s.Read(ctx, &frame); err == io.EOF || err != nil {
			return live, base, poses
		}
		t0 := time.Now()
		a, err := an.AnalyzeLive(frame)
		live = append(live, time.Since(t0))
		if err == nil && a.PoseKnown && i >= from && i < to {
			poses = append(poses, a.Pose)
		}
		if n > 0 && i%n == 0 {
			t0 = time.Now()
			_ = haar.DetectMultiScale(frame)
			base = append(base, time.Since(t0))
		}
	}
}
