package biometrics

import (
	"errors"
	"fmt"

	"biokiosk/biometrics/httpcore"
)

// Sentinel errors, one per message constant that can come back as an
// error. An *APIError matches its constant's sentinel with errors.Is:
//
//	if errors.Is(err, biometrics.ErrUserNotFound) { … }
var (
	ErrAuthenticationHeadersMissing = sentinel(MsgAuthenticationHeadersMissing)
	ErrInvalidAuthenticationHeaders = sentinel(MsgInvalidAuthenticationHeaders)
	ErrRequestLimitReached          = sentinel(MsgRequestLimitReached)
	ErrNotAllowedToCreateUsers      = sentinel(MsgNotAllowedToCreateUsers)
	ErrUserNotFound                 = sentinel(MsgUserIDNotExists)
	ErrClientNotFound               = sentinel(MsgClientNotFound)
	ErrProblemOcurred               = sentinel(MsgProblemOcurredRepeatRequest)
	ErrEnrollUserFaceFirst          = sentinel(MsgEnrollUserFaceFirst)
	ErrEnrollUserVoiceFirst         = sentinel(MsgEnrollUserVoiceFirst)
	ErrNoVoiceEngine                = sentinel(MsgNoVoiceEngineConfigurationAvailable)
	ErrNoFileOrInvalidFormat        = sentinel(MsgNoFileOrInvalidFormat)
	ErrFaceEnrollmentFailed         = sentinel(MsgFaceEnrollmentFailed)
	ErrFaceAlreadyDetectedOnGallery = sentinel(MsgFaceAlreadyDetectedOnGallery)
	ErrFaceAdaptFailed              = sentinel(MsgFaceAdaptFailed)
	ErrFaceNotRealiableToAdapt      = sentinel(MsgFaceNotRealiableToAdapt)
	ErrFacePropertiesFailed         = sentinel(MsgFacePropertiesFailed)
	ErrMultipleFacesDetected        = sentinel(MsgMultipleFacesDetected)
	ErrEnrollmentFailed             = sentinel(MsgEnrollmentFailed)
	ErrAudioRecognitionFailed       = sentinel(MsgAudioRecognitionFailed)
	ErrFaceComparisonFailed         = sentinel(MsgFaceComparisonFailed)
	ErrLivenessFailed               = sentinel(MsgLivenessFailed)
	ErrLivenessRequired             = sentinel(MsgLivenessRequired)
	ErrDialogueNotStarted           = sentinel(MsgDialogueNotStarted)
	ErrDialogueAlreadyPending       = sentinel(MsgDialogueAlreadyPending)
	ErrVoiceAlreadyEnrolled         = sentinel(MsgVoiceAlreadyEnrolled)
	ErrLanguageNotAvailable         = sentinel(MsgLanguageNotAvailable)
	ErrOCRNotSupported              = sentinel(MsgOCRNotSupportedBySandbox)
	ErrRouteNotFound                = sentinel(MsgRouteNotFound)
)

// Client-side errors: the request was refused before it was sent.
var (
	ErrPhotoTooLarge   = errors.New("photo larger than 1 MB (the API's limit)")
	ErrPhotoFormat     = errors.New("photo is neither JPEG nor PNG")
	ErrAudioFormat     = errors.New("audio is not a RIFF/WAVE file")
	ErrSingleShotVoice = errors.New("API 1.1 verify and adapt voice are single-shot: no start call, submit the sample")
	ErrInvalidUserID   = errors.New("user id is not 1-128 letters, digits, - or _")
	ErrInsecureURL     = httpcore.ErrInsecureURL
	ErrMissingArgument = errors.New("missing argument")
	// ErrNoCredentials: no key or secret is configured, so the request
	// was not sent (it would carry empty x-biometrid-key/-secret headers).
	ErrNoCredentials = errors.New("no key and secret configured: request not sent")
	// ErrMalformedID: an answer named a user id that is not 1–128
	// letters, digits, - or _ (a *DecodeError wraps it).
	ErrMalformedID = httpcore.ErrMalformedID
)

var sentinels = map[Message]error{}

func sentinel(m Message) error {
	e := errors.New(string(m))
	sentinels[m] = e
	return e
}

// APIError is an answer the server gave instead of a result: an HTTP error
// status, or status:false with a message the call does not return as a
// typed outcome. It never holds credentials, images or audio.
type APIError struct {
	// Op names the call, e.g. "enroll face".
	Op string
	// HTTPStatus is the response's status code.
	HTTPStatus int
	// Message is the server's data.message constant ("" when the body
	// was not a BiometrID envelope).
	Message Message
	// Reason is data.reason or data.detail when the server gave one.
	Reason string
	// Body is a short, sanitised excerpt of the liveness host's JSON error
	// body (its answers have no envelope).
	Body string
}

func (e *APIError) Error() string {
	msg := string(e.Message)
	if msg == "" {
		msg = "unexpected answer"
		if e.Body != "" {
			msg += " " + fmt.Sprintf("%q", e.Body)
		}
	}
	if e.Reason != "" {
		msg += " (" + e.Reason + ")"
	}
	return fmt.Sprintf("biometrics: %s: HTTP %d: %s", e.Op, e.HTTPStatus, msg)
}

// Is matches the sentinel of the error's message constant.
func (e *APIError) Is(target error) bool {
	s, ok := sentinels[e.Message]
	return ok && s == target
}

// Code returns the message constant, or HTTP_<status> when there was none.
func (e *APIError) Code() string {
	if e.Message != "" {
		return string(e.Message)
	}
	return fmt.Sprintf("HTTP_%d", e.HTTPStatus)
}

// Temporary reports whether repeating the request may succeed.
func (e *APIError) Temporary() bool {
	return e.HTTPStatus >= 500 || e.Message == MsgProblemOcurredRepeatRequest
}

// TransportError wraps a failure to reach the server or read its answer
// (Code SERVER_UNREACHABLE); it is the type the three clients share.
type TransportError = httpcore.TransportError

// DecodeError says the server answered with a body that is not what the
// call documents (Code MALFORMED_RESPONSE); it is the type the three
// clients share. Set Client to "biometrics" for the usual message prefix.
type DecodeError = httpcore.DecodeError
