package adapters

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"biokiosk/biometrics"
	"biokiosk/biometrics/verifik"
	"biokiosk/flow"
)

// DefaultVerifikEmailDomain is the domain of the pseudonymous enrolment
// emails when none is configured.
const DefaultVerifikEmailDomain = "biokiosk.invalid"

// Verifik is a flow.Backend over Verifik's SmartEnroll and face
// recognition APIs. The user id is an opaque 24-hex id minted by
// CreateUser; no customer data reaches the vendor. The id is linked to
// the person with documented calls only:
//
//   - CreateUser creates an app registration with the pseudonymous email
//     <id>@EmailDomain (the API demands an email or a phone) and fullName
//     <id>; the registration's 120-minute token stays in the client's
//     memory.
//   - EnrollFace posts the selfie to the registration's biometric step
//     (liveness and dedupe on the server, with the project flow's
//     thresholds), keeps the person _id the answer returns, writes the id
//     onto that person (PUT persons/{id} with name and notes = <id>),
//     then syncs end/COMPLETED and reads the status the server decided.
//     A registration that ends otherwise (FAILED, NEEDS_MANUAL_VERIFICATION,
//     a failed sync, an abandoned flow) has its person deleted.
//   - VerifyFace, AdaptFace and EnrollStatus find the person by the name
//     written (persons lookup) and check its notes; while the
//     registration is open, they read the person back from it instead.
//     FindByFace runs search-live-face and maps the best person back
//     through its notes (its name when it has no notes).
//
// Liveness is part of every face call (the biometric step and
// search-live-face check it themselves; verify and adapt are preceded by
// a liveness call), so there is no separate liveness step with an id:
// Capabilities.Liveness is false and the flow's --liveness step is not
// needed. A failed liveness check is a refused sample (LIVENESS_FAILED,
// the score in the reason) and the flow captures again.
type Verifik struct {
	C *verifik.Client
	// EmailDomain is the domain of the pseudonymous emails.
	EmailDomain string
	// ForceReplace, set by a staff decision, re-sends a biometric step
	// that answers PERSON_ALREADY_SET with force:true, replacing the face
	// the registration already has. Unset, that answer ends the
	// enrolment with flow.CodePersonAlreadySet.
	ForceReplace bool
	// Checks remembers successful server checks (nil: none).
	Checks *CheckCache

	mu   sync.Mutex
	regs map[string]vkOpen // user id → its open app registration (this process)
}

// vkOpen is an open app registration: its id, the person its biometric
// step created (once known) and whether a biometric post was sent (whose
// answer may have been lost).
type vkOpen struct {
	reg, person string
	posted      bool
}

// NewVerifik returns the back end on c; domain "" uses
// DefaultVerifikEmailDomain.
func NewVerifik(c *verifik.Client, domain string) *Verifik {
	if domain == "" {
		domain = DefaultVerifikEmailDomain
	}
	return &Verifik{C: c, EmailDomain: domain, regs: map[string]vkOpen{}}
}

var _ flow.Backend = (*Verifik)(nil)

// Capabilities implements flow.CapabilityReporter: face enrolment,
// verification, identification and status; no voice, no document, no
// separate liveness step (see the type's comment).
func (*Verifik) Capabilities() flow.Capabilities {
	return flow.Capabilities{Identify: true, EnrollStatus: true}
}

// vkFlowError is a failure with a flow code.
type vkFlowError struct {
	code   flow.Code
	detail string
}

func (e vkFlowError) Error() string { return "verifik: " + e.detail }

// Code is the flow's code.
func (e vkFlowError) Code() string { return string(e.code) }

// CreateUser implements flow.Backend: it mints the id and opens the app
// registration. The customer number and MAC address are not sent.
func (v *Verifik) CreateUser(ctx context.Context, _, _ string) (string, error) {
	id, err := newID()
	if err != nil {
		return "", err
	}
	r, err := v.C.CreateAppRegistration(ctx, verifik.NewAppRegistration{Email: id + "@" + v.EmailDomain, FullName: id, Language: "en"})
	if err != nil {
		return "", err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.regs == nil {
		v.regs = map[string]vkOpen{}
	}
	v.regs[id] = vkOpen{reg: r.ID}
	return id, nil
}

func (v *Verifik) registration(userID string) (vkOpen, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	r, ok := v.regs[userID]
	return r, ok
}

// update changes the open registration's entry, if it is still open.
func (v *Verifik) update(userID string, fn func(*vkOpen)) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if o, ok := v.regs[userID]; ok {
		fn(&o)
		v.regs[userID] = o
	}
}

func (v *Verifik) closeRegistration(userID string) {
	v.mu.Lock()
	o := v.regs[userID]
	delete(v.regs, userID)
	v.mu.Unlock()
	v.C.ForgetRegistration(o.reg)
}

// discard ends a registration that will not complete: with syncFailed it
// is synced end/FAILED first; the person its biometric step created (read
// back from the registration when a post's answer was lost) is deleted,
// so no template stays at the vendor; the entry and its token are dropped
// whatever fails. The errors are returned joined.
func (v *Verifik) discard(ctx context.Context, userID string, o vkOpen, syncFailed bool) error {
	defer v.closeRegistration(userID)
	var errs []error
	if syncFailed {
		if _, err := v.C.Sync(ctx, o.reg, "end", verifik.StatusFailed); err != nil && vkCodeOf(err) != "APP_REGISTRATION_NOT_FOUND" {
			errs = append(errs, fmt.Errorf("close the registration: %w", err))
		}
	}
	person := o.person
	if person == "" && o.posted {
		r, err := v.C.AppRegistration(ctx, o.reg)
		switch {
		case err == nil:
			person = r.Person
		case vkCodeOf(err) != "APP_REGISTRATION_NOT_FOUND":
			errs = append(errs, fmt.Errorf("read the registration's person: %w", err))
		}
	}
	if person != "" {
		if err := v.C.DeletePerson(ctx, person); err != nil && vkCodeOf(err) != "PERSON_NOT_FOUND" {
			errs = append(errs, fmt.Errorf("delete the registration's person: %w", err))
		}
	}
	return errors.Join(errs...)
}

// vkRefused is a refused photo: the flow's code, a reason, and the
// server's score when it gave one (liveness_failed@0.45).
type vkRefused struct {
	code   flow.Code
	reason string
	score  *float64
}

// vkRefusal turns a refused photo (failed liveness, no face, several
// faces) into a refusal; other errors stay errors.
func vkRefusal(err error) (vkRefused, error) {
	var e *verifik.Error
	if !errors.As(err, &e) {
		return vkRefused{}, err
	}
	switch c := e.Code(); c {
	case "LIVENESS_FAILED":
		if !e.HasScore {
			return vkRefused{code: flow.CodeLivenessFailed, reason: "liveness is not above the minimum"}, nil
		}
		score := e.Score
		return vkRefused{flow.CodeLivenessFailed, fmt.Sprintf("liveness score %.2f is not above the minimum", score), &score}, nil
	case "NO_FACE_DETECTED", "MULTIPLE_FACES_DETECTED":
		return vkRefused{code: flow.Code(c), reason: strings.ToLower(strings.ReplaceAll(c, "_", " "))}, nil
	}
	return vkRefused{}, err
}

// EnrollFace implements flow.Backend: the registration's biometric step,
// the id written onto the person it created, then sync end/COMPLETED.
func (v *Verifik) EnrollFace(ctx context.Context, userID string, p flow.Photo, _ string) (flow.FaceEnrollment, error) {
	o, ok := v.registration(userID)
	if !ok {
		return flow.FaceEnrollment{}, vkFlowError{"APP_REGISTRATION_NOT_FOUND", "no open app registration for " + userID + " in this session (enrol right after creating the user)"}
	}
	v.update(userID, func(o *vkOpen) { o.posted = true })
	o.posted = true
	r, err := v.C.BiometricAppRegistration(ctx, o.reg, p.JPEG, false)
	if flow.Code(vkCodeOf(err)) == flow.CodePersonAlreadySet {
		// An earlier post on this registration got through (its answer
		// was lost, or another client posted): replacing that face is a
		// staff decision, not the kiosk's.
		if !v.ForceReplace {
			return flow.FaceEnrollment{}, errors.Join(vkFlowError{flow.CodePersonAlreadySet,
				"the registration already has a face (an earlier answer was lost?): staff may replace it (Verifik.ForceReplace)"}, err)
		}
		r, err = v.C.BiometricAppRegistration(ctx, o.reg, p.JPEG, true)
	}
	if vkCodeOf(err) == "DUPLICATED_PERSON" {
		return v.duplicate(ctx, userID, o, p, err)
	}
	if err != nil {
		ref, err := vkRefusal(err)
		return flow.FaceEnrollment{Refused: ref.code, Reason: ref.reason, RefusedScore: ref.score}, err
	}
	person := r.Person
	if person == "" {
		// The documented answer names the person; read it back if not.
		got, err := v.C.AppRegistration(ctx, o.reg)
		if err != nil {
			return flow.FaceEnrollment{}, fmt.Errorf("verifik: the biometric step's person: %w", err)
		}
		person = got.Person
	}
	if person == "" {
		return flow.FaceEnrollment{}, vkFlowError{"MALFORMED_RESPONSE", "the biometric step succeeded without a person"}
	}
	v.update(userID, func(o *vkOpen) { o.person = person })
	o.person = person
	// The link: the minted id, on documented fields of the person. Until
	// it is written the registration stays open (a retry meets
	// PERSON_ALREADY_SET, an abandoned flow deletes the person).
	if _, err := v.C.UpdatePerson(ctx, person, verifik.PersonUpdate{Name: userID, Notes: userID}); err != nil {
		return flow.FaceEnrollment{}, fmt.Errorf("verifik: link the person to the user: %w", err)
	}
	s, err := v.C.Sync(ctx, o.reg, "end", verifik.StatusCompleted)
	if err != nil {
		return flow.FaceEnrollment{}, errors.Join(err, v.discard(ctx, userID, o, true))
	}
	if s.Status != verifik.StatusCompleted {
		derr := v.discard(ctx, userID, o, false)
		return flow.FaceEnrollment{}, errors.Join(vkFlowError{flow.Code(s.Status), "the registration ended " + s.Status + ", not COMPLETED"}, derr)
	}
	v.closeRegistration(userID)
	return flow.FaceEnrollment{Enrolled: true}, nil
}

// duplicate handles duplicated_person: the registration is closed as
// FAILED (deleting a person an earlier post of it created), then the
// face's owner is looked for (search-live-face). When the owner cannot
// be named, the server's error stands.
func (v *Verifik) duplicate(ctx context.Context, userID string, o vkOpen, p flow.Photo, dupErr error) (flow.FaceEnrollment, error) {
	derr := v.discard(ctx, userID, o, true)
	m, err := v.FindByFace(ctx, p, "")
	if err != nil || !m.Matched || m.UserID == "" || m.UserID == userID {
		return flow.FaceEnrollment{}, errors.Join(dupErr, derr)
	}
	return flow.FaceEnrollment{DuplicateOf: m.UserID, Confidence: m.Confidence}, derr
}

// linkedID is the user id a person is linked to: its notes when they
// are a minted id, else (a person without notes) its name when that is
// one; "" otherwise.
func linkedID(p verifik.Person) string {
	switch {
	case mintedID(p.Notes):
		return strings.ToLower(p.Notes)
	case p.Notes == "" && mintedID(p.Name):
		return strings.ToLower(p.Name)
	}
	return ""
}

func activePerson(p verifik.Person) bool { return p.Status == "" || p.Status == "active" }

// person finds the active person linked to userID. While the user's
// registration is open its person is read from it (enrolled only once
// the registration is COMPLETED, i.e. never while open); otherwise the
// persons lookup by the name EnrollFace wrote, checked against the notes.
func (v *Verifik) person(ctx context.Context, userID string) (verifik.Person, bool, error) {
	if !mintedID(userID) {
		return verifik.Person{}, false, vkFlowError{flow.CodeBadRequest, fmt.Sprintf("user id %q is not a 24-hex id minted by this back end", userID)}
	}
	if o, open := v.registration(userID); open {
		r, err := v.C.AppRegistration(ctx, o.reg, "person")
		if err != nil {
			return verifik.Person{}, false, err
		}
		if r.Status != verifik.StatusCompleted || r.PersonObject == nil || !activePerson(*r.PersonObject) {
			return verifik.Person{}, false, nil
		}
		return *r.PersonObject, true, nil
	}
	ps, err := v.C.LookupPersons(ctx, userID)
	if err != nil {
		return verifik.Person{}, false, err
	}
	for _, p := range ps {
		if linkedID(p) == strings.ToLower(userID) && activePerson(p) {
			return p, true, nil
		}
	}
	return verifik.Person{}, false, nil
}

func (v *Verifik) enrolled(ctx context.Context, userID string) (verifik.Person, error) {
	p, ok, err := v.person(ctx, userID)
	if err == nil && !ok {
		err = vkFlowError{flow.CodeNotEnrolled, "no Verifik person is linked to " + userID}
	}
	return p, err
}

// match runs liveness then verify against the person.
func (v *Verifik) match(ctx context.Context, person string, p flow.Photo) (verifik.Verification, vkRefused, error) {
	l, err := v.C.Liveness(ctx, p.JPEG)
	if err != nil {
		ref, err := vkRefusal(err)
		return verifik.Verification{}, ref, err
	}
	if !l.Passed {
		score := l.LivenessScore
		return verifik.Verification{}, vkRefused{flow.CodeLivenessFailed,
			fmt.Sprintf("liveness score %.2f is not above the minimum %.2f", l.LivenessScore, l.MinScore), &score}, nil
	}
	r, err := v.C.Verify(ctx, person, p.JPEG)
	if err != nil {
		ref, err := vkRefusal(err)
		return verifik.Verification{}, ref, err
	}
	return r, vkRefused{}, nil
}

// VerifyFace implements flow.Backend: liveness, then verify.
func (v *Verifik) VerifyFace(ctx context.Context, userID string, p flow.Photo, _ string) (flow.Match, error) {
	person, err := v.enrolled(ctx, userID)
	if err != nil {
		return flow.Match{}, err
	}
	r, ref, err := v.match(ctx, person.ID, p)
	if err != nil || ref.code != "" {
		return flow.Match{Refused: ref.code, Reason: ref.reason, RefusedScore: ref.score}, err
	}
	return flow.Match{Matched: r.Matched, UserID: userID, Confidence: r.Score}, nil
}

// AdaptFace implements flow.Backend: the photo must pass liveness and
// verify against the enrolled face, then it replaces the person's faces.
func (v *Verifik) AdaptFace(ctx context.Context, userID string, p flow.Photo, _ string) (flow.FaceEnrollment, error) {
	person, err := v.enrolled(ctx, userID)
	if err != nil {
		return flow.FaceEnrollment{}, err
	}
	r, ref, err := v.match(ctx, person.ID, p)
	switch {
	case err != nil || ref.code != "":
		return flow.FaceEnrollment{Refused: ref.code, Reason: ref.reason, RefusedScore: ref.score}, err
	case !r.Matched:
		return flow.FaceEnrollment{Refused: flow.Code(biometrics.MsgFaceNotRealiableToAdapt), Reason: fmt.Sprintf("score %.2f: not the enrolled person", r.Score)}, nil
	}
	if _, err := v.C.UpdatePersonImages(ctx, person.ID, p.JPEG); err != nil {
		return flow.FaceEnrollment{}, err
	}
	return flow.FaceEnrollment{Enrolled: true, Confidence: r.Score}, nil
}

// FindByFace implements flow.Backend: search-live-face, then the best
// person linked to a minted id. A candidate gone meanwhile
// (PERSON_NOT_FOUND) is skipped.
func (v *Verifik) FindByFace(ctx context.Context, p flow.Photo, _ string) (flow.Match, error) {
	s, err := v.C.SearchLiveFace(ctx, p.JPEG)
	if err != nil {
		ref, err := vkRefusal(err)
		return flow.Match{Refused: ref.code, Reason: ref.reason, RefusedScore: ref.score}, err
	}
	for _, c := range s.Persons {
		person, err := v.C.Person(ctx, c.ID)
		if vkCodeOf(err) == "PERSON_NOT_FOUND" {
			continue
		}
		if err != nil {
			return flow.Match{}, err
		}
		if id := linkedID(person); id != "" && activePerson(person) {
			return flow.Match{Matched: true, UserID: id, Confidence: c.Score}, nil
		}
	}
	return flow.Match{}, nil
}

// ValidateLiveness implements flow.Backend: there is no separate
// liveness step (every face call checks liveness).
func (*Verifik) ValidateLiveness(context.Context, flow.Photo) (string, error) {
	return "", unsupported{"verifik", "a separate liveness step (liveness is checked within every face call)"}
}

// PendingDialogue implements flow.Backend: there are no dialogues.
func (*Verifik) PendingDialogue(context.Context, string) (bool, error) { return false, nil }

// RestartState implements flow.Backend: an app registration left open by
// an abandoned flow is closed as FAILED and the person it created, if
// any, deleted. Its entry and token are dropped even when that fails.
func (v *Verifik) RestartState(ctx context.Context, userID string) error {
	o, ok := v.registration(userID)
	if !ok {
		return nil
	}
	return v.discard(ctx, userID, o, true)
}

// StartVoice implements flow.Backend: not available.
func (*Verifik) StartVoice(context.Context, string, flow.VoiceMode, string) (flow.Prompt, error) {
	return flow.Prompt{}, unsupported{"verifik", "voice"}
}

// SubmitVoice implements flow.Backend: not available.
func (*Verifik) SubmitVoice(context.Context, string, flow.VoiceMode, string, []byte) (flow.VoiceStep, error) {
	return flow.VoiceStep{}, unsupported{"verifik", "voice"}
}

// EnrollStatus implements flow.Backend: a face is enrolled when an
// active person is linked to the id; there is no voice.
func (v *Verifik) EnrollStatus(ctx context.Context, userID string) (flow.EnrollStatus, error) {
	_, ok, err := v.person(ctx, userID)
	return flow.EnrollStatus{Face: ok}, err
}

func vkCodeOf(err error) string {
	var e *verifik.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return ""
}
