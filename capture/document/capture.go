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
	c := newCapture(an, opt)
	defer c.close()
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
		if out, err := c.take(frame, n, at); out != nil || err != nil {
			return out, err
		}
		if at >= opt.Timeout {
			n++
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return &Outcome{Frames: n, GuidanceCounts: c.counts, Reason: guidance.MostFrequentBlocker(c.counts, Codes, OK)}, nil
}

// capture is one side's capture in progress.
type capture struct {
	an    *Analyzer
	opt   CaptureOptions
	gate  flipGate
	stab  Stabilizer
	dwell dwell
	pool  *autocapture.PreviewPool
	// counts is how many frames got each guidance code.
	counts map[Code]int
	// everySignature: only the flip rule against a known side compares
	// every frame's signature; otherwise it is taken for the kept frames
	// alone.
	everySignature bool
}

func newCapture(an *Analyzer, opt CaptureOptions) *capture {
	return &capture{
		an:             an,
		opt:            opt,
		gate:           flipGate{avoid: opt.Avoid, maxSimilarity: opt.MaxSimilarity, leaveFirst: opt.LeaveFirst, leaveFrames: opt.LeaveFrames},
		stab:           Stabilizer{Frames: opt.StableFrames},
		dwell:          dwell{frame: gocv.NewMat()},
		pool:           autocapture.NewPreviewPool(false),
		counts:         map[Code]int{},
		everySignature: !opt.Avoid.Empty(),
	}
}

func (c *capture) close() {
	c.pool.Close()
	c.dwell.frame.Close()
}

// take analyses frame n (at source time at) and shows it; when the dwell
// completes it returns the outcome (nil: go on).
func (c *capture) take(frame gocv.Mat, n int, at time.Duration) (*Outcome, error) {
	a, err := c.an.analyze(frame, c.everySignature)
	if err != nil {
		return nil, fmt.Errorf("document: capture: frame %d: %w", n, err)
	}
	c.gate.apply(&a)
	c.counts[a.Guidance]++
	left, complete := c.dwell.offer(c.an, frame, &a, n, at, c.opt.Dwell)
	if complete {
		return finish(c.an, c.dwell.best, n+1, c.counts)
	}
	c.show(frame, a, n, at, left)
	return nil, nil
}

// show feeds frame n to the progress and preview callbacks.
func (c *capture) show(frame gocv.Mat, a Analysis, n int, at, left time.Duration) {
	shown := c.stab.Update(a.Guidance)
	if c.opt.Progress != nil {
		c.opt.Progress(Progress{Guidance: shown, Countdown: left, Found: a.Found})
	}
	if c.opt.Preview != nil {
		// Nil while the UI still holds every buffer: skip this frame.
		if buf := c.pool.Convert(frame); buf != nil {
			c.opt.Preview(&Preview{Image: buf, Analysis: a, Guidance: shown, Countdown: left, Index: n, At: at, Recycle: c.pool.Put})
		}
	}
}

// A dwell is the run of frames passing the gate: when it began and its
// best-scoring frame, whose pixels are kept in frame.
type dwell struct {
	frame gocv.Mat
	best  *candidate // nil outside a dwell; its frame is frame
	start time.Duration
}

// offer adds frame n (analysed as a, at source time at) to the dwell: a
// frame passing the gate starts it or continues it, and is kept when it
// scores best (with its signature); one failing the gate ends it. left
// is the dwell's time still to go (0 outside one); complete says it has
// lasted length.
func (w *dwell) offer(an *Analyzer, frame gocv.Mat, a *Analysis, n int, at, length time.Duration) (left time.Duration, complete bool) {
	if !a.OK() {
		w.best = nil
		return 0, false
	}
	if w.best == nil {
		w.start = at
	}
	if w.best == nil || a.Score > w.best.a.Score {
		if a.Signature.Empty() {
			a.Signature = an.lastSignature() // a is the frame just analysed
		}
		frame.CopyTo(&w.frame)
		w.best = &candidate{frame: w.frame, a: *a, index: n, at: at}
	}
	left = length - (at - w.start)
	return left, left <= 0
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
