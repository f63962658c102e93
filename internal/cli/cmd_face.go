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
	"time"

	"biokiosk/capture/autocapture"
	"biokiosk/capture/camera"
	"biokiosk/capture/face"

	"gocv.io/x/gocv"
)

// faceJSON is analyze-face's per-file result.
type faceJSON struct {
	File       string      `json:"file"`
	Faces      int         `json:"faces"`
	OK         bool        `json:"ok"`
	Score      float64     `json:"score"`
	Guidance   face.Code   `json:"guidance"`
	Problems   []face.Code `json:"problems"`
	IED        float64     `json:"ied_px"`
	Yaw        float64     `json:"yaw"`
	Pitch      float64     `json:"pitch"`
	Roll       float64     `json:"roll"`
	EyesOpen   bool        `json:"eyes_open"`
	Sharpness  float64     `json:"sharpness"`
	Brightness float64     `json:"brightness"`
	Liveness   float64     `json:"liveness"`
	Box        []int       `json:"box"`
	Reduced    bool        `json:"reduced,omitempty"`
	Error      string      `json:"error,omitempty"`
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func toFaceJSON(file string, a *face.Analysis) faceJSON {
	b := a.Box()
	problems := a.Problems
	if problems == nil {
		problems = []face.Code{}
	}
	return faceJSON{
		File: file, Faces: len(a.Faces), OK: a.OK(), Score: a.Score, Guidance: a.Guidance, Problems: problems,
		IED: round1(a.IED), Yaw: round1(a.Pose.Yaw), Pitch: round1(a.Pose.Pitch), Roll: round1(a.Pose.Roll),
		EyesOpen: a.Eyes.Open(), Sharpness: round1(a.Photo.Sharpness), Brightness: round1(a.Photo.Brightness),
		Liveness: math.Round(a.Liveness*1000) / 1000, Box: []int{b.Min.X, b.Min.Y, b.Dx(), b.Dy()}, Reduced: a.Reduced,
	}
}

// openFaceAnalyzer loads the models (or the Haar fallback, with one
// warning line on stderr).
func openFaceAnalyzer(st *stdio, cfg face.Config) (*face.Analyzer, func(), error) {
	return face.OpenAnalyzer(os.Getenv, cfg, st.err)
}

// addGateFlags registers the capture gate's main thresholds on fs; the
// rest keep face.DefaultConfig's values (README: "Face capture").
func addGateFlags(fs *flag.FlagSet) *face.Config {
	c := face.DefaultConfig()
	fs.Float64Var(&c.MinIED, "min-ied", c.MinIED, "smallest inter-eye distance in pixels")
	fs.Float64Var(&c.MaxYaw, "max-yaw", c.MaxYaw, "largest head turn in degrees")
	fs.Float64Var(&c.MaxPitch, "max-pitch", c.MaxPitch, "largest head nod in degrees")
	fs.Float64Var(&c.MaxRoll, "max-roll", c.MaxRoll, "largest head tilt in degrees")
	return &c
}

// cmdAnalyzeFace analyses still images.
func cmdAnalyzeFace(_ context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("analyze-face", flag.ContinueOnError)
	fs.SetOutput(st.err)
	asJSON := fs.Bool("json", false, "print one JSON object")
	gate := addGateFlags(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintln(st.err, "usage: biokiosk analyze-face IMAGE... [--json]")
		return 2
	}
	an, closeFn, err := openFaceAnalyzer(st, *gate)
	if err != nil {
		fmt.Fprintln(st.err, "biokiosk analyze-face:", err)
		return 1
	}
	defer closeFn()
	return analyzeStills(st, "analyze-face", files, *asJSON,
		func(f string, img gocv.Mat) (faceJSON, error) {
			a, err := an.AnalyzeStill(img)
			return toFaceJSON(f, &a), err
		},
		func(f, msg string) faceJSON { return faceJSON{File: f, Problems: []face.Code{}, Error: msg} },
		func(r faceJSON) string {
			return fmt.Sprintf("%s: %s score %.1f, %d face(s), IED %.0f px, yaw %+.0f° pitch %+.0f° roll %+.0f°, eyes open %v, liveness %.2f, problems %v",
				r.File, r.Guidance, r.Score, r.Faces, r.IED, r.Yaw, r.Pitch, r.Roll, r.EyesOpen, r.Liveness, r.Problems)
		})
}

// cmdCapture runs the live auto-capture on a camera source.
func cmdCapture(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("capture", flag.ContinueOnError)
	fs.SetOutput(st.err)
	src := fs.String("camera", "0", "camera: index, /dev/videoN, rtsp/http URL, video file, image pattern or image")
	outPath := fs.String("out", "", "write the captured JPEG here (only when captured)")
	timeout := fs.Duration("timeout", 20*time.Second, "give up after this long")
	dwell := fs.Duration("dwell", 1200*time.Millisecond, "how long the gate must hold")
	realtime := fs.Bool("realtime", false, "play file sources at their frame rate")
	asJSON := fs.Bool("json", false, "print JSON")
	gate := addGateFlags(fs)
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	cam, err := camera.Open(*src, camera.Options{Realtime: *realtime})
	if err != nil {
		fmt.Fprintln(st.err, "biokiosk capture:", err)
		return 3
	}
	defer cam.Close()
	an, closeFn, err := openFaceAnalyzer(st, *gate)
	if err != nil {
		fmt.Fprintln(st.err, "biokiosk capture:", err)
		return 1
	}
	defer closeFn()
	out, err := autocapture.Run(ctx, cam, an, autocapture.Config{Options: autocapture.Options{Dwell: *dwell, Timeout: *timeout}})
	if err != nil {
		fmt.Fprintln(st.err, "biokiosk capture:", err)
		return 3
	}
	return finishCapture(st, "capture", *outPath, *asJSON, out, capturedPhoto{Captured: out.Captured, JPEG: out.JPEG,
		FrameIndex: out.FrameIndex, Frames: out.Frames, ElapsedMS: out.ElapsedMS, Score: out.Score, Reason: string(out.Reason)})
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
		fmt.Fprintln(st.err, "biokiosk bench-face:", err)
		return 3
	}
	defer func() {
		for i := range frames {
			frames[i].Close()
		}
	}()
	an, closeFn, err := openFaceAnalyzer(st, face.DefaultConfig())
	if err != nil {
		fmt.Fprintln(st.err, "biokiosk bench-face:", err)
		return 1
	}
	defer closeFn()
	haar := gocv.NewCascadeClassifier()
	defer haar.Close()
	if !haar.Load(face.HaarCascade) {
		fmt.Fprintln(st.err, "biokiosk bench-face: cannot load", face.HaarCascade, "(install opencv-data)")
		return 1
	}

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
			fmt.Fprintln(st.err, "biokiosk bench-face:", err)
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
