package adapters

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"biokiosk/capture/camera"
	"biokiosk/capture/document"
	"biokiosk/flow"
)

// DocumentCamera is a flow.DocumentCamera: it opens the camera source for
// each side, runs the document analysis and auto-capture, and hands over
// the rectified JPEG. Capture.Preview, when set, receives every frame for
// display (not mirrored, so the print reads the right way round);
// Capture.Progress is set by CaptureDocument itself.
//
// The flip rule: after a front is captured, the next capture of the back
// of the same document type never takes a frame whose content matches
// that front (FLIP_DOCUMENT), so the card must be turned over; a back
// asked for with no front captured first needs the document to leave the
// view before it can be taken. The front's signature (a 48×30 grey
// thumbnail, in memory only) is cleared once the back is captured.
type DocumentCamera struct {
	Source  string
	Options camera.Options
	// Config holds the analysis thresholds; nil means
	// document.DefaultConfig().
	Config  *document.Config
	Capture document.CaptureOptions

	mu    sync.Mutex
	front map[flow.DocType]document.Signature
}

var _ flow.DocumentCamera = (*DocumentCamera)(nil)

// CaptureDocument implements flow.DocumentCamera.
func (c *DocumentCamera) CaptureDocument(ctx context.Context, kind flow.DocType, side flow.DocSide, progress func(flow.DocumentProgress)) (flow.DocumentPhoto, error) {
	if side != flow.SideFront && side != flow.SideBack {
		return flow.DocumentPhoto{}, &captureError{flow.CodeBadRequest, fmt.Sprintf("unknown document side %q", side)}
	}
	cfg := document.DefaultConfig()
	if c.Config != nil {
		cfg = *c.Config
	}
	an, err := document.NewAnalyzer(document.Type(kind), cfg)
	if err != nil {
		return flow.DocumentPhoto{}, &captureError{flow.CodeBadRequest, err.Error()}
	}
	defer an.Close()
	src, err := camera.Open(c.Source, c.Options)
	if err != nil {
		return flow.DocumentPhoto{}, &captureError{flow.CodeCameraUnavailable, err.Error()}
	}
	defer src.Close()

	opt := c.Capture
	if side == flow.SideBack {
		opt.Avoid = c.frontOf(kind)
		opt.LeaveFirst = opt.Avoid.Empty()
	}
	opt.Progress = func(p document.Progress) {
		if progress != nil {
			progress(flow.DocumentProgress{Side: side, Guidance: string(p.Guidance), Countdown: p.Countdown, Found: p.Found})
		}
	}
	out, err := document.Capture(ctx, src, an, opt)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return flow.DocumentPhoto{}, fmt.Errorf("document capture: %w", err)
	case err != nil:
		return flow.DocumentPhoto{}, &captureError{flow.CodeCameraUnavailable, err.Error()}
	case !out.Captured:
		return flow.DocumentPhoto{}, &captureError{flow.CodeCaptureTimeout,
			fmt.Sprintf("no usable %s %s photo after %d frames; most frequent problem %s", kind, side, out.Frames, out.Reason)}
	}
	c.remember(kind, side, out.Signature)
	return flow.DocumentPhoto{JPEG: out.JPEG, Score: out.Score}, nil
}

// frontOf is the last captured front's signature for kind, if any.
func (c *DocumentCamera) frontOf(kind flow.DocType) document.Signature {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.front[kind]
}

// remember keeps a captured front's signature for the back's flip rule,
// and forgets it once the back is captured.
func (c *DocumentCamera) remember(kind flow.DocType, side flow.DocSide, sig document.Signature) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.front == nil {
		c.front = map[flow.DocType]document.Signature{}
	}
	old := c.front[kind]
	old.Clear()
	delete(c.front, kind)
	if side == flow.SideFront {
		c.front[kind] = sig
	}
}
