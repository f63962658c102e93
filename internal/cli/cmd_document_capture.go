package cli

import (
	"context"
	"flag"
	"fmt"
	"math"
	"time"

	"biokiosk/capture/camera"
	"biokiosk/capture/document"

	"gocv.io/x/gocv"
)

// documentJSON is analyze-document's per-file result.
type documentJSON struct {
	File       string          `json:"file"`
	Found      bool            `json:"found"`
	OK         bool            `json:"ok"`
	Score      float64         `json:"score"`
	Guidance   document.Code   `json:"guidance"`
	Problems   []document.Code `json:"problems"`
	Corners    [][2]float64    `json:"corners,omitempty"`
	Fallback   bool            `json:"fallback,omitempty"`
	Area       float64         `json:"area"`
	Aspect     float64         `json:"aspect"`
	SideRatio  float64         `json:"side_ratio"`
	Skew       float64         `json:"skew_deg"`
	Brightness float64         `json:"brightness"`
	Glare      float64         `json:"glare"`
	Sharpness  float64         `json:"sharpness"`
	Error      string          `json:"error,omitempty"`
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func toDocumentJSON(file string, a *document.Analysis) documentJSON {
	problems := a.Problems
	if problems == nil {
		problems = []document.Code{}
	}
	r := documentJSON{File: file, Found: a.Found, OK: a.OK(), Score: a.Score, Guidance: a.Guidance, Problems: problems,
		Fallback: a.Fallback, Area: round3(a.Area), Aspect: round3(a.Aspect), SideRatio: round3(a.SideRatio), Skew: round1(a.Skew),
		Brightness: round1(a.Photo.Brightness), Glare: round3(a.Photo.Glare), Sharpness: math.Round(a.Photo.Sharpness)}
	if a.Found {
		for _, c := range a.Corners {
			r.Corners = append(r.Corners, [2]float64{round1(float64(c.X)), round1(float64(c.Y))})
		}
	}
	return r
}

// cmdAnalyzeDocument analyses still images of a document.
func cmdAnalyzeDocument(_ context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("analyze-document", flag.ContinueOnError)
	fs.SetOutput(st.err)
	kind := fs.String("doctype", string(document.IDCard), "document type: idcard or passport")
	asJSON := fs.Bool("json", false, "print one JSON object")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintln(st.err, "usage: biokiosk analyze-document IMAGE... [--doctype idcard|passport] [--json]")
		return 2
	}
	an, err := document.NewAnalyzer(document.Type(*kind), document.DefaultConfig())
	if err != nil {
		logErr(st, "analyze-document", err)
		return 2
	}
	defer an.Close()
	return analyzeStills(st, "analyze-document", files, *asJSON,
		func(f string, img gocv.Mat) (documentJSON, error) {
			an.Reset() // unrelated images: no movement between them
			a, err := an.Analyze(img)
			return toDocumentJSON(f, &a), err
		},
		func(f, msg string) documentJSON {
			return documentJSON{File: f, Problems: []document.Code{}, Error: msg}
		},
		func(r documentJSON) string {
			return fmt.Sprintf("%s: %s score %.1f, found %v, area %.2f, aspect %.3f, skew %.1f°, brightness %.0f, glare %.4f, sharpness %.0f, problems %v",
				r.File, r.Guidance, r.Score, r.Found, r.Area, r.Aspect, r.Skew, r.Brightness, r.Glare, r.Sharpness, r.Problems)
		})
}

// cmdCaptureDocument auto-captures one side of a document from a camera
// source. The photo is written only with --out.
func cmdCaptureDocument(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("capture-document", flag.ContinueOnError)
	fs.SetOutput(st.err)
	src := fs.String("camera", "0", "camera: index, /dev/videoN, rtsp/http URL, video file, image pattern or image")
	kind := fs.String("doctype", string(document.IDCard), "document type: idcard or passport")
	side := fs.String("side", "front", "side: front or back")
	front := fs.String("front", "", "with --side back: the captured front (JPEG), so the front is not taken again; without it the document must leave the view first")
	outPath := fs.String("out", "", "write the captured JPEG here (only when captured)")
	timeout := fs.Duration("timeout", 20*time.Second, "give up after this long")
	dwell := fs.Duration("dwell", time.Second, "how long the gate must hold")
	realtime := fs.Bool("realtime", false, "play file sources at their frame rate")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if *side != "front" && *side != "back" {
		logErr(st, "capture-document", fmt.Errorf("--side %q: want front or back", *side))
		return 2
	}
	an, err := document.NewAnalyzer(document.Type(*kind), document.DefaultConfig())
	if err != nil {
		logErr(st, "capture-document", err)
		return 2
	}
	defer an.Close()
	opt := document.CaptureOptions{Dwell: *dwell, Timeout: *timeout}
	if *side == "back" {
		if *front != "" {
			img, err := readStill(*front)
			if err != nil {
				img.Close()
				logErr(st, "capture-document", fmt.Errorf("--front %s: %w", *front, err))
				return 2
			}
			opt.Avoid = document.SignatureOf(img)
			img.Close()
		} else {
			opt.LeaveFirst = true
		}
	}
	cam, err := camera.Open(*src, camera.Options{Realtime: *realtime})
	if err != nil {
		logErr(st, "capture-document", err)
		return 3
	}
	defer cam.Close()
	out, err := document.Capture(ctx, cam, an, opt)
	if err != nil {
		logErr(st, "capture-document", err)
		return 3
	}
	return finishCapture(st, "capture-document", *outPath, *asJSON, out, capturedPhoto{Captured: out.Captured, JPEG: out.JPEG,
		FrameIndex: out.FrameIndex, Frames: out.Frames, ElapsedMS: out.ElapsedMS, Score: out.Score, Reason: string(out.Reason)})
}
