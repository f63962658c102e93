package flow

import (
	"context"
	"time"
)

// Photo is a face image chosen for submission: a JPEG of at most 1 MB.
// Burst holds a few recent frames (JPEG) for a liveness check, when the
// camera keeps them.
type Photo struct {
	JPEG  []byte
	Score float64
	Burst [][]byte
}

// FaceProgress is the camera's live state while it looks for a photo.
type FaceProgress struct {
	Guidance    string
	Countdown   time.Duration
	FacePresent bool
}

// FaceCamera captures one good face photo, reporting progress as it goes.
// It returns an error with a Coder code (e.g. CAPTURE_TIMEOUT with the most
// frequent blocking reason in its detail) when no good photo came.
type FaceCamera interface {
	CaptureFace(ctx context.Context, progress func(FaceProgress)) (Photo, error)
}

// VoiceSample is one recorded, endpointed utterance as a WAV file, with
// the local quality verdict (Code is OK, NO_SPEECH, TOO_QUIET, …). The
// WAV belongs to the flow from then on: it is zeroed once submitted (as
// a Photo's JPEG is).
type VoiceSample struct {
	WAV           []byte
	Code          string
	SpeechSeconds float64
}

// Level is a microphone level reading in dBFS.
type Level struct{ RMS, Peak float64 }

// Microphone records one utterance, reporting levels as it goes. Speech is
// activity: it reports speaking through level callbacks' caller.
type Microphone interface {
	RecordUtterance(ctx context.Context, level func(Level)) (VoiceSample, error)
}

// VoiceMode is the kind of voice dialogue.
type VoiceMode string

// Voice dialogue modes.
const (
	VoiceEnroll VoiceMode = "enroll"
	VoiceVerify VoiceMode = "verify"
	VoiceAdapt  VoiceMode = "adapt"
)

// Prompt is the number the person must say.
type Prompt struct {
	Code string // e.g. "0653"
	Text string // e.g. "zero six five three"
}

// FaceEnrollment is the server's answer to a face enrolment.
type FaceEnrollment struct {
	Enrolled bool
	// Reason is set when the sample was refused (FACE_ENROLLMENT_FAILED,
	// MULTIPLE_FACES_DETECTED, …): the message constant and its reason.
	Refused Code
	Reason  string
	// DuplicateOf is the enrolled user this face already belongs to.
	DuplicateOf string
	Confidence  float64
	// RefusedScore is the server's score behind a refusal when it gave
	// one (Verifik's liveness_failed@0.45): kept in the step's report.
	RefusedScore *float64
}

func (f FaceEnrollment) refusalScore() *float64 { return f.RefusedScore }

// Match is the answer to a 1:1 verification or a 1:N search.
type Match struct {
	Matched    bool
	UserID     string
	Confidence float64
	// Refused is set when the photo itself was refused (no face, several faces).
	Refused Code
	Reason  string
	// RefusedScore is the server's score behind a refusal when it gave
	// one (a liveness score): kept in the step's report.
	RefusedScore *float64
}

func (m Match) refusalScore() *float64 { return m.RefusedScore }

// scoredRefusal is an answer that may carry the score behind a refusal.
type scoredRefusal interface{ refusalScore() *float64 }

// VoiceStep is the server's answer to one submitted voice sample.
type VoiceStep struct {
	// Next is the prompt to say next, when the dialogue goes on.
	Next *Prompt
	// Refused is the reason code when this sample was refused.
	Refused Code
	// Done says the dialogue ended; Success says how.
	Done, Success bool
}

// EnrollStatus says which biometrics a user has enrolled.
type EnrollStatus struct{ Face, Voice bool }

// Backend is what the flows need from a biometric API. Errors carry a
// stable code through the Coder interface (the API's message constant, or
// SERVER_UNREACHABLE for transport failures).
type Backend interface {
	CreateUser(ctx context.Context, customerNumber, macAddress string) (userID string, err error)
	// DeleteUser removes a user and everything enrolled for it: how a
	// registration that did not complete is undone.
	DeleteUser(ctx context.Context, userID string) error
	EnrollFace(ctx context.Context, userID string, photo Photo, livenessID string) (FaceEnrollment, error)
	// AdaptFace replaces the enrolled face with this photo; Enrolled says
	// it was taken, Refused carries the server's refusal (e.g.
	// FACE_NOT_REALIABLE_TO_ADAPT: not the same person).
	AdaptFace(ctx context.Context, userID string, photo Photo, livenessID string) (FaceEnrollment, error)
	VerifyFace(ctx context.Context, userID string, photo Photo, livenessID string) (Match, error)
	FindByFace(ctx context.Context, photo Photo, livenessID string) (Match, error)
	ValidateLiveness(ctx context.Context, photo Photo) (livenessID string, err error)
	PendingDialogue(ctx context.Context, userID string) (bool, error)
	RestartState(ctx context.Context, userID string) error
	StartVoice(ctx context.Context, userID string, mode VoiceMode, language string) (Prompt, error)
	SubmitVoice(ctx context.Context, userID string, mode VoiceMode, language string, wav []byte) (VoiceStep, error)
	// EnrollStatus reports what userID has enrolled; an unknown user has
	// nothing enrolled (not an error).
	EnrollStatus(ctx context.Context, userID string) (EnrollStatus, error)
}

// PhotoReview shows a captured photo to the person, who keeps it or asks
// for another (the kiosk's Retake / Continue).
type PhotoReview interface {
	// ReviewPhoto returns retake=true for another capture.
	ReviewPhoto(ctx context.Context, p Photo) (retake bool, err error)
}

// Capabilities say what a back end can do. BiometrID can do everything;
// BioPass ID has no voice, no 1:N search, no liveness, no status call and
// no document check. Document also needs the back end to implement
// DocumentBackend.
type Capabilities struct {
	Voice, Identify, Liveness, EnrollStatus, Document bool
}

// AllCapabilities is a back end that can do everything.
var AllCapabilities = Capabilities{Voice: true, Identify: true, Liveness: true, EnrollStatus: true, Document: true}

// LazyCreator is implemented by back ends whose CreateUser makes nothing
// on the server (BioPass ID: the person exists from its first accepted
// enrolment) and whose user id may name someone else's person (an id
// derived from the customer number, unique on the server). For them a
// registration counts the user as its own, journals it and deletes it
// when undone, only once an enrolment was accepted: an id the server
// refused as taken is never deleted.
type LazyCreator interface{ CreatesOnEnrolment() bool }

// CapabilityReporter is implemented by back ends that cannot do
// everything; the flow and the UI show only the steps they support.
type CapabilityReporter interface{ Capabilities() Capabilities }

// CapabilitiesOf returns b's capabilities (all, unless it reports less).
func CapabilitiesOf(b Backend) Capabilities {
	if r, ok := b.(CapabilityReporter); ok {
		return r.Capabilities()
	}
	return AllCapabilities
}
