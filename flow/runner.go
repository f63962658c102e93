package flow

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Runner runs flows. One Runner serves one person at a time.
type Runner struct {
	review    PhotoReview
	docCamera DocumentCamera
	backend   Backend
	camera    FaceCamera
	mic       Microphone
	dir       Directory
	journal   Journal
	cfg       Config
	sink      Sink
}

// New returns a Runner. camera or mic may be nil when the configuration
// does not use them; dir may be nil (no reference_id lookups); sink may be
// nil (events dropped).
func New(b Backend, camera FaceCamera, mic Microphone, dir Directory, cfg Config, sink Sink) (*Runner, error) {
	cfg = cfg.withDefaults()
	switch {
	case b == nil:
		return nil, errors.New("flow: no backend")
	case !cfg.Face && !cfg.Voice:
		return nil, errors.New("flow: both face and voice steps are switched off")
	case cfg.Face && camera == nil:
		return nil, errors.New("flow: the face step needs a camera")
	case cfg.Voice && mic == nil:
		return nil, errors.New("flow: the voice step needs a microphone")
	}
	caps := CapabilitiesOf(b)
	switch {
	case cfg.Voice && !caps.Voice:
		return nil, errors.New("flow: this back end has no voice biometrics: switch the voice step off")
	case cfg.Liveness && !caps.Liveness:
		return nil, errors.New("flow: this back end has no separate liveness step (Verifik checks liveness on every face call; BioPass ID has none): switch the liveness step off")
	}
	if sink == nil {
		sink = func(Event) {}
	}
	return &Runner{backend: b, camera: camera, mic: mic, dir: dir, cfg: cfg, sink: sink}, nil
}

// session is the state of one running flow.
type session struct {
	r      *Runner
	ctx    context.Context
	touch  func()
	start  time.Time
	res    Result
	userID string
	// token names this registration's reservation of its customer number
	// (Directory.Reserve); created says the session made userID.
	token   string
	created bool
	ref     string // the customer number a registration creates userID for
	// portrait is the validated document's face crop, when the
	// registration checks a document; face photos are compared with it.
	portrait []byte
	// refusals are the running step's refused samples (its report's).
	refusals []Refusal
	// voiceNotAdded says a registration's optional voice step got no
	// usable sample and the registration goes on with the face alone.
	voiceNotAdded bool
}

// refused notes a refused sample of the running step.
func (s *session) refused(r Refusal) { s.refusals = append(s.refusals, r) }

func (r *Runner) begin(ctx context.Context, name FlowName) (*session, func()) {
	dctx, cancel := context.WithTimeoutCause(ctx, r.cfg.Deadline, errDeadline)
	ictx, touch, stop := watchIdle(dctx, r.cfg.IdleTimeout)
	r.sink(Started{Flow: name})
	return &session{r: r, ctx: ictx, touch: touch, start: time.Now(), res: Result{Flow: name, Steps: []StepReport{}}},
		func() { stop(); cancel() }
}

// errDeadline is the cancellation cause when a flow outlives Config.Deadline.
var errDeadline = errors.New("the flow did not finish within its deadline")

func (s *session) emit(e Event) { s.r.sink(e) }

// step runs fn as one named step and records its report. fn returns a
// short result word and the number of attempts it made.
func (s *session) step(name Step, fn func() (StepResult, int, error)) error {
	s.emit(StepEntered{Step: name})
	t0 := time.Now()
	result, attempts, err := fn()
	if err != nil && result == "" {
		result = ResultError
	}
	rep := StepReport{Step: name, Result: result, Attempts: attempts, MS: time.Since(t0).Milliseconds(), Refusals: s.refusals}
	s.refusals = nil
	s.res.Steps = append(s.res.Steps, rep)
	s.emit(StepLeft{Report: rep})
	if err != nil {
		return s.failure(name, err)
	}
	s.touch()
	return nil
}

// failure classifies err, taking cancellation and idleness into account.
func (s *session) failure(name Step, err error) *Error {
	if s.ctx.Err() != nil {
		code := CodeCancelled
		switch cause := context.Cause(s.ctx); {
		case errors.Is(cause, errIdle):
			code = CodeIdleTimeout
		case errors.Is(cause, errDeadline):
			code = CodeFlowDeadline
		}
		return &Error{Code: code, Detail: context.Cause(s.ctx).Error(), Step: name, err: err}
	}
	return asError(name, err, CodeInternal)
}

// finish closes the flow: on failure or abandonment it restarts the user's
// server state so nothing is left half-open, then emits Finished.
func (s *session) finish(outcome Outcome, err error) Result {
	s.res.Outcome = outcome
	if s.userID != "" {
		s.res.UserID = s.userID
	}
	if err != nil {
		fe := s.failure("", err)
		s.res.Error = fe
		if fe.Code == CodeCancelled || fe.Code == CodeIdleTimeout {
			s.res.Outcome = OutcomeAbandoned
		} else if outcome == "" || outcome.Success() {
			s.res.Outcome = OutcomeFailed
		}
		s.emit(Failed{Err: fe})
	}
	switch {
	case s.res.Outcome.Success():
		s.settle()
	case s.created:
		s.undo()
	case s.userID != "":
		s.cleanup()
	}
	s.release()
	if f, ok := s.r.docCamera.(Forgetter); ok {
		f.Forget()
	}
	s.res.OK = s.res.Outcome.Success()
	s.res.MS = time.Since(s.start).Milliseconds()
	s.emit(Finished{Result: s.res})
	return s.res
}

// cleanup restarts the user's state on the server with its own deadline,
// since the flow's context may already be cancelled.
func (s *session) cleanup() {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), s.r.cfg.CleanupTimeout)
	defer cancel()
	if err := s.r.backend.RestartState(ctx, s.userID); err != nil {
		s.emit(Failed{Err: asError("cleanup", fmt.Errorf("restart user state: %w", err), CodeServerError)})
		return
	}
	s.emit(ServerOutcome{Step: "cleanup", Message: "STATE_RESTARTED_WITH_SUCCESS"})
}

// settle ends the journal entry of a completed registration.
func (s *session) settle() {
	if !s.created || s.r.journal == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), s.r.cfg.CleanupTimeout)
	defer cancel()
	if err := s.r.journal.Settled(ctx, s.userID); err != nil {
		// The registration stands; a stale entry would delete it later, so say so.
		s.emit(Failed{Err: asError(StepCleanup, fmt.Errorf("settle the journal: %w", err), CodeDirectory)})
	}
}

// undo deletes the user a registration created and did not complete,
// with its own deadline (the flow's context may be cancelled). A failed
// deletion stays in the journal for a retry and is reported as a
// "pending" cleanup step.
func (s *session) undo() {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), s.r.cfg.CleanupTimeout)
	defer cancel()
	t0 := time.Now()
	result := ResultDeleted
	if err := s.r.backend.DeleteUser(ctx, s.userID); err != nil {
		result = ResultPending
		s.emit(Failed{Err: asError(StepCleanup, fmt.Errorf("delete the unfinished user: %w", err), CodeServerError)})
		if s.r.journal != nil {
			if jerr := s.r.journal.Pending(ctx, s.userID, err.Error()); jerr != nil {
				s.emit(Failed{Err: asError(StepCleanup, fmt.Errorf("journal the pending clean-up: %w", jerr), CodeDirectory)})
			}
		}
	} else {
		s.emit(ServerOutcome{Step: StepCleanup, Message: "USER_REMOVED_WITH_SUCCESS"})
		if s.r.journal != nil {
			if err := s.r.journal.Settled(ctx, s.userID); err != nil {
				s.emit(Failed{Err: asError(StepCleanup, fmt.Errorf("settle the journal: %w", err), CodeDirectory)})
			}
		}
	}
	s.res.Steps = append(s.res.Steps, StepReport{Step: StepCleanup, Result: result, Attempts: 1, MS: time.Since(t0).Milliseconds()})
	// The session's user is gone (or soon); a duplicate names the owner.
	s.res.UserID = ""
	if s.res.Outcome == OutcomeAlreadyEnrolled {
		s.res.UserID = s.res.DetectedID
	}
}

// release drops the customer number's reservation of a registration that
// did not complete.
func (s *session) release() {
	if s.token == "" || s.res.Outcome.Success() || s.r.dir == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), s.r.cfg.CleanupTimeout)
	defer cancel()
	if err := s.r.dir.Release(ctx, s.res.CustomerNumber, s.token); err != nil {
		s.emit(Failed{Err: asError(StepCleanup, fmt.Errorf("release the customer number: %w", err), CodeDirectory)})
	}
}

// livenessID runs the liveness check when configured.
func (s *session) livenessID(photo Photo) (string, error) {
	if !s.r.cfg.Liveness {
		return "", nil
	}
	id, err := s.r.backend.ValidateLiveness(s.ctx, photo)
	if err != nil {
		return "", err
	}
	s.touch()
	return id, nil
}

// SetPhotoReview makes every captured photo go to pr before it is
// submitted; a retake captures again (it does not count as an attempt).
func (r *Runner) SetPhotoReview(pr PhotoReview) { r.review = pr }

// capture takes one face photo, forwarding guidance as events, and lets
// the person review it when a PhotoReview is set. A face in view counts as
// activity, and so does an answer to the review.
func (s *session) capture() (Photo, error) {
	for {
		photo, err := s.r.camera.CaptureFace(s.ctx, func(p FaceProgress) {
			if p.FacePresent {
				s.touch()
			}
			s.emit(FaceGuidance{Code: p.Guidance, Countdown: p.Countdown})
		})
		if err != nil || s.r.review == nil {
			return photo, err
		}
		retake, err := s.r.review.ReviewPhoto(s.ctx, photo)
		if err != nil {
			return Photo{}, err
		}
		s.touch()
		if !retake {
			return photo, nil
		}
	}
}

// record records one utterance, forwarding levels as events. Sound above
// a quiet-room level counts as activity.
func (s *session) record() (VoiceSample, error) {
	return s.r.mic.RecordUtterance(s.ctx, func(l Level) {
		if l.RMS > -45 {
			s.touch()
		}
		s.emit(AudioLevel(l))
	})
}

// submitPhotos captures a photo, validates liveness when configured, and
// submits it with ask, until the answer is not a refusal (refused returns
// a non-empty code for one) or the face attempts run out. Each photo is
// zeroed once submitted; each refusal is shown.
func submitPhotos[T any](s *session, ask func(Photo, string) (T, error), refused func(T) (code Code, reason string)) (T, int, error) {
	var zero T
	max := s.r.cfg.MaxFaceAttempts
	for attempt := 1; attempt <= max; attempt++ {
		photo, err := s.capture()
		if err != nil {
			return zero, attempt, err
		}
		lid, err := s.livenessID(photo)
		if err != nil {
			return zero, attempt, err
		}
		out, err := ask(photo, lid)
		forget(&photo)
		if err != nil {
			return zero, attempt, err
		}
		s.touch()
		code, reason := refused(out)
		if code == "" {
			return out, attempt, nil
		}
		var score *float64
		if sc, ok := any(out).(scoredRefusal); ok {
			score = sc.refusalScore()
		}
		s.refused(Refusal{Attempt: attempt, Code: code, Score: score})
		s.emit(SampleRefused{Step: StepFace, Attempt: attempt, Reason: code, Detail: reason, Score: score})
	}
	detail := "the server refused every photo"
	if n := len(s.refusals); n > 0 {
		last := s.refusals[n-1]
		detail += " (last: " + string(last.Code)
		if last.Score != nil {
			detail += fmt.Sprintf(", score %.2f", *last.Score)
		}
		detail += ")"
	}
	return zero, max, &Error{Code: CodeFaceAttempts, Detail: detail}
}

// refusedWord is a face step's result word when submitPhotos failed:
// "refused" when every photo was refused, "" for other errors.
func refusedWord(err error) StepResult {
	var e *Error
	if errors.As(err, &e) && e.Code == CodeFaceAttempts {
		return "refused"
	}
	return ""
}

// forget zeroes a photo's bytes once it has been submitted: the flow owns
// them, and biometric data should not linger in memory longer than needed.
func forget(p *Photo) {
	clear(p.JPEG)
	for _, b := range p.Burst {
		clear(b)
	}
	p.JPEG, p.Burst = nil, nil
}
