package autocapture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"biokiosk/capture/camera"
	"biokiosk/capture/face"
	"biokiosk/capture/preview"

	"gocv.io/x/gocv"
)

// FrameSource is what Run reads; *camera.Source is one.
type FrameSource interface {
	Read(ctx context.Context, dst *gocv.Mat) error
	Info() camera.Info
}

// Config configures one live capture.
type Config struct {
	Options
	// StableFrames is the guidance hysteresis (default 3 frames).
	StableFrames int
	// Preview, when set, receives every frame for display, mirrored, as
	// RGBA in a buffer from a pool of two (PreviewPool): call Release when
	// the buffer is no longer shown. When the UI is slower than the camera,
	// frames are skipped before conversion rather than queued.
	Preview func(*Preview)
	// Manual, when it receives, captures the best recent frame now.
	Manual <-chan struct{}
}

// Preview is one displayed frame and what the overlay needs (see
// preview.Face).
type Preview = preview.Face

// Outcome is how a live capture ended.
type Outcome struct {
	Captured bool `json:"captured"`
	// JPEG is the encoded portrait (only when captured; never logged).
	JPEG           []byte            `json:"-"`
	Analysis       face.Analysis     `json:"-"`
	FrameIndex     int               `json:"frame_index"`
	ElapsedMS      int64             `json:"elapsed_ms"`
	Frames         int               `json:"frames"`
	Score          float64           `json:"score"`
	GuidanceCounts map[face.Code]int `json:"guidance_counts"`
	Reason         face.Code         `json:"reason,omitempty"`
}

// Run reads src, analyses every frame, feeds the preview and the
// selector, and returns when a photo is captured, the selector times out,
// a file source ends, or ctx ends. Time is the source's: frame index over
// the frame rate for files (so tests do not depend on the machine's
// speed), the wall clock for live cameras.
func Run(ctx context.Context, src FrameSource, an *face.Analyzer, cfg Config) (*Outcome, error) {
	if cfg.StableFrames <= 0 {
		cfg.StableFrames = 3
	}
	info := src.Info()
	live := info.Kind.Live()
	fps := info.FPS
	if fps <= 0 {
		fps = 30
	}
	sel := NewSelector(cfg.Options, an.Confirm)
	defer sel.Close()
	stab := face.Stabilizer{Frames: cfg.StableFrames}
	an.Reset()

	frame := gocv.NewMat()
	defer frame.Close()
	pool := NewPreviewPool(true)
	defer pool.Close()

	start := time.Now()
	for n := 0; ; n++ {
		if err := src.Read(ctx, &frame); err != nil {
			if errors.Is(err, io.EOF) {
				sel.Stop()
				break
			}
			return nil, fmt.Errorf("autocapture: camera: %w", err)
		}
		at := time.Since(start)
		if !live {
			at = time.Duration(float64(n) / fps * float64(time.Second))
		}
		a, err := an.AnalyzeLive(frame)
		if err != nil {
			return nil, err
		}
		st := sel.Push(at, frame, a)
		shown := stab.Update(a.Guidance)
		if cfg.Preview != nil {
			// Nil while the UI still holds every buffer: skip this frame.
			if buf := pool.Convert(frame); buf != nil {
				cfg.Preview(&Preview{Image: buf, Analysis: a, Guidance: shown, Status: st, Index: n, At: at, Recycle: pool.Put})
			}
		}
		if st.Done {
			break
		}
		select {
		case <-cfg.Manual:
			sel.Capture()
		case <-ctx.Done():
			return nil, ctx.Err()
		default:
		}
		if sel.Result() != nil {
			break
		}
	}
	return outcome(sel.Result())
}

func outcome(r *Result) (*Outcome, error) {
	if r == nil {
		return nil, fmt.Errorf("autocapture: ended without a result")
	}
	o := &Outcome{Captured: r.Captured, Frames: r.Frames, GuidanceCounts: r.GuidanceCounts, Reason: r.Reason}
	if !r.Captured {
		return o, nil
	}
	defer r.Frame.Close()
	jpeg, err := EncodePhoto(r.Frame, &r.Analysis)
	if err != nil {
		return nil, err
	}
	o.JPEG, o.Analysis, o.FrameIndex, o.ElapsedMS, o.Score = jpeg, r.Analysis, r.FrameIndex, r.At.Milliseconds(), r.Analysis.Score
	return o, nil
}
