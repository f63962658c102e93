//go:build devtools

package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"syscall"
	"time"

	"biokiosk/capture/camera"
	"biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// singleThreadedBench re-executes "biokiosk bench-face" with OpenCV and
// Go limited to one thread: OpenCV reads its thread count only at start
// (gocv v0.32 has no setNumThreads), so the environment must be set
// before the process begins.
func singleThreadedBench() {
	if len(os.Args) < 2 || (os.Args[1] != "bench-face" && os.Args[1] != "bench-capture") || os.Getenv("OPENCV_FOR_THREADS_NUM") != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	env := append(os.Environ(), "OPENCV_FOR_THREADS_NUM=1", "GOMAXPROCS=1")
	_ = syscall.Exec(exe, os.Args, env) // on failure, run multi-threaded and report it
}

// benchStats are one detector's figures.
type benchStats struct {
	FPS        float64 `json:"fps"`
	P50MS      float64 `json:"p50_ms"`
	P95MS      float64 `json:"p95_ms"`
	FaceFrames int     `json:"face_frames"`
}

func stats(d []time.Duration, faces int) benchStats {
	sorted := append([]time.Duration(nil), d...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	var total time.Duration
	for _, x := range d {
		total += x
	}
	pct := func(p float64) float64 {
		return float64(sorted[int(math.Ceil(p*float64(len(sorted))))-1].Microseconds()) / 1000
	}
	return benchStats{FPS: round1(float64(len(d)) / total.Seconds()), P50MS: pct(0.5), P95MS: pct(0.95), FaceFrames: faces}
}

// cmdBenchFace measures the live analysis against the naive baseline.
func cmdBenchFace(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("bench-face", flag.ContinueOnError)
	fs.SetOutput(st.err)
	src := fs.String("camera", "", "camera source (a video file or image works without a camera)")
	n := fs.Int("frames", 300, "frames to analyse")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if *src == "" || *n <= 0 {
		fmt.Fprintln(st.err, "usage: biokiosk bench-face --camera SOURCE [--frames 300] [--json]")
		return 2
	}
	frames, info, err := loadFrames(ctx, *src, *n)
	if err != nil {
		logErr(st, "bench-face", err)
		return 3
	}
	defer func() {
		for i := range frames {
			frames[i].Close()
		}
	}()
	an, haar, closeFn, err := openBenchDetectors(st)
	if err != nil {
		logErr(st, "bench-face", err)
		return 1
	}
	defer closeFn()

	// Warm up both (first forward passes allocate).
	_, _ = an.AnalyzeLive(frames[0])
	_ = haar.DetectMultiScale(frames[0])
	an.Reset()

	times := make([]time.Duration, len(frames))
	faces := 0
	for i, f := range frames {
		t0 := time.Now()
		a, err := an.AnalyzeLive(f)
		times[i] = time.Since(t0)
		if err != nil {
			logErr(st, "bench-face", err)
			return 1
		}
		if len(a.Faces) > 0 {
			faces++
		}
	}
	ours := stats(times, faces)
	faces = 0
	for i, f := range frames {
		t0 := time.Now()
		r := haar.DetectMultiScale(f) // the gocv facedetect example's call
		times[i] = time.Since(t0)
		if len(r) > 0 {
			faces++
		}
	}
	base := stats(times, faces)
	out := map[string]any{
		"source": *src, "frames": len(frames), "width": info.Width, "height": info.Height,
		"analysis": ours, "baseline_haar": base, "ratio": round1(ours.FPS / base.FPS),
		"gomaxprocs": runtime.GOMAXPROCS(0), "opencv_threads": os.Getenv("OPENCV_FOR_THREADS_NUM"),
		"models": !an.Reduced(),
	}
	if *asJSON {
		_ = printJSON(st.out, out, true)
		return 0
	}
	fmt.Fprintf(st.out, "%d frames %dx%d, GOMAXPROCS=%d, OpenCV threads %s\n", len(frames), info.Width, info.Height, runtime.GOMAXPROCS(0), out["opencv_threads"])
	fmt.Fprintf(st.out, "biokiosk live analysis: %.1f fps, p50 %.1f ms, p95 %.1f ms, face in %d frames\n", ours.FPS, ours.P50MS, ours.P95MS, ours.FaceFrames)
	fmt.Fprintf(st.out, "naive Haar baseline:    %.1f fps, p50 %.1f ms, p95 %.1f ms, face in %d frames\n", base.FPS, base.P50MS, base.P95MS, base.FaceFrames)
	fmt.Fprintf(st.out, "ratio: %.1f×\n", out["ratio"])
	return 0
}

// loadFrames reads n frames into memory, replaying a file source from the
// start when it is shorter.
func loadFrames(ctx context.Context, spec string, n int) ([]gocv.Mat, camera.Info, error) {
	var frames []gocv.Mat
	var info camera.Info
	for len(frames) < n {
		src, err := camera.Open(spec, camera.Options{})
		if err != nil {
			return frames, info, err
		}
		info = src.Info()
		before := len(frames)
		for len(frames) < n {
			m := gocv.NewMat()
			if err := src.Read(ctx, &m); err != nil {
				m.Close()
				if errors.Is(err, io.EOF) {
					break
				}
				src.Close()
				return frames, info, err
			}
			frames = append(frames, m)
		}
		src.Close()
		if len(frames) == before {
			return frames, info, fmt.Errorf("%s: no frames", spec)
		}
	}
	return frames, info, nil
}

// openBenchDetectors opens what the benches compare: the live face
// analyzer and, as the baseline, OpenCV's Haar cascade. closeFn releases
// both.
func openBenchDetectors(st *stdio) (an *face.Analyzer, haar *gocv.CascadeClassifier, closeFn func(), err error) {
	an, closeAn, err := openFaceAnalyzer(st, face.DefaultConfig())
	if err != nil {
		return nil, nil, nil, err
	}
	c := gocv.NewCascadeClassifier()
	if !c.Load(face.HaarCascade) {
		c.Close()
		closeAn()
		return nil, nil, nil, fmt.Errorf("cannot load %s (install opencv-data)", face.HaarCascade)
	}
	return an, &c, func() { c.Close(); closeAn() }, nil
}
