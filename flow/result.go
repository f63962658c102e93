package flow

// FlowName names a flow in its result and events. A registration's
// name is "enroll", as the command line's subcommand and its JSON have
// always called it (docs/registration.md, Glossary).
type FlowName string

// The flows.
const (
	FlowRegister      FlowName = "enroll"
	FlowVerify        FlowName = "verify"
	FlowIdentify      FlowName = "identify"
	FlowCheckDocument FlowName = "check_document"
	FlowAdapt         FlowName = "adapt"
)

// Outcome is how a flow ended.
type Outcome string

// Outcomes. Only Enrolled, Verified, Identified and Adapted are successes.
const (
	OutcomeEnrolled        Outcome = "ENROLLED"
	OutcomeVerified        Outcome = "VERIFIED"
	OutcomeNotVerified     Outcome = "NOT_VERIFIED"
	OutcomeIdentified      Outcome = "IDENTIFIED"
	OutcomeNotIdentified   Outcome = "NOT_IDENTIFIED"
	OutcomeAlreadyEnrolled Outcome = "ALREADY_ENROLLED"
	// OutcomeAlreadyRegistered: the customer number belongs to someone (or
	// another kiosk is registering it); nothing was created.
	OutcomeAlreadyRegistered Outcome = "ALREADY_REGISTERED"
	OutcomeAbandoned         Outcome = "ABANDONED"
	OutcomeFailed            Outcome = "FAILED"
	OutcomeAdapted           Outcome = "ADAPTED"
	OutcomeNotAdapted        Outcome = "NOT_ADAPTED"
)

// Success reports whether the outcome is what the person came for.
func (o Outcome) Success() bool {
	return o == OutcomeEnrolled || o == OutcomeVerified || o == OutcomeIdentified || o == OutcomeAdapted
}

// StepResult is the short word a step ends with (StepReport.Result).
type StepResult string

// Step results. A step that failed without a word of its own ends
// ResultError.
const (
	ResultError StepResult = "error"
	// Consent, find user, a voice step.
	ResultGiven, ResultRefused, ResultInvalid StepResult = "given", "refused", "invalid"
	// Preflight: ready, or the port whose check failed.
	ResultReady      StepResult = "ready"
	ResultCamera     StepResult = "camera"
	ResultMicrophone StepResult = "microphone"
	ResultServer     StepResult = "server"
	// Reserve: the customer number is reserved, or it has an owner.
	ResultReserved, ResultTaken StepResult = "reserved", "taken"
	// Create user: the user exists, or is minted (created lazily by the
	// first accepted enrolment).
	ResultCreated, ResultMinted StepResult = "created", "minted"
	// A face or voice step.
	ResultEnrolled      StepResult = "enrolled"
	ResultDuplicate     StepResult = "duplicate"
	ResultMatched       StepResult = "matched"
	ResultNotMatched    StepResult = "not_matched"
	ResultVerified      StepResult = "verified"
	ResultNotVerified   StepResult = "not_verified"
	ResultIdentified    StepResult = "identified"
	ResultNotIdentified StepResult = "not_identified"
	ResultAdapted       StepResult = "adapted"
	ResultNotAdapted    StepResult = "not_adapted"
	ResultFailed        StepResult = "failed"
	// ResultSkippedNotEnrolled is a verify or adapt voice step's result
	// when the person has no voice enrolled (in this language): it is
	// skipped, and the face alone decides.
	ResultSkippedNotEnrolled StepResult = "skipped_not_enrolled"
	// ResultNoUsableSample is a verify voice step's result when the face
	// has confirmed the person and the optional voice step gave up on
	// refused samples: the face alone decides, and the voice was not
	// checked. A registration whose optional voice
	// (Config.VoiceOptional) gave up after the face was enrolled reports
	// it too: the voice was not added.
	ResultNoUsableSample StepResult = "no_usable_sample"
	// Confirm, bind, find user.
	ResultConfirmed, ResultIncomplete StepResult = "confirmed", "incomplete"
	ResultBound                       StepResult = "bound"
	ResultFound, ResultMissing        StepResult = "found", "missing"
	ResultUnknown                     StepResult = "unknown"
	// The document steps.
	ResultCaptured, ResultValid StepResult = "captured", "valid"
	ResultUnreadable            StepResult = "unreadable"
	ResultNoPortrait            StepResult = "no_portrait"
	// Cleanup of an unfinished registration: the user is deleted, or
	// the deletion is journalled for a retry.
	ResultDeleted, ResultPending StepResult = "deleted", "pending"
)

// StepReport is one step's result in a flow summary.
type StepReport struct {
	Step     Step       `json:"step"`
	Result   StepResult `json:"result"`
	Attempts int        `json:"attempts"`
	MS       int64      `json:"ms"`
	// Refusals are the face or voice samples the server refused in the
	// step, in order: codes and the server's scores only (never its text).
	Refusals []Refusal `json:"refusals,omitempty"`
}

// Refusal is one refused sample of a step.
type Refusal struct {
	Attempt int  `json:"attempt"`
	Code    Code `json:"code"`
	// Score is the server's score behind the refusal, when it gave one
	// (e.g. Verifik's liveness_failed@0.45).
	Score *float64 `json:"score,omitempty"`
}

// Result is a flow's summary; its JSON form is the CLI's output.
type Result struct {
	OK             bool     `json:"ok"`
	Flow           FlowName `json:"flow"`
	Outcome        Outcome  `json:"outcome"`
	UserID         string   `json:"user_id,omitempty"`
	CustomerNumber string   `json:"reference_id,omitempty"`
	Confidence     *float64 `json:"confidence,omitempty"`
	DetectedID     string   `json:"detected_id,omitempty"`
	// OwnerCustomerNumber is the customer number of the user a duplicate face
	// belongs to (ALREADY_ENROLLED), when the directory knows it.
	OwnerCustomerNumber string       `json:"owner_reference_id,omitempty"`
	Steps               []StepReport `json:"steps"`
	Error               *Error       `json:"error,omitempty"`
	MS                  int64        `json:"ms"`
}
