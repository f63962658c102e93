package flow

import "context"

// AdaptRequest names a known person whose templates are refreshed with
// new samples (staff use: a customer whose looks or voice changed).
type AdaptRequest struct {
	UserID         string
	CustomerNumber string
}

// Adapt replaces the face template (Adapt Face) and, when the voice step
// is on and a voice is enrolled, adapts the voice. The server refuses a
// sample that does not match what is enrolled: the outcome is then
// NOT_ADAPTED.
func (r *Runner) Adapt(ctx context.Context, req AdaptRequest) Result {
	s, stop := r.begin(ctx, FlowAdapt)
	defer stop()
	s.res.CustomerNumber = req.CustomerNumber
	outcome, err := s.adapt(req)
	return s.finish(outcome, err)
}

func (s *session) adapt(req AdaptRequest) (Outcome, error) {
	if err := s.step(StepFindUser, s.findUser(VerifyRequest(req))); err != nil {
		return OutcomeFailed, err
	}
	if s.r.cfg.Face {
		var word StepResult
		err := s.step(StepFace, func() (StepResult, int, error) {
			var n int
			var err error
			word, n, err = s.adaptFace()
			return word, n, err
		})
		if err != nil {
			return OutcomeFailed, err
		}
		if word != ResultAdapted {
			return OutcomeNotAdapted, nil
		}
	}
	if s.r.cfg.Voice {
		var word StepResult
		err := s.step(StepVoice, func() (StepResult, int, error) {
			st, err := s.r.backend.EnrollStatus(s.ctx, s.userID)
			if err != nil {
				return "", 1, err
			}
			if !st.Voice {
				word = ResultSkippedNotEnrolled
				return word, 0, nil
			}
			var n int
			word, n, err = s.voiceDialogue(VoiceAdapt)
			return word, n, err
		})
		if err != nil {
			return OutcomeFailed, err
		}
		if word == ResultNotAdapted {
			return OutcomeNotAdapted, nil
		}
	}
	return OutcomeAdapted, nil
}

// notReliable is the server's refusal of a photo that is not the enrolled
// person.
const notReliable = "FACE_NOT_REALIABLE_TO_ADAPT"

// adaptFace submits photos until one replaces the template, the server
// says it is not the same person, or the attempts run out.
func (s *session) adaptFace() (StepResult, int, error) {
	out, n, err := submitPhotos(s, func(p Photo, lid string) (FaceEnrollment, error) {
		return s.r.backend.AdaptFace(s.ctx, s.userID, p, lid)
	}, func(o FaceEnrollment) (Code, string) {
		if o.Enrolled || o.Refused == notReliable {
			return "", ""
		}
		return o.Refused, o.Reason
	})
	switch {
	case err != nil:
		return refusedWord(err), n, err
	case !out.Enrolled:
		s.emit(ServerOutcome{Step: StepFace, Message: notReliable})
		return ResultNotAdapted, n, nil
	}
	s.emit(SampleAccepted{Step: StepFace, Attempt: n})
	s.emit(ServerOutcome{Step: StepFace, Message: "FACE_ADAPTED_WITH_SUCCESS"})
	return ResultAdapted, n, nil
}
