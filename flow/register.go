package flow

import (
	"context"
	"errors"
	"strings"
)

// RegisterRequest starts a registration.
type RegisterRequest struct {
	// CustomerNumber is the bank's identifier for the person.
	CustomerNumber string
	// Consent records that the person agreed to the data-handling text.
	Consent bool
}

// errDuplicate ends a registration whose face already belongs to someone.
var errDuplicate = errors.New("face already enrolled for another user")

// Register runs consent → preflight → reserve the customer number → (the
// document) → create user → face → voice → confirm → bind the reference
// id. It is all or nothing: a registration that does not end ENROLLED
// deletes the user it created and releases its reservation (journalled,
// so a failed deletion is retried later), and a customer number that already
// has an owner is never rebound (ALREADY_REGISTERED). The one exception
// is an optional voice (Config.VoiceOptional) that got no usable sample
// after the face was enrolled: the voice dialogue is closed and the
// registration ends ENROLLED with the face, its voice step
// "no_usable_sample".
func (r *Runner) Register(ctx context.Context, req RegisterRequest) Result {
	s, stop := r.begin(ctx, FlowRegister)
	defer stop()
	s.res.CustomerNumber = req.CustomerNumber
	err := s.register(req)
	var taken *takenError
	switch {
	case errors.As(err, &taken):
		s.res.UserID = taken.owner
		return s.finish(OutcomeAlreadyRegistered, nil)
	case errors.Is(err, errDuplicate):
		return s.finish(OutcomeAlreadyEnrolled, nil)
	case codeOf(err) == CodeAlreadyRegistered:
		// The server holds the number (a back end with server-side
		// uniqueness): nothing of this registration's to undo.
		s.userID = ""
		return s.finish(OutcomeAlreadyRegistered, nil)
	case err != nil:
		return s.finish(OutcomeFailed, err)
	}
	return s.finish(OutcomeEnrolled, nil)
}

// takenError ends a registration whose customer number is not free.
type takenError struct{ owner string }

func (e *takenError) Error() string { return "customer number taken" }

func (s *session) register(req RegisterRequest) error {
	if err := s.step(StepConsent, s.consent(req)); err != nil {
		return err
	}
	if err := s.step(StepPreflight, s.preflight); err != nil {
		return err
	}
	if s.r.dir != nil {
		if err := s.step(StepReserve, s.reserve(req.CustomerNumber)); err != nil {
			return err
		}
	}
	if kind := s.r.cfg.Document; kind != "" {
		forget, err := s.documentFirst(kind)
		defer forget()
		if err != nil {
			return err
		}
	}
	if err := s.step(StepCreateUser, s.createUser(req.CustomerNumber)); err != nil {
		return err
	}
	if err := s.enrollBiometrics(); err != nil {
		return err
	}
	if CapabilitiesOf(s.r.backend).EnrollStatus {
		if err := s.step(StepConfirm, s.confirm); err != nil {
			return err
		}
	}
	if s.r.dir == nil {
		return nil
	}
	return s.step(StepBind, s.bind(req.CustomerNumber))
}

// consent checks that the person agreed and named a customer number.
func (s *session) consent(req RegisterRequest) func() (StepResult, int, error) {
	return func() (StepResult, int, error) {
		if !req.Consent {
			return ResultRefused, 1, &Error{Code: CodeConsentRequired, Detail: "the person has not agreed to the data-handling text"}
		}
		if strings.TrimSpace(req.CustomerNumber) == "" {
			return ResultInvalid, 1, &Error{Code: CodeBadRequest, Detail: "a customer number is required"}
		}
		return ResultGiven, 1, nil
	}
}

// documentFirst checks the identity document a registration starts with
// and keeps its portrait for the face step; forget clears it, and is to
// be called whatever the error.
func (s *session) documentFirst(kind DocType) (forget func(), err error) {
	chk, err := s.document(kind)
	forget = func() {
		clear(chk.Portrait)
		s.portrait = nil
	}
	if err != nil {
		return forget, err
	}
	if !chk.Valid {
		return forget, &Error{Code: CodeDocumentInvalid, Step: StepDocumentCheck, Detail: "the document failed its checks: " + chk.Reason}
	}
	s.portrait = chk.Portrait
	return forget, nil
}

// enrollBiometrics runs a registration's face and voice steps. A face
// that belongs to someone else ends it (errDuplicate); an optional voice
// that got no usable sample leaves the face to decide.
func (s *session) enrollBiometrics() error {
	if s.r.cfg.Face {
		if err := s.step(StepFace, s.enrollFace); err != nil {
			return err
		}
		if s.res.DetectedID != "" {
			s.ownerOfDuplicate()
			return errDuplicate
		}
	}
	if !s.r.cfg.Voice {
		return nil
	}
	err := s.step(StepVoice, func() (StepResult, int, error) { return s.voiceDialogue(VoiceEnroll) })
	if err != nil && s.r.cfg.VoiceOptional && s.r.cfg.Face && noUsableVoice(err) {
		s.faceDecides()
		s.voiceNotAdded = true
		return nil
	}
	return err
}

// bind binds the customer number to the user, completing the registration.
func (s *session) bind(ref string) func() (StepResult, int, error) {
	return func() (StepResult, int, error) {
		if err := s.r.dir.Bind(s.ctx, ref, s.token, s.userID); err != nil {
			return "", 1, &Error{Code: CodeDirectory, Detail: "bind customer number: " + err.Error(), err: err}
		}
		return ResultBound, 1, nil
	}
}

// reserve claims the customer number before anything is created.
func (s *session) reserve(ref string) func() (StepResult, int, error) {
	return func() (StepResult, int, error) {
		tok, err := newToken(s.r.cfg.Holder)
		if err != nil {
			return "", 1, &Error{Code: CodeInternal, Detail: err.Error(), err: err}
		}
		owner, taken, err := s.r.dir.Reserve(s.ctx, ref, tok)
		var refused *Error
		switch {
		case errors.As(err, &refused):
			return ResultRefused, 1, refused // the directory's own refusal, with its code
		case err != nil:
			return "", 1, &Error{Code: CodeDirectory, Detail: "reserve customer number: " + err.Error(), err: err}
		}
		if taken {
			return ResultTaken, 1, &takenError{owner: owner}
		}
		s.token = tok
		return ResultReserved, 1, nil
	}
}

// ownerOfDuplicate names, from the directory, the customer number of the
// user a duplicate face belongs to.
func (s *session) ownerOfDuplicate() {
	if s.r.dir == nil {
		return
	}
	if ref, ok, err := s.r.dir.CustomerNumber(s.ctx, s.res.DetectedID); err == nil && ok {
		s.res.OwnerCustomerNumber = ref
	}
}

func (s *session) createUser(ref string) func() (StepResult, int, error) {
	return func() (StepResult, int, error) {
		id, err := s.r.backend.CreateUser(s.ctx, ref, s.r.cfg.MacAddress)
		if err != nil {
			return "", 1, err
		}
		s.userID, s.ref = id, ref
		if lazy(s.r.backend) {
			return ResultMinted, 1, nil // nothing exists on the server yet
		}
		s.emit(ServerOutcome{Step: StepCreateUser, Message: "NEW_USER_CREATED"})
		return ResultCreated, 1, s.own()
	}
}

// lazy says b creates its users with their first accepted enrolment.
func lazy(b Backend) bool {
	l, ok := b.(LazyCreator)
	return ok && l.CreatesOnEnrolment()
}

// own makes the session's user its own: deleted if the registration does
// not complete, and journalled first, so a killed kiosk's is deleted later.
func (s *session) own() error {
	s.created = true
	if s.r.journal == nil {
		return nil
	}
	if err := s.r.journal.Created(context.WithoutCancel(s.ctx), s.userID, s.ref, s.token); err != nil {
		return &Error{Code: CodeDirectory, Detail: "journal the new user: " + err.Error(), err: err}
	}
	return nil
}

// codeOf is err's stable code ("" for none).
func codeOf(err error) Code {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	var c Coder
	if errors.As(err, &c) {
		return Code(c.Code())
	}
	return ""
}

// enrollFace submits photos until one is enrolled, the face turns out to
// be enrolled already, or the attempts run out. With a document checked,
// each photo is first compared with the document's portrait and enrolled
// only when it matches.
func (s *session) enrollFace() (StepResult, int, error) {
	mismatch := false
	out, n, err := submitPhotos(s, func(p Photo, lid string) (FaceEnrollment, error) {
		if s.portrait != nil {
			m, err := s.compareWithDocument(p)
			mismatch = m.Refused == CodeFaceMismatch
			if err != nil || !m.Matched {
				return FaceEnrollment{Refused: m.Refused, Reason: m.Reason}, err
			}
		}
		return s.r.backend.EnrollFace(s.ctx, s.userID, p, lid)
	}, func(o FaceEnrollment) (Code, string) {
		if o.Enrolled || o.DuplicateOf != "" {
			return "", ""
		}
		return o.Refused, o.Reason
	})
	switch {
	case err != nil && mismatch && refusedWord(err) != "":
		return ResultNotMatched, n, &Error{Code: CodeFaceMismatch, Detail: "no photo matched the document's portrait"}
	case err != nil:
		return refusedWord(err), n, err
	case out.DuplicateOf != "":
		c := out.Confidence
		s.res.DetectedID, s.res.Confidence = out.DuplicateOf, &c
		s.emit(ServerOutcome{Step: StepFace, Message: "FACE_ALREADY_DETECTED_ON_GALLERY"})
		return ResultDuplicate, n, nil
	}
	if !s.created && lazy(s.r.backend) {
		// The person exists from this accepted enrolment.
		if err := s.own(); err != nil {
			return ResultEnrolled, n, err
		}
	}
	s.emit(SampleAccepted{Step: StepFace, Attempt: n})
	s.emit(ServerOutcome{Step: StepFace, Message: "FACE_ENROLLED_WITH_SUCCESS"})
	return ResultEnrolled, n, nil
}

// compareWithDocument compares a face photo with the checked document's
// portrait; a mismatch comes back as a refusal with CodeFaceMismatch.
func (s *session) compareWithDocument(p Photo) (Match, error) {
	db, err := s.r.documentReady()
	if err != nil {
		return Match{}, err
	}
	m, err := db.CompareSelfie(s.ctx, p.JPEG, s.portrait)
	if err != nil || m.Matched || m.Refused != "" {
		return m, err
	}
	s.emit(ServerOutcome{Step: StepFace, Message: "FACE_COMPARISON_FAILED"})
	m.Refused, m.Reason = CodeFaceMismatch, "the face does not match the document's portrait"
	return m, nil
}

// confirm checks with Get enroll Status that what this flow enrolled is
// recorded on the server.
func (s *session) confirm() (StepResult, int, error) {
	st, err := s.r.backend.EnrollStatus(s.ctx, s.userID)
	if err != nil {
		return "", 1, err
	}
	if (s.r.cfg.Face && !st.Face) || (s.r.cfg.Voice && !s.voiceNotAdded && !st.Voice) {
		return ResultIncomplete, 1, &Error{Code: CodeNotEnrolled, Detail: "the server does not report every enrolled biometric"}
	}
	return ResultConfirmed, 1, nil
}
