package flow

import (
	"context"
	"errors"
	"strings"
)

// VerifyRequest names the person to verify: a BiometrID user id, or a
// customer number known to this kiosk's directory.
type VerifyRequest struct {
	UserID         string
	CustomerNumber string
}

// Verify runs a 1:1 verification: face, then voice when configured and
// enrolled. The voice is a second check the person opts into: a voice
// that does not match ends NOT_VERIFIED, but a voice step that gets no
// usable sample (VOICE_ATTEMPTS_EXHAUSTED) after a matching face ends
// VERIFIED by the face, its voice step "no_usable_sample"
// (docs/registration.md).
func (r *Runner) Verify(ctx context.Context, req VerifyRequest) Result {
	s, stop := r.begin(ctx, FlowVerify)
	defer stop()
	s.res.CustomerNumber = req.CustomerNumber
	outcome, err := s.verify(req)
	return s.finish(outcome, err)
}

func (s *session) verify(req VerifyRequest) (Outcome, error) {
	if err := s.step(StepFindUser, s.findUser(req)); err != nil {
		return OutcomeFailed, err
	}
	if s.r.cfg.Face {
		m, err := s.matchStep(StepFace, ResultVerified, ResultNotVerified, func(p Photo, lid string) (Match, error) {
			return s.r.backend.VerifyFace(s.ctx, s.userID, p, lid)
		})
		if err != nil {
			return OutcomeFailed, err
		}
		c := m.Confidence
		s.res.Confidence = &c
		if !m.Matched {
			return OutcomeNotVerified, nil
		}
	}
	if s.r.cfg.Voice {
		ok, err := s.confirmVoice()
		if err != nil && s.r.cfg.Face && noUsableVoice(err) {
			s.faceDecides()
			return OutcomeVerified, nil
		}
		if err != nil {
			return OutcomeFailed, err
		}
		if !ok {
			return OutcomeNotVerified, nil
		}
	}
	return OutcomeVerified, nil
}

// findUser resolves the request to a user id.
func (s *session) findUser(req VerifyRequest) func() (StepResult, int, error) {
	return func() (StepResult, int, error) {
		if id := strings.TrimSpace(req.UserID); id != "" {
			s.userID = id
			return ResultGiven, 1, nil
		}
		if req.CustomerNumber == "" || s.r.dir == nil {
			return ResultMissing, 1, &Error{Code: CodeBadRequest, Detail: "a user id or a known customer number is required"}
		}
		id, ok, err := s.r.dir.Lookup(s.ctx, req.CustomerNumber)
		if err != nil {
			return "", 1, &Error{Code: CodeInternal, Detail: "look up customer number: " + err.Error(), err: err}
		}
		if !ok {
			return ResultUnknown, 1, &Error{Code: CodeUnknownCustomerNumber, Detail: "this kiosk has no user for customer number " + req.CustomerNumber}
		}
		s.userID = id
		return ResultFound, 1, nil
	}
}

// matchStep runs step: it asks the server to match photos until it
// answers about one (refused photos are retaken); yes and no are the
// step's result words.
func (s *session) matchStep(step Step, yes, no StepResult, ask func(Photo, string) (Match, error)) (Match, error) {
	var m Match
	err := s.step(step, func() (StepResult, int, error) {
		var n int
		var err error
		m, n, err = submitPhotos(s, ask, func(m Match) (Code, string) { return m.Refused, m.Reason })
		return matchWord(m, yes, no), n, err
	})
	return m, err
}

// confirmVoice runs a voice verification for s.userID when the user has a
// voice enrolled; a user without one (the enrolment status says so, or
// the server does for the language asked) is confirmed by face alone,
// and the voice step's result says so (skipped_not_enrolled).
func (s *session) confirmVoice() (bool, error) {
	var ok bool
	err := s.step(StepVoice, func() (StepResult, int, error) {
		st, err := s.r.backend.EnrollStatus(s.ctx, s.userID)
		if err != nil {
			return "", 1, err
		}
		if !st.Voice {
			ok = true
			return ResultSkippedNotEnrolled, 0, nil
		}
		word, n, err := s.voiceDialogue(VoiceVerify)
		ok = word == ResultVerified || word == ResultSkippedNotEnrolled
		return word, n, err
	})
	return ok, err
}

// noUsableVoice says the voice step ended because no sample could be
// used (too many refused), as opposed to a voice that did not match, a
// server or microphone failure, or the person walking away.
func noUsableVoice(err error) bool {
	var fe *Error
	return errors.As(err, &fe) && fe.Code == CodeVoiceAttempts
}

// faceDecides records that the voice step gave no usable sample after a
// matching face, and closes the voice dialogue left open on the server
// (a verification that succeeds is otherwise not cleaned up).
func (s *session) faceDecides() {
	if n := len(s.res.Steps); n > 0 && s.res.Steps[n-1].Step == StepVoice {
		s.res.Steps[n-1].Result = ResultNoUsableSample
	}
	s.cleanup()
}

func matchWord(m Match, yes, no StepResult) StepResult {
	if m.Matched {
		return yes
	}
	return no
}
