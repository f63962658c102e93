package flow

import "time"

// Config switches steps on and off and bounds retries and waiting.
type Config struct {
	// Face and Voice switch the biometric steps; at least one must be on.
	Face, Voice bool
	// VoiceOptional says a registration's voice is the person's own
	// choice (the kiosk's "also register my voice (optional)" box), not
	// the bank's requirement: a voice step that gets no usable sample
	// (every sample refused, CodeVoiceAttempts) after the face was
	// enrolled ends the registration ENROLLED with the face alone, its
	// voice step "no_usable_sample". Off (the command line, the staff
	// desk), a registration is all or nothing. A verification's voice is
	// always optional in this sense (docs/registration.md).
	VoiceOptional bool
	// Liveness runs the 1.1 liveness check before each face call, for
	// servers that require a livenessId.
	Liveness bool
	// MaxFaceAttempts bounds photos submitted per face step (default 3).
	MaxFaceAttempts int
	// MaxDocumentAttempts bounds documents submitted per document check
	// when the server cannot read them (default 3).
	MaxDocumentAttempts int
	// Document, when set, makes a registration check an identity document
	// first (front, back, validation) and enrol only a face that matches
	// the document's portrait. It needs a back end with the Document
	// capability and a document camera (Runner.SetDocumentCamera).
	Document DocType
	// VoiceSamples is how many accepted samples each voice dialogue
	// takes, for the "Sample 2 of 3" a front end shows. The vendors do
	// not document it: the composition knows it for the embedded sandbox
	// and reads it from the settings for a server; 0 means unknown.
	VoiceSamples VoiceSamples
	// MaxVoiceRefusals bounds refused voice samples per voice step (default 5).
	MaxVoiceRefusals int
	// IdleTimeout abandons a flow when nothing happens for this long: no
	// face in view, no speech, no server answer (default 60 s).
	IdleTimeout time.Duration
	// Deadline bounds a whole flow, every step, server call and wait
	// included (default DefaultDeadline); past it the flow ends FAILED
	// with CodeFlowDeadline and undoes what it created.
	Deadline time.Duration
	// CleanupTimeout bounds Restart User State after an abandoned flow (default 10 s).
	CleanupTimeout time.Duration
	// Language is the voice prompt language (default "en").
	Language string
	// MacAddress, when set, is sent on Create User to bind the user to this
	// device. BiometrID lets one device belong to one user only, so a
	// shared kiosk leaves it empty; a personal staff desk may set it.
	MacAddress string
	// Holder names this kiosk process in registration tokens (the
	// composition sets host/pid/start), so that a later start can tell a
	// dead process's reservations and journal entries from live ones.
	Holder string
}

// DefaultDeadline bounds a whole flow when Config.Deadline is not set.
const DefaultDeadline = 2 * time.Minute

func (c Config) withDefaults() Config {
	if c.MaxFaceAttempts <= 0 {
		c.MaxFaceAttempts = 3
	}
	if c.MaxDocumentAttempts <= 0 {
		c.MaxDocumentAttempts = 3
	}
	if c.MaxVoiceRefusals <= 0 {
		c.MaxVoiceRefusals = 5
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 60 * time.Second
	}
	if c.Deadline <= 0 {
		c.Deadline = DefaultDeadline
	}
	if c.CleanupTimeout <= 0 {
		c.CleanupTimeout = 10 * time.Second
	}
	if c.Language == "" {
		c.Language = "en"
	}
	return c
}

// VoiceSamples is the number of accepted samples a voice dialogue takes:
// an enrolment, and a verification or an adaptation; 0 means unknown.
type VoiceSamples struct{ Enroll, Verify int }

// For is the number of samples a dialogue of mode takes (0: unknown).
func (v VoiceSamples) For(mode VoiceMode) int {
	switch mode {
	case VoiceEnroll:
		return v.Enroll
	case VoiceVerify, VoiceAdapt:
		return v.Verify
	}
	return 0
}
