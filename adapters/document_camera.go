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
// The flip rule: a side is never taken from a frame whose content matches
// the other side captured last for the same document type
// (FLIP_DOCUMENT), so after the front the card must be turned over, and
// when the front is asked for again (the server could not read the
// document) the back still in view must be turned back; a back asked for
// with nothing captured first needs the document to leave the view before
// it can be taken. Only the last side's signature is kept (a 48×30 grey
// thumbnail, in memory only), replaced by each capture.
type DocumentCamera struct {
	Source  string
	Options camera.Options
	// Config holds the analysis thresholds; nil means
	// document.DefaultConfig().
	Config  *document.Config
	Capture document.CaptureOptions

	mu   sync.Mutex
	last map[flow.DocType]lastSide
}

// lastSide is the side captured last and its signature.
type lastSide struct {
	side flow.DocSide
	sig  document.Signature
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
	if prev, ok := c.lastOf(kind); ok && prev.side != side {
		opt.Avoid = prev.sig
	}
	opt.LeaveFirst = side == flow.SideBack && opt.Avoid.Empty()
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

var _ flow.Forgetter = (*DocumentCamera)(nil)

// Forget implements flow.Forgetter: it drops the last sides' signatures
// (thumbnails of a person's document) when a flow ends.
func (c *DocumentCamera) Forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, l := range c.last {
		l.sig.Clear()
		delete(c.last, k)
	}
}

// lastOf is the side last captured for kind, if any.
func (c *DocumentCamera) lastOf(kind flow.DocType) (lastSide, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.last[kind]
	return l, ok
}

// remember keeps a captured side's signature for the flip rule, in place
// of the previous one.
func (c *DocumentCamera) remember(kind flow.DocType, side flow.DocSide, sig document.Signature) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last == nil {
		c.last = map[flow.DocType]lastSide{}
	}
	old := c.last[kind]
	old.sig.Clear()
	c.last[kind] = lastSide{side: side, sig: sig}
}
