package flow

import "context"

// Identify runs a 1:N identification by face, confirmed by voice when
// configured and the user has a voice enrolled.
func (r *Runner) Identify(ctx context.Context) Result {
	s, stop := r.begin(ctx, FlowIdentify)
	defer stop()
	outcome, err := s.identify()
	return s.finish(outcome, err)
}

func (s *session) identify() (Outcome, error) {
	if !CapabilitiesOf(s.r.backend).Identify {
		return OutcomeFailed, &Error{Code: CodeNotSupported, Detail: "this back end cannot search faces (1:N)"}
	}
	if !s.r.cfg.Face {
		return OutcomeFailed, &Error{Code: CodeBadRequest, Detail: "identification needs the face step"}
	}
	m, err := s.matchStep(StepFace, ResultIdentified, ResultNotIdentified, func(p Photo, lid string) (Match, error) {
		return s.r.backend.FindByFace(s.ctx, p, lid)
	})
	if err != nil {
		return OutcomeFailed, err
	}
	if !m.Matched || m.UserID == "" {
		return OutcomeNotIdentified, nil
	}
	s.userID = m.UserID
	c := m.Confidence
	s.res.Confidence = &c
	if s.r.cfg.Voice {
		ok, err := s.confirmVoice()
		if err != nil {
			return OutcomeFailed, err
		}
		if !ok {
			return OutcomeNotIdentified, nil
		}
	}
	return OutcomeIdentified, nil
}
