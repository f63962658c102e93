package adapters

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"biokiosk/biometrics/verifik"
	"biokiosk/flow"
)

// DefaultVerifikEmailDomain is the domain of the pseudonymous enrolment
// emails when none is configured.
const DefaultVerifikEmailDomain = "biokiosk.invalid"

// Verifik is a flow.Backend over Verifik's SmartEnroll and face
// recognition APIs. The user id is an opaque 24-hex id minted by
// CreateUser; no customer data reaches the vendor. The id round-trips as
// the person's name:
//
//   - CreateUser creates an app registration whose fullName is the id and
//     whose email, which the API demands (email or phone), is the
//     pseudonymous <id>@EmailDomain; the registration's 120-minute token
//     stays in the client's memory.
//   - EnrollFace posts the selfie to the registration's biometric step
//     (liveness and dedupe on the server, with the project flow's
//     thresholds), which creates the person named after the registration,
//     then syncs end/COMPLETED and reads the status the server decided.
//   - VerifyFace finds the person by name (persons lookup) and runs
//     liveness then verify; FindByFace runs search-live-face and maps the
//     best person whose name is a minted id back to it; AdaptFace verifies
//     the same way, then replaces the person's faces.
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

	mu   sync.Mutex
	regs map[string]string // user id → open app registration (this process)
}

// NewVerifik returns the back end on c; domain "" uses
// DefaultVerifikEmailDomain.
func NewVerifik(c *verifik.Client, domain string) *Verifik {
	if domain == "" {
		domain = DefaultVerifikEmailDomain
	}
	return &Verifik{C: c, EmailDomain: domain, regs: map[string]string{}}
}

var _ flow.Backend = (*Verifik)(nil)

// Capabilities implements flow.CapabilityReporter: face enrolment,
// verification, identification and status; no voice, no document, no
// separate liveness step (see the type's comment).
func (*Verifik) Capabilities() flow.Capabilities {
	return flow.Capabilities{Identify: true, EnrollStatus: true}
}

// vkFlowError is a failure with a flow code.
type vkFlowError struct{ code, detail string }

func (e vkFlowError) Error() string { return "verifik: " + e.detail }

// Code is the flow's code.
func (e vkFlowError) Code() string { return e.code }

// CreateUser implements flow.Backend: it mints the id and opens the app
// registration. The reference id and MAC address are not sent.
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
		v.regs = map[string]string{}
	}
	v.regs[id] = r.ID
	return id, nil
}

func (v *Verifik) registration(userID string) (string, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	r, ok := v.regs[userID]
	return r, ok
}

func (v *Verifik) closeRegistration(userID string) {
	v.mu.Lock()
	r := v.regs[userID]
	delete(v.regs, userID)
	v.mu.Unlock()
	v.C.ForgetRegistration(r)
}

// vkRefusal turns a refused photo (failed liveness, no face, several
// faces) into a refusal code and reason; other errors stay errors.
func vkRefusal(err error) (code, reason string, rest error) {
	var e *verifik.Error
	if !errors.As(err, &e) {
		return "", "", err
	}
	switch c := e.Code(); c {
	case "LIVENESS_FAILED":
		return flow.CodeLivenessFailed, fmt.Sprintf("liveness score %.2f is not above the minimum", e.Score), nil
	case "NO_FACE_DETECTED", "MULTIPLE_FACES_DETECTED":
		return c, strings.ToLower(strings.ReplaceAll(c, "_", " ")), nil
	}
	return "", "", err
}

// EnrollFace implements flow.Backend: the registration's biometric step,
// then sync end/COMPLETED.
func (v *Verifik) EnrollFace(ctx context.Context, userID string, p flow.Photo, _ string) (flow.FaceEnrollment, error) {
	reg, ok := v.registration(userID)
	if !ok {
		return flow.FaceEnrollment{}, vkFlowError{"APP_REGISTRATION_NOT_FOUND", "no open app registration for " + userID + " in this session (enrol right after creating the user)"}
	}
	_, err := v.C.BiometricAppRegistration(ctx, reg, p.JPEG, false)
	if vkCodeOf(err) == "PERSON_ALREADY_SET" {
		// An earlier attempt of this session got through but its answer
		// was lost: send this photo again, replacing that one.
		_, err = v.C.BiometricAppRegistration(ctx, reg, p.JPEG, true)
	}
	if vkCodeOf(err) == "DUPLICATED_PERSON" {
		return v.duplicate(ctx, userID, reg, p, err)
	}
	if err != nil {
		code, reason, err := vkRefusal(err)
		return flow.FaceEnrollment{Refused: code, Reason: reason}, err
	}
	s, err := v.C.Sync(ctx, reg, "end", verifik.StatusCompleted)
	if err != nil {
		return flow.FaceEnrollment{}, err
	}
	v.closeRegistration(userID)
	if s.Status != verifik.StatusCompleted {
		return flow.FaceEnrollment{}, vkFlowError{s.Status, "the registration ended " + s.Status + ", not COMPLETED"}
	}
	return flow.FaceEnrollment{Enrolled: true}, nil
}

// duplicate handles duplicated_person: it finds who the face belongs to
// (search-live-face) and closes the registration as FAILED. When the
// owner cannot be named, the server's error stands.
func (v *Verifik) duplicate(ctx context.Context, userID, reg string, p flow.Photo, dupErr error) (flow.FaceEnrollment, error) {
	m, err := v.FindByFace(ctx, p, "")
	if _, serr := v.C.Sync(ctx, reg, "end", verifik.StatusFailed); serr == nil {
		v.closeRegistration(userID)
	}
	if err != nil || !m.Matched || m.UserID == "" || m.UserID == userID {
		return flow.FaceEnrollment{}, dupErr
	}
	return flow.FaceEnrollment{DuplicateOf: m.UserID, Confidence: m.Confidence}, nil
}

// person finds the person named userID (persons lookup is a
// case-insensitive "contains": the exact name is picked).
func (v *Verifik) person(ctx context.Context, userID string) (verifik.Person, bool, error) {
	if !mintedID(userID) {
		return verifik.Person{}, false, vkFlowError{flow.CodeBadRequest, fmt.Sprintf("user id %q is not a 24-hex id minted by this back end", userID)}
	}
	ps, err := v.C.LookupPersons(ctx, userID)
	if err != nil {
		return verifik.Person{}, false, err
	}
	for _, p := range ps {
		if strings.EqualFold(p.Name, userID) && (p.Status == "" || p.Status == "active") {
			return p, true, nil
		}
	}
	return verifik.Person{}, false, nil
}

func (v *Verifik) enrolled(ctx context.Context, userID string) (verifik.Person, error) {
	p, ok, err := v.person(ctx, userID)
	if err == nil && !ok {
		err = vkFlowError{flow.CodeNotEnrolled, "no Verifik person is named " + userID}
	}
	return p, err
}

// match runs liveness then verify against the person.
func (v *Verifik) match(ctx context.Context, person string, p flow.Photo) (verifik.Verification, string, string, error) {
	l, err := v.C.Liveness(ctx, p.JPEG)
	if err != nil {
		code, reason, err := vkRefusal(err)
		return verifik.Verification{}, code, reason, err
	}
	if !l.Passed {
		return verifik.Verification{}, flow.CodeLivenessFailed, fmt.Sprintf("liveness score %.2f is not above the minimum %.2f", l.LivenessScore, l.MinScore), nil
	}
	r, err := v.C.Verify(ctx, person, p.JPEG)
	if err != nil {
		code, reason, err := vkRefusal(err)
		return verifik.Verification{}, code, reason, err
	}
	return r, "", "", nil
}

// VerifyFace implements flow.Backend: liveness, then verify.
func (v *Verifik) VerifyFace(ctx context.Context, userID string, p flow.Photo, _ string) (flow.Match, error) {
	person, err := v.enrolled(ctx, userID)
	if err != nil {
		return flow.Match{}, err
	}
	r, code, reason, err := v.match(ctx, person.ID, p)
	if err != nil || code != "" {
		return flow.Match{Refused: code, Reason: reason}, err
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
	r, code, reason, err := v.match(ctx, person.ID, p)
	switch {
	case err != nil || code != "":
		return flow.FaceEnrollment{Refused: code, Reason: reason}, err
	case !r.Matched:
		return flow.FaceEnrollment{Refused: "FACE_NOT_REALIABLE_TO_ADAPT", Reason: fmt.Sprintf("score %.2f: not the enrolled person", r.Score)}, nil
	}
	if _, err := v.C.UpdatePersonImages(ctx, person.ID, p.JPEG); err != nil {
		return flow.FaceEnrollment{}, err
	}
	return flow.FaceEnrollment{Enrolled: true, Confidence: r.Score}, nil
}

// FindByFace implements flow.Backend: search-live-face, then the best
// person whose name is a minted id.
func (v *Verifik) FindByFace(ctx context.Context, p flow.Photo, _ string) (flow.Match, error) {
	s, err := v.C.SearchLiveFace(ctx, p.JPEG)
	if err != nil {
		code, reason, err := vkRefusal(err)
		return flow.Match{Refused: code, Reason: reason}, err
	}
	for _, c := range s.Persons {
		person, err := v.C.Person(ctx, c.ID)
		if err != nil {
			return flow.Match{}, err
		}
		if mintedID(person.Name) {
			return flow.Match{Matched: true, UserID: strings.ToLower(person.Name), Confidence: c.Score}, nil
		}
	}
	return flow.Match{}, nil
}

// mintedID reports whether s is a 24-hex id (as CreateUser mints).
func mintedID(s string) bool {
	if len(s) != 24 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// ValidateLiveness implements flow.Backend: there is no separate
// liveness step (every face call checks liveness).
func (*Verifik) ValidateLiveness(context.Context, flow.Photo) (string, error) {
	return "", unsupported{"verifik", "a separate liveness step (liveness is checked within every face call)"}
}

// PendingDialogue implements flow.Backend: there are no dialogues.
func (*Verifik) PendingDialogue(context.Context, string) (bool, error) { return false, nil }

// RestartState implements flow.Backend: an app registration left open by
// an abandoned flow is closed as FAILED.
func (v *Verifik) RestartState(ctx context.Context, userID string) error {
	reg, ok := v.registration(userID)
	if !ok {
		return nil
	}
	if _, err := v.C.Sync(ctx, reg, "end", verifik.StatusFailed); err != nil && vkCodeOf(err) != "APP_REGISTRATION_NOT_FOUND" {
		return err
	}
	v.closeRegistration(userID)
	return nil
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
// active person bears the id; there is no voice.
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
