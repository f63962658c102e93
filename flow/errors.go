package flow

import (
	"context"
	"errors"
	"fmt"
)

// Stable error codes of the flows themselves. Errors from the biometric API
// keep the API's own message constant as their code (e.g. USERID_NOT_EXISTS,
// REQUEST_LIMIT_REACHED).
const (
	CodeConsentRequired   = "CONSENT_REQUIRED"
	CodeBadRequest        = "BAD_REQUEST"
	CodeCameraUnavailable = "CAMERA_UNAVAILABLE"
	CodeMicUnavailable    = "MIC_UNAVAILABLE"
	CodeCaptureTimeout    = "CAPTURE_TIMEOUT"
	CodeFaceAttempts      = "FACE_ATTEMPTS_EXHAUSTED"
	CodeVoiceAttempts     = "VOICE_ATTEMPTS_EXHAUSTED"
	CodeLivenessFailed    = "LIVENESS_FAILED"
	CodeServerUnreachable = "SERVER_UNREACHABLE"
	CodeServerError       = "SERVER_ERROR"
	CodeCancelled         = "CANCELLED"
	CodeIdleTimeout       = "IDLE_TIMEOUT"
	CodeNotEnrolled       = "NOT_ENROLLED"
	CodeUnknownReference  = "UNKNOWN_REFERENCE"
	CodeAlreadyRegistered = "ALREADY_REGISTERED"
	CodeDirectory         = "DIRECTORY_UNAVAILABLE"
	CodeInternal          = "INTERNAL"
	CodeNotSupported      = "NOT_SUPPORTED_BY_BACKEND"
)

// CodeServerNotConfigured: a fleet kiosk has no server in its config (and
// never falls back on a local sandbox).
const CodeServerNotConfigured = "SERVER_NOT_CONFIGURED"

// Error is a flow failure with a stable code for programs and a detail for
// people. It never holds images, audio or secrets.
type Error struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
	Step   Step   `json:"step,omitempty"`
	err    error
}

func (e *Error) Error() string {
	if e.Step != "" {
		return fmt.Sprintf("%s: %s: %s", e.Step, e.Code, e.Detail)
	}
	return e.Code + ": " + e.Detail
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.err }

// Coder is implemented by errors that carry a stable code, such as the
// biometric client's API errors (their message constant) or capture errors.
type Coder interface{ Code() string }

// asError turns any error into an *Error for step, choosing a code.
func asError(step Step, err error, fallback string) *Error {
	var fe *Error
	if errors.As(err, &fe) {
		if fe.Step == "" {
			fe.Step = step
		}
		return fe
	}
	code := fallback
	var c Coder
	switch {
	case errors.As(err, &c) && c.Code() != "":
		code = c.Code()
	case errors.Is(err, context.Canceled):
		code = CodeCancelled
	case errors.Is(err, context.DeadlineExceeded):
		code = CodeServerUnreachable
	}
	return &Error{Code: code, Detail: err.Error(), Step: step, err: err}
}
