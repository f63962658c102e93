package flow

import (
	"context"
	"fmt"
	"time"
)

// Document steps, in the order they run.
const (
	StepDocumentFront Step = "document_front"
	StepDocumentBack  Step = "document_back"
	StepDocumentCheck Step = "document_check"
	// StepSelfieCompare is a CheckDocument flow's face step: the live
	// selfie against the document's portrait.
	StepSelfieCompare Step = "selfie_compare"
)

// Codes of the document step.
const (
	// CodeDocumentAttempts: the server could not read any captured document.
	CodeDocumentAttempts Code = "DOCUMENT_ATTEMPTS_EXHAUSTED"
	// CodeDocumentInvalid: the document was read but failed its checks
	// (check digits, expiry).
	CodeDocumentInvalid Code = "DOCUMENT_NOT_VALID"
	// CodeNoPortrait: the server found no portrait on the document, so
	// the selfie cannot be compared with it.
	CodeNoPortrait Code = "DOCUMENT_PORTRAIT_MISSING"
	// CodeFaceMismatch is a face photo refused because it does not match
	// the document's portrait; after the attempts run out a registration
	// fails with it.
	CodeFaceMismatch Code = "DOCUMENT_FACE_MISMATCH"
)

// DocumentGuidance is the live advice while the camera looks for a document.
type DocumentGuidance struct {
	Side      DocSide
	Code      string
	Countdown time.Duration
	Found     bool
}

func (DocumentGuidance) event() {}

// DocumentRead reports a validated document's extracted fields, for display.
type DocumentRead struct {
	Kind   DocType
	Fields map[string]string
}

func (DocumentRead) event() {}

// SetDocumentCamera gives the runner the camera for the document step
// (Config.Document and CheckDocument need it).
func (r *Runner) SetDocumentCamera(c DocumentCamera) { r.docCamera = c }

// documentReady says why the document step cannot run, or returns the
// back end's document interface.
func (r *Runner) documentReady() (DocumentBackend, error) {
	db, ok := r.backend.(DocumentBackend)
	switch {
	case !ok || !CapabilitiesOf(r.backend).Document:
		return nil, &Error{Code: CodeNotSupported, Detail: "this back end does not check identity documents"}
	case r.docCamera == nil:
		return nil, &Error{Code: CodeCameraUnavailable, Detail: "the document step needs a document camera"}
	}
	return db, nil
}

// CheckDocumentRequest starts an identity-document check.
type CheckDocumentRequest struct {
	Kind DocType
}

// CheckDocument runs document capture → validation → selfie → comparison:
// the walk-in identity check, which enrols nothing. VERIFIED means the
// document passed its checks and the live face matches its portrait.
func (r *Runner) CheckDocument(ctx context.Context, req CheckDocumentRequest) Result {
	s, stop := r.begin(ctx, FlowCheckDocument)
	defer stop()
	outcome, err := s.checkDocument(req.Kind)
	return s.finish(outcome, err)
}

func (s *session) checkDocument(kind DocType) (Outcome, error) {
	if !s.r.cfg.Face {
		return OutcomeFailed, &Error{Code: CodeBadRequest, Detail: "the document check needs the face step"}
	}
	chk, err := s.document(kind)
	defer clear(chk.Portrait)
	switch {
	case err != nil:
		return OutcomeFailed, err
	case !chk.Valid:
		return OutcomeNotVerified, nil
	}
	db, _ := s.r.documentReady()
	m, err := s.matchStep(StepSelfieCompare, ResultMatched, ResultNotMatched, func(p Photo, _ string) (Match, error) {
		return db.CompareSelfie(s.ctx, p.JPEG, chk.Portrait)
	})
	if err != nil {
		return OutcomeFailed, err
	}
	c := m.Confidence
	s.res.Confidence = &c
	if !m.Matched {
		return OutcomeNotVerified, nil
	}
	return OutcomeVerified, nil
}

// document runs the capture and validation steps and returns the server's
// answer. A document the server cannot read is captured again; one it read
// but found invalid is returned with Valid false (the check's reason is in
// the step's result and a SampleRefused event).
func (s *session) document(kind DocType) (DocumentCheck, error) {
	if kind == "" {
		kind = DocIDCard
	}
	if kind != DocIDCard && kind != DocPassport {
		return DocumentCheck{}, &Error{Code: CodeBadRequest, Detail: fmt.Sprintf("unknown document type %q: idcard or passport", kind)}
	}
	db, err := s.r.documentReady()
	if err != nil {
		return DocumentCheck{}, err
	}
	attempts := s.r.cfg.MaxDocumentAttempts
	for attempt := 1; attempt <= attempts; attempt++ {
		front, back, err := s.captureDocument(kind)
		if err != nil {
			return DocumentCheck{}, err
		}
		var chk DocumentCheck
		err = s.step(StepDocumentCheck, func() (StepResult, int, error) {
			var err error
			chk, err = db.ValidateDocument(s.ctx, kind, front.JPEG, back.JPEG)
			forgetDocument(&front)
			forgetDocument(&back)
			switch {
			case err != nil:
				return "", attempt, err
			case chk.Refused != "":
				s.emit(SampleRefused{Step: StepDocumentCheck, Attempt: attempt, Reason: chk.Refused, Detail: chk.Reason})
				return ResultUnreadable, attempt, nil
			case !chk.Valid:
				s.emit(SampleRefused{Step: StepDocumentCheck, Attempt: attempt, Reason: CodeDocumentInvalid, Detail: chk.Reason})
				return ResultInvalid, attempt, nil
			}
			s.emit(DocumentRead{Kind: kind, Fields: chk.Fields})
			s.emit(ServerOutcome{Step: StepDocumentCheck, Message: "DOCUMENT_VALIDATED_WITH_SUCCESS"})
			if len(chk.Portrait) == 0 {
				return ResultNoPortrait, attempt, &Error{Code: CodeNoPortrait, Detail: "the server found no portrait on the document"}
			}
			return ResultValid, attempt, nil
		})
		if err != nil {
			return DocumentCheck{}, err
		}
		if chk.Refused == "" {
			return chk, nil
		}
		if attempt == attempts {
			return DocumentCheck{}, &Error{Code: CodeDocumentAttempts, Step: StepDocumentCheck,
				Detail: fmt.Sprintf("the server could not read the document (%s: %s)", chk.Refused, chk.Reason)}
		}
	}
	return DocumentCheck{}, &Error{Code: CodeDocumentAttempts, Step: StepDocumentCheck, Detail: "no attempts allowed"}
}

// captureDocument takes the front and, for an ID card, the back. A
// passport's data page is one side: it is sent as the front alone.
func (s *session) captureDocument(kind DocType) (front, back DocumentPhoto, err error) {
	sides := []DocSide{SideFront}
	if kind == DocIDCard {
		sides = append(sides, SideBack)
	}
	for _, side := range sides {
		name := StepDocumentFront
		if side == SideBack {
			name = StepDocumentBack
		}
		var p DocumentPhoto
		err := s.step(name, func() (StepResult, int, error) {
			var err error
			p, err = s.r.docCamera.CaptureDocument(s.ctx, kind, side, func(pr DocumentProgress) {
				if pr.Found {
					s.touch()
				}
				s.emit(DocumentGuidance{Side: side, Code: pr.Guidance, Countdown: pr.Countdown, Found: pr.Found})
			})
			if err != nil {
				return "", 1, err
			}
			return ResultCaptured, 1, nil
		})
		if err != nil {
			forgetDocument(&front)
			return DocumentPhoto{}, DocumentPhoto{}, err
		}
		if side == SideFront {
			front = p
		} else {
			back = p
		}
	}
	return front, back, nil
}

// forgetDocument zeroes a document photo once submitted.
func forgetDocument(p *DocumentPhoto) {
	clear(p.JPEG)
	p.JPEG = nil
}
