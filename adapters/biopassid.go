package adapters

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"biokiosk/biometrics/biopassid"
	"biokiosk/flow"
)

// BioPassID is a flow.Backend over BioPass ID's Multibiometrics API. That
// API has no user-creation call, no 1:N search, no voice, no liveness and
// no status call: a user id is minted locally (an opaque 24-hex id used as
// the CustomID, so no customer data reaches the vendor) and the person is
// created by the first face enrolment. Fingers, when set, are sent with
// every enrolment (imported from files; see docs/api-client.md).
//
// The BioPassID and ClientID of each enrolment and update are kept in IDs
// (nil: not kept), for the directory to persist next to the user id; a
// rate limit (RATE_LIMITED, after the client's back-off) and any other
// vendor error keep their client code.
type BioPassID struct {
	C       *biopassid.Client
	Fingers [][]byte
	IDs     *BioPassIDs
	// Checks remembers successful server checks (nil: none).
	Checks *CheckCache
	// IDKey, when set (at least 16 bytes, the same on every kiosk of the
	// site), derives each CustomID from the customer number (DerivedID)
	// instead of minting a random one, so that BioPass ID's own CustomID
	// uniqueness makes a number registrable once across every kiosk on
	// the account: a taken one ends ALREADY_REGISTERED. Nil: random ids.
	IDKey []byte
}

// MinIDKey is the shortest IDKey accepted.
const MinIDKey = 16

// DerivedID is the CustomID of a customer number under key: the first 24
// hex digits of HMAC-SHA256(key, number). The vendor sees an opaque id; a
// number cannot be found from it without the key.
func DerivedID(key []byte, customerNumber string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("biokiosk customer number\x00" + customerNumber))
	return hex.EncodeToString(m.Sum(nil))[:24]
}

// CreatesOnEnrolment implements flow.LazyCreator: with derived ids the
// CustomID may be another person's until an enrolment is accepted.
func (b BioPassID) CreatesOnEnrolment() bool { return len(b.IDKey) > 0 }

// customIDTaken is an enrolment refused because the derived CustomID is
// taken: the number is registered (at this or another kiosk).
type customIDTaken struct{ err error }

func (e customIDTaken) Error() string {
	return "the customer number is already registered with BioPass ID: " + e.err.Error()
}
func (e customIDTaken) Unwrap() error { return e.err }

// Code is the flow's code.
func (customIDTaken) Code() string { return string(flow.CodeAlreadyRegistered) }

var _ flow.Backend = BioPassID{}

// Capabilities implements flow.CapabilityReporter.
func (BioPassID) Capabilities() flow.Capabilities { return flow.Capabilities{} }

// unsupported is the error for a call a back end's API does not have.
type unsupported struct{ api, what string }

func (u unsupported) Error() string { return u.api + ": " + u.what + " is not part of its API" }

// Code is the flow's code.
func (unsupported) Code() string { return string(flow.CodeNotSupported) }

// newID mints an opaque 24-hex user id, so that no customer data reaches
// a vendor that has no user-creation call of its own.
func newID() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("mint a user id: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// CreateUser implements flow.Backend: it derives the CustomID from the
// customer number (IDKey set) or mints a random one.
func (b BioPassID) CreateUser(_ context.Context, ref, _ string) (string, error) {
	if len(b.IDKey) == 0 {
		return newID()
	}
	if len(b.IDKey) < MinIDKey {
		return "", fmt.Errorf("biopassid: the CustomID key is shorter than %d bytes", MinIDKey)
	}
	return DerivedID(b.IDKey, ref), nil
}

// notEnrolled is a 404 to verify or update: NOT_ENROLLED for the flow.
type notEnrolled struct{ err error }

func (e notEnrolled) Error() string { return "no person with this CustomID: " + e.err.Error() }
func (e notEnrolled) Unwrap() error { return e.err }

// Code is the flow's code.
func (notEnrolled) Code() string { return string(flow.CodeNotEnrolled) }

// refusal turns "no usable face" into a refused sample (the flow retries);
// other errors stay errors.
func refusal(err error) (flow.Code, string, error) {
	var e *biopassid.Error
	switch {
	case errors.As(err, &e) && e.Code() == biopassid.CodeNoFaceTemplate:
		return flow.Code(e.Code()), e.Text, nil
	case errors.As(err, &e) && e.IsNotFound():
		// An unknown CustomID (404; the docs: NOT FOUND).
		return "", "", notEnrolled{err}
	}
	return "", "", err
}

// EnrollFace implements flow.Backend.
func (b BioPassID) EnrollFace(ctx context.Context, userID string, p flow.Photo, _ string) (flow.FaceEnrollment, error) {
	r, err := b.C.Enroll(ctx, biopassid.Person{CustomID: userID, Face: p.JPEG, Fingers: b.Fingers})
	var e *biopassid.Error
	if len(b.IDKey) > 0 && errors.As(err, &e) && e.Code() == biopassid.CodeCustomIDExists {
		return flow.FaceEnrollment{}, customIDTaken{err}
	}
	if err != nil {
		code, reason, err := refusal(err)
		return flow.FaceEnrollment{Refused: code, Reason: reason}, err
	}
	b.IDs.keep(BioPassPerson{CustomID: userID, BioPassID: r.BioPassID, ClientID: r.ClientID})
	return flow.FaceEnrollment{Enrolled: true}, nil
}

// AdaptFace implements flow.Backend (Update).
func (b BioPassID) AdaptFace(ctx context.Context, userID string, p flow.Photo, _ string) (flow.FaceEnrollment, error) {
	r, err := b.C.Update(ctx, biopassid.Person{CustomID: userID, Face: p.JPEG, Fingers: b.Fingers})
	if err != nil {
		code, reason, err := refusal(err)
		return flow.FaceEnrollment{Refused: code, Reason: reason}, err
	}
	b.IDs.keep(BioPassPerson{CustomID: userID, BioPassID: r.BioPassID, ClientID: r.ClientID})
	return flow.FaceEnrollment{Enrolled: true}, nil
}

// VerifyFace implements flow.Backend. The API returns no score.
func (b BioPassID) VerifyFace(ctx context.Context, userID string, p flow.Photo, _ string) (flow.Match, error) {
	r, err := b.C.Verify(ctx, biopassid.Person{CustomID: userID, Face: p.JPEG})
	if err != nil {
		code, reason, err := refusal(err)
		return flow.Match{Refused: code, Reason: reason}, err
	}
	return flow.Match{Matched: r.Match, UserID: userID}, nil
}

// FindByFace implements flow.Backend: not available.
func (BioPassID) FindByFace(context.Context, flow.Photo, string) (flow.Match, error) {
	return flow.Match{}, unsupported{"biopassid", "1:N search"}
}

// ValidateLiveness implements flow.Backend: not available.
func (BioPassID) ValidateLiveness(context.Context, flow.Photo) (string, error) {
	return "", unsupported{"biopassid", "liveness"}
}

// PendingDialogue implements flow.Backend: there are no dialogues.
func (BioPassID) PendingDialogue(context.Context, string) (bool, error) { return false, nil }

// RestartState implements flow.Backend: there is no server-side session.
func (BioPassID) RestartState(context.Context, string) error { return nil }

// StartVoice implements flow.Backend: not available.
func (BioPassID) StartVoice(context.Context, string, flow.VoiceMode, string) (flow.Prompt, error) {
	return flow.Prompt{}, unsupported{"biopassid", "voice"}
}

// SubmitVoice implements flow.Backend: not available.
func (BioPassID) SubmitVoice(context.Context, string, flow.VoiceMode, string, []byte) (flow.VoiceStep, error) {
	return flow.VoiceStep{}, unsupported{"biopassid", "voice"}
}

// EnrollStatus implements flow.Backend: not available.
func (BioPassID) EnrollStatus(context.Context, string) (flow.EnrollStatus, error) {
	return flow.EnrollStatus{}, unsupported{"biopassid", "enrolment status"}
}
