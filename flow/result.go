package flow

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
	// OutcomeAlreadyRegistered: the reference id belongs to someone (or
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

// StepReport is one step's result in a flow summary.
type StepReport struct {
	Step     Step   `json:"step"`
	Result   string `json:"result"`
	Attempts int    `json:"attempts"`
	MS       int64  `json:"ms"`
	// Refusals are the face or voice samples the server refused in the
	// step, in order: codes and the server's scores only (never its text).
	Refusals []Refusal `json:"refusals,omitempty"`
}

// Refusal is one refused sample of a step.
type Refusal struct {
	Attempt int    `json:"attempt"`
	Code    string `json:"code"`
	// Score is the server's score behind the refusal, when it gave one
	// (e.g. Verifik's liveness_failed@0.45).
	Score *float64 `json:"score,omitempty"`
}

// Result is a flow's summary; its JSON form is the CLI's output.
type Result struct {
	OK          bool     `json:"ok"`
	Flow        string   `json:"flow"`
	Outcome     Outcome  `json:"outcome"`
	UserID      string   `json:"user_id,omitempty"`
	ReferenceID string   `json:"reference_id,omitempty"`
	Confidence  *float64 `json:"confidence,omitempty"`
	DetectedID  string   `json:"detected_id,omitempty"`
	// OwnerReferenceID is the reference id of the user a duplicate face
	// belongs to (ALREADY_ENROLLED), when the directory knows it.
	OwnerReferenceID string       `json:"owner_reference_id,omitempty"`
	Steps            []StepReport `json:"steps"`
	Error            *Error       `json:"error,omitempty"`
	MS               int64        `json:"ms"`
}
