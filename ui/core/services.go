package core

import (
	"context"

	"biokiosk/capture/preview"
	"biokiosk/flow"
)

// Session describes one person's session for the composition root to
// build a flow runner for (the composition's runner spec embeds it).
type Session struct {
	// Flow are the steps and their options: the voice step and whether
	// it is the person's own choice (the kiosk's "also register my voice
	// (optional)", flow.Config.VoiceOptional), the prompt language, the
	// idle timeout, the identity document to check ("" for none). A
	// voice step on a back end without voice biometrics is dropped.
	Flow flow.Config
	// Camera and Microphone are the configured sources (a device, or a
	// file); DocumentCamera the document camera's ("" means Camera).
	Camera, Microphone, DocumentCamera string
	// Preview receives camera frames, DocumentPreview the document
	// camera's; Sink the flow's events.
	Preview         func(*preview.Face)
	DocumentPreview func(*preview.Document)
	Sink            flow.Sink
	// ReplaceFace is a staff decision: a registration whose face the
	// provider already holds (Verifik's PERSON_ALREADY_SET) replaces it.
	ReplaceFace bool
}

// ServerCheck is what the server check found.
type ServerCheck struct {
	// Backend names the configured back end; URL the server ("" for the
	// built-in sandbox); APIVersion the API version in use.
	Backend, URL, APIVersion string
	// Reachable: the server answered; CredentialsOK: it accepted the key.
	Reachable, CredentialsOK bool
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
	// ResolveCustomerNumber maps a customer number through the kiosk's records.
	ResolveCustomerNumber(ctx context.Context, customerNumber string) (userID string, ok bool, err error)
	// CustomerNumber maps a user id back to the customer number
	// (customer number) the records hold it under: staff see both beside
	// every user id. ok is false when none is on record.
	CustomerNumber(ctx context.Context, userID string) (customerNumber string, ok bool, err error)
	// Delete removes the user, or their face or voice enrolment.
	Delete(ctx context.Context, what flow.DeletionKind, userID string) error
	// CheckServer checks that the server answers and accepts the
	// credentials.
	CheckServer(ctx context.Context) (ServerCheck, error)
	// SelfCheck checks, without creating anything, what a session on s
	// needs: the camera gives a frame, the microphone opens (when
	// s.Flow.Voice), the server answers and accepts the credentials. Its
	// error is a *flow.Error (CAMERA_UNAVAILABLE, MIC_UNAVAILABLE,
	// SERVER_UNREACHABLE) with the detail for staff.
	SelfCheck(ctx context.Context, s Session) error
	// CameraTest runs the live analysis on the camera source until ctx
	// ends, feeding preview.
	CameraTest(ctx context.Context, source string, preview func(*preview.Face)) error
	// MicTest records one utterance from the microphone source.
	MicTest(ctx context.Context, source string, level func(flow.Level)) (flow.VoiceSample, error)
}
