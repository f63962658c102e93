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
	b, lang := s.r.backend, s.r.cfg.Language
	pending, err := b.PendingDialogue(s.ctx, s.userID)
	if err != nil {
		return "", 0, err
	}
	if pending {
		// A dialogue left open by an earlier session cannot be resumed: its
		// session cookie is gone. Close it and start afresh.
		if err := b.RestartState(s.ctx, s.userID); err != nil {
			return "", 0, err
		}
		s.emit(ServerOutcome{Step: StepVoice, Message: "STATE_RESTARTED_WITH_SUCCESS"})
	}
	prompt, err := b.StartVoice(s.ctx, s.userID, mode, lang)
	if noVoiceEnrolled(mode, err) {
		return ResultSkippedNotEnrolled, 0, nil
	}
	if err != nil {
		return "", 0, err
	}
	s.emit(ServerOutcome{Step: StepVoice, Message: "DIALOGUE_STARTED_WITH_SUCCESS"})
	refusals, accepted := 0, 0
	total := s.r.cfg.VoiceSamples.For(mode)
	for attempt := 1; ; attempt++ {
		sample, of := accepted+1, total
		if sample > total {
			of = 0 // the server wants more than it was said to: no wrong total
		}
		s.emit(PromptToRead{Prompt: prompt, Attempt: attempt, Sample: sample, Of: of})
		rec, err := s.record()
		if err != nil {
			return "", attempt, err
		}
		var step VoiceStep
		if rec.Code != "OK" {
			step = VoiceStep{Refused: Code(rec.Code), Next: &prompt}
		} else {
			step, err = b.SubmitVoice(s.ctx, s.userID, mode, lang, rec.WAV)
		}
		clear(rec.WAV) // submitted, refused or failed: the recording is not needed again
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
			if step.Success {
				s.emit(SampleAccepted{Step: StepVoice, Attempt: attempt})
				switch mode {
				case VoiceVerify:
					return ResultVerified, attempt, nil
				case VoiceAdapt:
					return ResultAdapted, attempt, nil
				}
				return ResultEnrolled, attempt, nil
			}
			switch mode {
			case VoiceVerify:
				return ResultNotVerified, attempt, nil
			case VoiceAdapt:
				return ResultNotAdapted, attempt, nil
			}
			return ResultFailed, attempt, &Error{Code: CodeEnrollmentFailed, Detail: "the server ended the voice enrolment unsuccessfully"}
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
