package document

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"biokiosk/capture/autocapture"
	"biokiosk/capture/guidance"
	"biokiosk/capture/preview"

	"gocv.io/x/gocv"
)

// CaptureOptions configure one side's auto-capture.
type CaptureOptions struct {
	// Dwell is how long the gate must hold before capture (default 1 s:
	// a document lies still more easily than a face holds a pose).
	Dwell time.Duration
	// Timeout ends the attempt without a photo (default 20 s).
	Timeout time.Duration
	// StableFrames is the guidance hysteresis (default 3 frames).
	StableFrames int
	// Avoid is the side already captured (the front, when capturing the
	// back): frames showing it again get FLIP_DOCUMENT. LeaveFirst, used
	// only when Avoid is empty, makes the document leave the view for
	// LeaveFrames frames (default 3) before any capture. MaxSimilarity is
	// the signature similarity from which a frame counts as the avoided
	// side (default 0.5). Measured on synthetic cards only, across poses,
	// noise and upside down (TestSignatureSimilarity and
	// TestSignatureSimilarityRenderedCard): docsynth's card, the same side
	// 0.981–1.000, front against back 0.183–0.185; internal/testkit/doctest's
	// rendered ID card, the same side 0.984–1.000, front against back
	// about −0.05.
	Avoid         Signature
	LeaveFirst    bool
	LeaveFrames   int
	MaxSimilarity float64
	// Preview, when set, receives every frame for display, as RGBA in a
	// buffer from a pool of two (autocapture.PreviewPool; not mirrored:
	// the print must read the right way round); call Release when it is no
	// longer shown. Frames are skipped, not queued, while the UI holds
	// both buffers.
	Preview func(*Preview)
	// Progress, when set, hears every frame's stabilised state.
	Progress func(Progress)
}

func (o CaptureOptions) withDefaults() CaptureOptions {
	if o.Dwell <= 0 {
		o.Dwell = time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.StableFrames <= 0 {
		o.StableFrames = 3
	}
	if o.LeaveFrames <= 0 {
		o.LeaveFrames = 3
	}
	if o.MaxSimilarity <= 0 {
		o.MaxSimilarity = 0.5
	}
	return o
}

// Progress is the capture's live state after one frame.
type Progress struct {
	// Guidance is the stabilised code to show.
	Guidance Code
	// Countdown is the time left before capture while the gate holds.
	Countdown time.Duration
	// Found says a document outline is in view on this frame.
	Found bool
}

// Outcome is how a side's capture ended.
type Outcome struct {
	Captured bool `json:"captured"`
	// JPEG is the rectified side (only when captured; never logged).
	JPEG []byte `json:"-"`
	// Analysis and Signature are the captured frame's.
	Analysis       Analysis     `json:"-"`
	Signature      Signature    `json:"-"`
	FrameIndex     int          `json:"frame_index"`
	ElapsedMS      int64        `json:"elapsed_ms"`
	Frames         int          `json:"frames"`
	Score          float64      `json:"score"`
	GuidanceCounts map[Code]int `json:"guidance_counts"`
	// Reason is why nothing was captured: the most frequent blocking code
	// (priority order breaks ties), or TIMEOUT when no frame blocked.
	Reason Code `json:"reason,omitempty"`
}

// Timeout is the reason when nothing blocked yet the dwell never
// completed.
const Timeout Code = guidance.Timeout

// candidate is the best frame of the current dwell window; Capture keeps
// its pixels in one reused Mat.
type candidate struct {
	frame gocv.Mat
	a     Analysis
	index int
	at    time.Duration
}

// Capture reads src, analyses every frame, applies the flip rule, feeds
// the preview and progress, and when the gate has held for the dwell takes
// the best-scoring frame of that window, rectifies it at the output size
// and encodes it (JPEG ≤ 1 MB). It returns when a photo is taken, the
// timeout passes, a file source ends, or ctx ends. Time is the source's:
// frame index over frame rate for files, the wall clock for live cameras.
func Capture(ctx context.Context, src autocapture.FrameSource, an *Analyzer, opt CaptureOptions) (*Outcome, error) {
	opt = opt.withDefaults()
	info := src.Info()
	fps := info.FPS
	if fps <= 0 {
		fps = 30
	}
	an.Reset()
	gate := flipGate{avoid: opt.Avoid, maxSimilarity: opt.MaxSimilarity, leaveFirst: opt.LeaveFirst, leaveFrames: opt.LeaveFrames}
	stab := Stabilizer{Frames: opt.StableFrames}
	counts := map[Code]int{}
	// Only the flip rule against a known side compares every frame's
	// signature; otherwise it is taken for the kept frames alone.
	everySignature := !opt.Avoid.Empty()
	bestFrame := gocv.NewMat()
	defer bestFrame.Close()
	var best *candidate // nil outside a dwell; its frame is bestFrame
	var dwellStart time.Duration
	pool := autocapture.NewPreviewPool(false)
	defer pool.Close()

	frame := gocv.NewMat()
	defer frame.Close()
	start := time.Now()
	n := 0
	for ; ; n++ {
		if err := src.Read(ctx, &frame); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("document: capture: camera: %w", err)
		}
		at := time.Since(start)
		if !info.Kind.Live() {
			at = time.Duration(float64(n) / fps * float64(time.Second))
		}
		a, err := an.analyze(frame, everySignature)
		if err != nil {
			return nil, fmt.Errorf("document: capture: frame %d: %w", n, err)
		}
		gate.apply(&a)
		counts[a.Guidance]++
		var left time.Duration
		if a.OK() {
			if best == nil {
				dwellStart = at
			}
			if best == nil || a.Score > best.a.Score {
				if a.Signature.Empty() {
					a.Signature = an.lastSignature() // a is the frame just analysed
				}
				frame.CopyTo(&bestFrame)
				best = &candidate{frame: bestFrame, a: a, index: n, at: at}
			}
			if left = opt.Dwell - (at - dwellStart); left <= 0 {
				return finish(an, best, n+1, counts)
			}
		} else {
			best = nil
		}
		shown := stab.Update(a.Guidance)
		if opt.Progress != nil {
			opt.Progress(Progress{Guidance: shown, Countdown: left, Found: a.Found})
		}
		if opt.Preview != nil {
			// Nil while the UI still holds every buffer: skip this frame.
			if buf := pool.Convert(frame); buf != nil {
				opt.Preview(&Preview{Image: buf, Analysis: a, Guidance: shown, Countdown: left, Index: n, At: at, Recycle: pool.Put})
			}
		}
		if at >= opt.Timeout {
			n++
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return &Outcome{Frames: n, GuidanceCounts: counts, Reason: guidance.MostFrequentBlocker(counts, Codes, OK)}, nil
}

// finish rectifies and encodes the chosen frame.
func finish(an *Analyzer, c *candidate, frames int, counts map[Code]int) (*Outcome, error) {
	doc := gocv.NewMat()
	defer doc.Close()
	if err := an.Rectify(c.frame, &c.a, &doc); err != nil {
		return nil, err
	}
	jpeg, err := autocapture.EncodeJPEG(doc, autocapture.MaxPhotoBytes)
	if err != nil {
		return nil, fmt.Errorf("document: capture: %w", err)
	}
	return &Outcome{Captured: true, JPEG: jpeg, Analysis: c.a, Signature: c.a.Signature, FrameIndex: c.index,
		ElapsedMS: c.at.Milliseconds(), Frames: frames, Score: c.a.Score, GuidanceCounts: counts}, nil
}

// Preview is one displayed frame and what the overlay needs (see
// preview.Document).
type Preview = preview.Document
