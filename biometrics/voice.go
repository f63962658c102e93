package biometrics

import (
	"context"
	"fmt"
)

// VoiceMode is the kind of voice dialogue.
type VoiceMode string

// Voice dialogue modes.
const (
	VoiceEnroll VoiceMode = "enroll"
	VoiceVerify VoiceMode = "verify"
	VoiceAdapt  VoiceMode = "adapt"
)

// rest is the mode's path under users/:id. Adapt Voice has no /dialogue/
// segment, exactly as the 1.0 docs show it.
func (m VoiceMode) rest() (string, error) {
	switch m {
	case VoiceEnroll, VoiceVerify:
		return "dialogue/" + string(m) + "/voice", nil
	case VoiceAdapt:
		return "adapt/voice", nil
	}
	return "", fmt.Errorf("voice mode %q: want enroll, verify or adapt", m)
}

// VoiceAnswer is any answer of a voice dialogue, 1.0 or 1.1.
//
// 1.0: the start answers DIALOGUE_STARTED_WITH_SUCCESS with the first
// prompt; each accepted sample AUDIO_SUBMITTED_WITH_SUCCESS with the next
// prompt and Decision "OK"; a refused sample is an outcome
// (AUDIO_RECOGNITION_FAILED, Status false, Reason, and the next prompt);
// the end carries DialogueStatus ("Suceeded" [sic] or "Failed") and
// Enrolled, Verified or Adapted.
//
// 1.1: the enrolment start gives EnrollmentID and no prompt; each good
// sample VALID_ATTEMPT with Attempt and no prompt (the person speaks
// again); a refused sample AUDIO_RECOGNITION_FAILED; the end
// AUDIO_ENROLLED_WITH_SUCCESS or ENROLLMENT_FAILED. Verify (and adapt) is
// single-shot: one sample, answered AUDIO_RECOGNIZED_WITH_SUCCESS or
// AUDIO_RECOGNITION_FAILED, both final.
type VoiceAnswer struct {
	Answer
	DialogueID     string `json:"dialogueId,omitempty"`
	PromptCode     string `json:"promptCode,omitempty"`
	PromptCodeText string `json:"promptCodeText,omitempty"`
	Decision       string `json:"decision,omitempty"`
	DialogueStatus string `json:"dialogueStatus,omitempty"`
	Enrolled       *bool  `json:"enrolled,omitempty"`
	Verified       *bool  `json:"verified,omitempty"`
	Adapted        *bool  `json:"adapted,omitempty"`
	Reason         string `json:"reason,omitempty"`
	Detail         string `json:"detail,omitempty"`
	EnrollmentID   string `json:"enrollmentId,omitempty"`
	Attempt        int    `json:"attempt,omitempty"`

	version string    // the API version that answered
	mode    VoiceMode // the dialogue's mode
}

// Done reports whether the dialogue ended with this answer.
func (a VoiceAnswer) Done() bool {
	switch a.Message {
	case MsgAudioEnrolledWithSuccess, MsgAudioVerifiedWithSuccess, MsgAudioRecognizedWithSuccess, MsgEnrollmentFailed:
		return true
	}
	if a.DialogueStatus != "" {
		return true
	}
	return a.Message == MsgAudioRecognitionFailed && a.singleShot()
}

// singleShot reports a 1.1 verify or adapt, whose one answer is final.
func (a VoiceAnswer) singleShot() bool { return a.version == "1.1" && a.mode != VoiceEnroll }

// Succeeded reports whether a finished dialogue reached its goal.
func (a VoiceAnswer) Succeeded() bool {
	if !a.Done() || !a.Status {
		return false
	}
	for _, b := range []*bool{a.Enrolled, a.Verified, a.Adapted} {
		if b != nil && !*b {
			return false
		}
	}
	return true
}

// Refused reports a refused sample in a dialogue that goes on.
func (a VoiceAnswer) Refused() bool { return !a.Status && !a.Done() }

// Prompted reports whether the answer names the next prompt to say. A
// 1.1 answer never does (the person repeats the same phrase); a 1.0
// refusal without one leaves the current prompt to Has Pending Dialogue.
func (a VoiceAnswer) Prompted() bool { return a.PromptCode != "" }

// HasStart reports whether a dialogue of this mode opens with a call
// without audio: always on 1.0; on 1.1 only enrolment (1.1 verify is
// single-shot, and adapt is taken to be, docs/api-choices.md).
func (c *Client) HasStart(mode VoiceMode) bool { return c.version == "1.0" || mode == VoiceEnroll }

// StartVoice opens a voice dialogue: the first call carries no audio. The
// answer holds the first prompt (1.0) or the enrolment id (1.1), and a
// biometrid.sid cookie that the client keeps for the following calls.
// language is optional (1.0 only). Not retried on transport errors.
func (c *Client) StartVoice(ctx context.Context, userID string, mode VoiceMode, language string) (VoiceAnswer, error) {
	if !c.HasStart(mode) {
		return VoiceAnswer{}, fmt.Errorf("biometrics: start voice %s: %w", mode, ErrSingleShotVoice)
	}
	return c.voice(ctx, "start voice "+string(mode), userID, mode, language, nil)
}

// SubmitVoice sends one WAV sample of the current dialogue. Never retried
// on transport errors: the server may have taken the sample.
func (c *Client) SubmitVoice(ctx context.Context, userID string, mode VoiceMode, language string, wav []byte) (VoiceAnswer, error) {
	if wav == nil {
		return VoiceAnswer{}, fmt.Errorf("biometrics: submit voice: %w: audio", ErrMissingArgument)
	}
	return c.voice(ctx, "submit voice "+string(mode), userID, mode, language, wav)
}

func (c *Client) voice(ctx context.Context, op, userID string, mode VoiceMode, language string, wav []byte) (VoiceAnswer, error) {
	var out VoiceAnswer
	rest, err := mode.rest()
	if err != nil {
		return out, fmt.Errorf("biometrics: %s: %w", op, err)
	}
	build := func() ([]byte, string, error) {
		f := newForm()
		if c.version == "1.0" {
			f.field("language", language)
		}
		if wav != nil {
			f.audio(wav)
		}
		return f.done()
	}
	err = c.userCall(ctx, op, rest, userID, false, build, &out, MsgAudioRecognitionFailed, MsgEnrollmentFailed)
	out.version, out.mode = c.version, mode
	return out, err
}

// DeleteVoice deletes the user's voice enrolment (1.0 path), for one
// language or the default. The language goes in a JSON body, where the
// docs put it. Retried.
func (c *Client) DeleteVoice(ctx context.Context, userID, language string) (Answer, error) {
	path, err := userPath(userID, "voice/delete")
	if err != nil {
		return Answer{}, fmt.Errorf("biometrics: delete voice: %w", err)
	}
	var build func() ([]byte, string, error)
	if language != "" {
		build = func() ([]byte, string, error) { return jsonBody(map[string]string{"language": language}) }
	}
	var out Answer
	err = c.call(ctx, request{op: "delete voice", method: "DELETE", path: path, idempotent: true, version: "1.0"}, build, &out)
	return out, err
}

// Language is one voice prompt language.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// LanguagesResult is Get Available Languages' answer (undocumented by the
// vendor; shape chosen in docs/api-choices.md).
type LanguagesResult struct {
	Answer
	Languages []Language `json:"languages"`
	Default   string     `json:"default"`
}

// Languages lists the voice prompt languages (GET languages). Retried.
func (c *Client) Languages(ctx context.Context) (LanguagesResult, error) {
	var out LanguagesResult
	err := c.call(ctx, request{op: "languages", method: "GET", path: "languages", idempotent: true}, nil, &out)
	return out, err
}
