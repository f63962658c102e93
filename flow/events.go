package flow

import "time"

// Step names a stage of a flow.
type Step string

// The steps, in the order a registration runs them.
const (
	StepConsent    Step = "consent"
	StepPreflight  Step = "preflight"
	StepReserve    Step = "reserve"
	StepCreateUser Step = "create_user"
	StepFindUser   Step = "find_user"
	StepLiveness   Step = "liveness"
	StepFace       Step = "face"
	StepVoice      Step = "voice"
	StepConfirm    Step = "confirm"
	StepBind       Step = "bind"
	StepCleanup    Step = "cleanup"
)

// Event is something a front end may show. The concrete types below are
// the only events; switch on them.
type Event interface{ event() }

// StepEntered says a step started.
type StepEntered struct{ Step Step }

// StepLeft says a step ended, with its result.
type StepLeft struct{ Report StepReport }

// FaceGuidance is the live advice while the camera looks for a good photo.
// Countdown is the time left before auto-capture, zero when not dwelling.
type FaceGuidance struct {
	Code      string
	Countdown time.Duration
}

// AudioLevel is the microphone level for a meter, in dBFS.
type AudioLevel struct{ RMS, Peak float64 }

// PromptToRead asks the person to say the prompt's digits. Attempt counts
// every recording of the step; Sample counts the accepted samples, plus
// one (a refused sample is asked again under the same number); Of is
// the number of samples the server needs (Config.VoiceSamples), 0 when
// it is unknown or Sample has gone past it.
type PromptToRead struct {
	Prompt  Prompt
	Attempt int
	Sample  int
	Of      int
}

// SampleAccepted says a face photo or voice sample was taken by the server.
type SampleAccepted struct {
	Step    Step
	Attempt int
}

// SampleRefused says a sample was refused, locally or by the server, with a
// stable reason code (e.g. NO_SPEECH, FACE_ENROLLMENT_FAILED).
type SampleRefused struct {
	Step    Step
	Attempt int
	Reason  Code
	Detail  string
	// Score is the server's score behind the refusal, when it gave one.
	Score *float64
}

// ServerOutcome reports a server answer worth showing (its message constant).
type ServerOutcome struct {
	Step    Step
	Message string
}

// Failed reports an error with a stable code and a human detail.
type Failed struct{ Err *Error }

// Finished ends every flow, with its summary.
type Finished struct{ Result Result }

// Started opens a flow (enroll, verify, identify, check_document,
// adapt): the first event of each, before any step.
type Started struct{ Flow FlowName }

func (StepEntered) event()    {}
func (StepLeft) event()       {}
func (FaceGuidance) event()   {}
func (AudioLevel) event()     {}
func (PromptToRead) event()   {}
func (SampleAccepted) event() {}
func (SampleRefused) event()  {}
func (ServerOutcome) event()  {}
func (Failed) event()         {}
func (Finished) event()       {}
func (Started) event()        {}

// Sink receives events. It is called on the flow's goroutine and must not
// block for long: a GUI hands them to its UI goroutine (fyne.Do).
type Sink func(Event)
