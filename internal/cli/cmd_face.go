package cli

import (
	"context"
	"flag"
	"fmt"
	"math"
	"time"

	"biokiosk/capture/autocapture"
	"biokiosk/capture/camera"
	"biokiosk/capture/face"
	"biokiosk/internal/app"

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
// warning line on stderr) on a new App; close frees both.
func openFaceAnalyzer(st *stdio, cfg face.Config) (*face.Analyzer, func(), error) {
	a := newApp(st, app.ServerSettings{}, "", "")
	an, closeAn, err := a.Analyzer(cfg)
	if err != nil {
		a.Close()
		return nil, nil, err
	}
	return an, func() { closeAn(); a.Close() }, nil
}

// addGateFlags registers the capture gate's main thresholds on fs; the
// rest keep face.DefaultConfig's values (docs/capture.md, "Face capture").
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
		logErr(st, "analyze-face", err)
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
		logErr(st, "capture", err)
		return 3
	}
	defer cam.Close()
	an, closeFn, err := openFaceAnalyzer(st, *gate)
	if err != nil {
		logErr(st, "capture", err)
		return 1
	}
	defer closeFn()
	out, err := autocapture.Run(ctx, cam, an, autocapture.Config{Options: autocapture.Options{Dwell: *dwell, Timeout: *timeout}})
	if err != nil {
		logErr(st, "capture", err)
		return 3
	}
	return finishCapture(st, "capture", *outPath, *asJSON, out, capturedPhoto{Captured: out.Captured, JPEG: out.JPEG,
		FrameIndex: out.FrameIndex, Frames: out.Frames, ElapsedMS: out.ElapsedMS, Score: out.Score, Reason: string(out.Reason)})
}
