package flow

import (
	"errors"
	"fmt"
)

// msgEnrollVoiceFirst is the server's refusal of a voice verification or
// adaptation for a user without a voice enrolled in the language asked.
const msgEnrollVoiceFirst = "ENROLL_USER_VOICE_FIRST"

// noVoiceEnrolled says err is the server's "enrol a voice first" on a
// verify or adapt dialogue: the enrolment status said there was a voice,
// but not in this language. It comes on the start call, or (API 1.1 has
// no start call for them) on the first sample.
func noVoiceEnrolled(mode VoiceMode, err error) bool {
	var c Coder
	return mode != VoiceEnroll && errors.As(err, &c) && c.Code() == msgEnrollVoiceFirst
}

// voiceDialogue runs a voice dialogue (enroll or verify) to its end:
// clear any pending dialogue, start, then record and submit each prompt.
// Refused samples are re-recorded with the reason shown, up to the limit.
// It returns "enrolled"/"verified"/"adapted" on success; a verify or an
// adapt that ends unsuccessfully returns "not_verified"/"not_adapted" and
// no error.
func (s *session) voiceDialogue(mode VoiceMode) (StepResult, int, error) {
	prompt, err := s.openDialogue(mode)
	if noVoiceEnrolled(mode, err) {
		return ResultSkippedNotEnrolled, 0, nil
	}
	if err != nil {
		return "", 0, err
	}
	refusals, accepted := 0, 0
	total := s.r.cfg.VoiceSamples.For(mode)
	for attempt := 1; ; attempt++ {
		sample, of := accepted+1, total
		if sample > total {
			of = 0 // the server wants more than it was said to: no wrong total
		}
		s.emit(PromptToRead{Prompt: prompt, Attempt: attempt, Sample: sample, Of: of})
		step, err := s.voiceSample(mode, prompt)
		if noVoiceEnrolled(mode, err) {
			return ResultSkippedNotEnrolled, attempt, nil
		}
		if err != nil {
			return "", attempt, err
		}
		s.touch()
		switch {
		case step.Refused != "":
			refusals++
			s.refused(Refusal{Attempt: attempt, Code: step.Refused})
			s.emit(SampleRefused{Step: StepVoice, Attempt: attempt, Reason: step.Refused})
			if refusals > s.r.cfg.MaxVoiceRefusals {
				return ResultRefused, attempt, &Error{Code: CodeVoiceAttempts, Detail: fmt.Sprintf("%d voice samples refused", refusals)}
			}
		case step.Done:
			result, err := s.dialogueEnded(mode, step.Success, attempt)
			return result, attempt, err
		default:
			accepted++
			s.emit(SampleAccepted{Step: StepVoice, Attempt: attempt})
		}
		if step.Next == nil {
			return "", attempt, &Error{Code: CodeServerError, Detail: "the server gave no next prompt and did not end the dialogue"}
		}
		prompt = *step.Next
	}
}

// openDialogue starts a voice dialogue of mode and returns its first
// prompt. A dialogue left open by an earlier session cannot be resumed
// (its session cookie is gone): it is closed first.
func (s *session) openDialogue(mode VoiceMode) (Prompt, error) {
	b := s.r.backend
	pending, err := b.PendingDialogue(s.ctx, s.userID)
	if err != nil {
		return Prompt{}, err
	}
	if pending {
		if err := b.RestartState(s.ctx, s.userID); err != nil {
			return Prompt{}, err
		}
		s.emit(ServerOutcome{Step: StepVoice, Message: "STATE_RESTARTED_WITH_SUCCESS"})
	}
	prompt, err := b.StartVoice(s.ctx, s.userID, mode, s.r.cfg.Language)
	if err != nil {
		return Prompt{}, err
	}
	s.emit(ServerOutcome{Step: StepVoice, Message: "DIALOGUE_STARTED_WITH_SUCCESS"})
	return prompt, nil
}

// voiceSample records one utterance of prompt and submits it; a
// recording the local check refuses is not sent, and the same prompt is
// asked again. The recording is cleared either way.
func (s *session) voiceSample(mode VoiceMode, prompt Prompt) (VoiceStep, error) {
	rec, err := s.record()
	if err != nil {
		return VoiceStep{}, err
	}
	defer clear(rec.WAV) // submitted, refused or failed: the recording is not needed again
	if rec.Code != "OK" {
		return VoiceStep{Refused: Code(rec.Code), Next: &prompt}, nil
	}
	return s.r.backend.SubmitVoice(s.ctx, s.userID, mode, s.r.cfg.Language, rec.WAV)
}

// dialogueEnded is the result of a dialogue of mode the server ended,
// successfully or not.
func (s *session) dialogueEnded(mode VoiceMode, success bool, attempt int) (StepResult, error) {
	if success {
		s.emit(SampleAccepted{Step: StepVoice, Attempt: attempt})
	}
	switch {
	case mode == VoiceVerify && success:
		return ResultVerified, nil
	case mode == VoiceVerify:
		return ResultNotVerified, nil
	case mode == VoiceAdapt && success:
		return ResultAdapted, nil
	case mode == VoiceAdapt:
		return ResultNotAdapted, nil
	case success:
		return ResultEnrolled, nil
	}
	return ResultFailed, &Error{Code: CodeEnrollmentFailed, Detail: "the server ended the voice enrolment unsuccessfully"}
}
