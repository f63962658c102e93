package adapters

import (
	"context"
	"fmt"
	"time"

	"biokiosk/capture/autocapture"
	"biokiosk/capture/camera"
	"biokiosk/capture/face"
	"biokiosk/flow"

	"gocv.io/x/gocv"
)

// Camera is a flow.FaceCamera: it opens the camera source for each
// capture, runs the live analysis and auto-capture, and hands over the
// JPEG. Capture.Preview, when set, also receives every frame for display.
type Camera struct {
	Source   string
	Options  camera.Options
	Analyzer *face.Analyzer
	Capture  autocapture.Config
}

var _ flow.FaceCamera = (*Camera)(nil)

// captureError carries CAPTURE_TIMEOUT (or the camera's failure) to the
// flow with a stable code.
type captureError struct {
	code   flow.Code
	detail string
}

func (e *captureError) Error() string { return string(e.code) + ": " + e.detail }

// Code is the flow's error code.
func (e *captureError) Code() string { return string(e.code) }

var _ flow.Checker = (*Camera)(nil)

// Check implements flow.Checker: the source opens and yields a frame
// within 5 s. (The microphone needs no check: the composition opens it
// before the runner exists.)
func (c *Camera) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	src, err := camera.Open(c.Source, c.Options)
	if err != nil {
		return &captureError{flow.CodeCameraUnavailable, err.Error()}
	}
	defer src.Close()
	frame := gocv.NewMat()
	defer frame.Close()
	if err := src.Read(ctx, &frame); err != nil {
		return &captureError{flow.CodeCameraUnavailable, fmt.Sprintf("camera %q gave no frame: %v", c.Source, err)}
	}
	return nil
}

// CaptureFace implements flow.FaceCamera.
func (c *Camera) CaptureFace(ctx context.Context, progress func(flow.FaceProgress)) (flow.Photo, error) {
	src, err := camera.Open(c.Source, c.Options)
	if err != nil {
		return flow.Photo{}, &captureError{flow.CodeCameraUnavailable, err.Error()}
	}
	defer src.Close()
	cfg := c.Capture
	userPreview := cfg.Preview
	cfg.Preview = func(p *autocapture.Preview) {
		if progress != nil {
			progress(flow.FaceProgress{Guidance: string(p.Guidance), Countdown: p.Status.Countdown, FacePresent: len(p.Analysis.Faces) > 0})
		}
		if userPreview != nil {
			userPreview(p)
		} else {
			p.Release()
		}
	}
	out, err := autocapture.Run(ctx, src, c.Analyzer, cfg)
	if err != nil {
		return flow.Photo{}, &captureError{flow.CodeCameraFailed, err.Error()}
	}
	if !out.Captured {
		return flow.Photo{}, &captureError{flow.CodeCaptureTimeout, fmt.Sprintf("no compliant photo after %d frames; most frequent problem %s", out.Frames, out.Reason)}
	}
	return flow.Photo{JPEG: out.JPEG, Score: out.Score}, nil
}
