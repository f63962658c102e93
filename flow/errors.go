package flow

import (
	"context"
	"errors"
	"fmt"
)

// Code is a stable failure code: one of the constants below, or a
// biometric API's own message constant (e.g. USERID_NOT_EXISTS) for an
// error the flows pass through. Front ends translate codes by this type.
type Code string

// Stable error codes of the flows themselves.
const (
	CodeConsentRequired   Code = "CONSENT_REQUIRED"
	CodeBadRequest        Code = "BAD_REQUEST"
	CodeCameraUnavailable Code = "CAMERA_UNAVAILABLE"
	CodeMicUnavailable    Code = "MIC_UNAVAILABLE"
	CodeCaptureTimeout    Code = "CAPTURE_TIMEOUT"
	CodeFaceAttempts      Code = "FACE_ATTEMPTS_EXHAUSTED"
	CodeVoiceAttempts     Code = "VOICE_ATTEMPTS_EXHAUSTED"
	CodeLivenessFailed    Code = "LIVENESS_FAILED"
	CodeServerUnreachable Code = "SERVER_UNREACHABLE"
	// CodeServerNotConfigured: a fleet kiosk has no server in its config
	// (and never falls back on a local sandbox).
	CodeServerNotConfigured Code = "SERVER_NOT_CONFIGURED"
	CodeServerError         Code = "SERVER_ERROR"
	CodeCancelled           Code = "CANCELLED"
	CodeIdleTimeout         Code = "IDLE_TIMEOUT"
	// CodeFlowDeadline: the whole flow outlived Config.Deadline (a slow
	// server, say); it ends FAILED, not ABANDONED.
	CodeFlowDeadline          Code = "FLOW_DEADLINE"
	CodeNotEnrolled           Code = "NOT_ENROLLED"
	CodeUnknownCustomerNumber Code = "UNKNOWN_REFERENCE"
	CodeAlreadyRegistered     Code = "ALREADY_REGISTERED"
	CodeDirectory             Code = "DIRECTORY_UNAVAILABLE"
	CodeInternal              Code = "INTERNAL"
	CodeNotSupported          Code = "NOT_SUPPORTED_BY_BACKEND"
	// CodeEnrollmentFailed: the server ended a voice enrolment
	// unsuccessfully.
	CodeEnrollmentFailed Code = "ENROLLMENT_FAILED"
)

// Codes of the composition: a session that could not start.
const (
	// CodeSetupFailed: the runner could not be built (no camera, no
	// server configured, …); the detail says why.
	CodeSetupFailed Code = "SETUP_FAILED"
	// CodeDeviceBusy: another session holds the devices.
	CodeDeviceBusy Code = "DEVICE_BUSY"
	// CodeDirectoryNotShared: a registration refused because the
	// kiosk's directory is its own (SQLite) while the server may serve
	// other kiosks: a customer number would be unique on this kiosk
	// only. A shared (PostgreSQL) directory, or the config file's
	// "single_kiosk": true, lifts it (docs/registration.md).
	CodeDirectoryNotShared Code = "DIRECTORY_NOT_SHARED"
)

// Codes the adapters give (through Coder) that front ends tell apart.
const (
	// CodeCameraFailed: the camera stopped giving frames mid-capture.
	CodeCameraFailed Code = "CAMERA_FAILED"
	// CodePersonAlreadySet: Verifik's refusal of a registration whose
	// face it already holds (a lost answer, then a retry); staff decide
	// whether to replace that face.
	CodePersonAlreadySet Code = "PERSON_ALREADY_SET"
	// CodeRateLimited: BioPass ID's rate limit, after the client's back-off.
	CodeRateLimited Code = "RATE_LIMITED"
	// CodeRepeatRequest: BiometrID's Create User retries ran out (the
	// API's own spelling).
	CodeRepeatRequest Code = "PROBLEM_OCURRED_REPEAT_REQUEST"
)

// Error is a flow failure with a stable code for programs and a detail for
// people. It never holds images, audio or secrets.
type Error struct {
	Code   Code   `json:"code"`
	Detail string `json:"detail"`
	Step   Step   `json:"step,omitempty"`
	err    error
}

func (e *Error) Error() string {
	if e.Step != "" {
		return fmt.Sprintf("%s: %s: %s", e.Step, e.Code, e.Detail)
	}
	return string(e.Code) + ": " + e.Detail
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.err }

// Coder is implemented by errors that carry a stable code, such as the
// biometric client's API errors (their message constant) or capture errors.
type Coder interface{ Code() string }

// asError turns any error into an *Error for step, choosing a code.
func asError(step Step, err error, fallback Code) *Error {
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
		code = Code(c.Code())
	case errors.Is(err, context.Canceled):
		code = CodeCancelled
	case errors.Is(err, context.DeadlineExceeded):
		code = CodeServerUnreachable
	}
	return &Error{Code: code, Detail: err.Error(), Step: step, err: err}
}
