package ui

import (
	"context"
	"time"

	"biokiosk/capture/preview"
	"biokiosk/flow"
)

// Session describes one person's session for the composition root to
// build a flow runner for.
type Session struct {
	// Camera and Microphone are the configured sources.
	Camera, Microphone string
	Voice              bool
	Language           string
	Idle               time.Duration
	// Document is the identity document a registration or a document
	// check captures ("" for none); DocumentCamera its camera source
	// ("" means Camera).
	Document       flow.DocType
	DocumentCamera string
	// Preview receives camera frames, DocumentPreview the document
	// camera's; Sink the flow's events.
	Preview         func(*preview.Face)
	DocumentPreview func(*preview.Document)
	Sink            flow.Sink
}

// Services connect the UI to the rest of biokiosk; main wires them from
// the current settings. The UI never calls the API client itself.
type Services interface {
	// NewRunner builds a flow runner with the current settings (server,
	// camera, microphone); close releases the devices.
	NewRunner(s Session) (r *flow.Runner, close func(), err error)
	// Capabilities say which steps the configured back end supports;
	// the UI offers only those.
	Capabilities() flow.Capabilities
	// EnrollStatus, for staff look-ups.
	EnrollStatus(ctx context.Context, userID string) (flow.EnrollStatus, error)
	// ResolveReference maps a reference id through the kiosk's records.
	ResolveReference(ctx context.Context, referenceID string) (userID string, ok bool, err error)
	// Delete removes the user ("user"), or their face or voice enrolment.
	Delete(ctx context.Context, what, userID string) error
	// CheckServer reports how many voice languages the server offers.
	CheckServer(ctx context.Context) (int, error)
	// CameraTest runs the live analysis on the camera source until ctx
	// ends, feeding preview.
	CameraTest(ctx context.Context, source string, preview func(*preview.Face)) error
	// MicTest records one utterance from the microphone source.
	MicTest(ctx context.Context, source string, level func(flow.Level)) (flow.VoiceSample, error)
}
