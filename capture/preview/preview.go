// Package preview holds the frames the face and document captures hand a
// front end for display: an RGBA buffer with the analysis the overlay
// needs. It imports no GoCV; the buffers come from autocapture's
// PreviewPool, which a frame's Release hands them back to.
package preview

import (
	"image"
	"time"

	"biokiosk/capture/document/docresult"
	"biokiosk/capture/face/faceresult"
)

// Status is the face capture's answer to one frame (autocapture's
// Selector).
type Status struct {
	// Guidance is this frame's guidance (not stabilised).
	Guidance faceresult.Code
	// Dwelling says the gate holds; Countdown is the time left before
	// capture.
	Dwelling  bool
	Countdown time.Duration
	// Done says the attempt ended: Captured, or timed out (Reason).
	Done bool
}

// Face is one displayed frame of the face capture, mirrored, and what
// the overlay needs. Positions in Analysis are in the unmirrored frame;
// Mirror converts them.
type Face struct {
	Image    *image.RGBA
	Analysis faceresult.Analysis
	// Guidance is the stabilised code to show.
	Guidance faceresult.Code
	Status   Status
	Index    int
	At       time.Duration
	// Recycle, when set, takes Image back for reuse (the capture's
	// PreviewPool.Put); Release calls it.
	Recycle func(*image.RGBA)
}

// Mirror maps an x position of the analysis to the mirrored image.
func (p *Face) Mirror(x float64) float64 { return float64(p.Analysis.Width) - x }

// Release hands the buffer back for reuse; Image must not be used after.
func (p *Face) Release() {
	if p.Recycle != nil {
		p.Recycle(p.Image)
	}
	p.Image = nil
}

// Document is one displayed frame of the document capture and what the
// overlay needs. Positions in Analysis are in the frame's pixels, which
// are the image's (no mirror).
type Document struct {
	Image    *image.RGBA
	Analysis docresult.Analysis
	// Guidance is the stabilised code to show; Countdown the time left
	// while the gate holds.
	Guidance  docresult.Code
	Countdown time.Duration
	Index     int
	At        time.Duration
	// Recycle, when set, takes Image back for reuse (the capture's
	// PreviewPool.Put); Release calls it.
	Recycle func(*image.RGBA)
}

// Release hands the buffer back for reuse; Image must not be used after.
func (p *Document) Release() {
	if p.Recycle != nil {
		p.Recycle(p.Image)
	}
	p.Image = nil
}
