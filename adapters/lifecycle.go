package adapters

import (
	"context"
	"errors"
	"fmt"

	"biokiosk/biometrics"
	"biokiosk/biometrics/biopassid"
	"biokiosk/flow"
)

// Each back end can undo a registration (flow.Backend's DeleteUser) and
// check, cheaply and without creating anything, that the server answers
// and accepts the credentials (flow.Checker) before a registration starts.

var (
	_ flow.Checker = BiometrID{}
	_ flow.Checker = BioPassID{}
	_ flow.Checker = (*Verifik)(nil)
)

// probeID is a well-formed user id that no server hands out; the checks
// ask about it, so they read and change nothing.
const probeID = "000000000000000000000000"

// DeleteUser implements flow.Backend: Delete User (templates included).
// A user the server no longer knows counts as deleted.
func (b BiometrID) DeleteUser(ctx context.Context, userID string) error {
	_, err := b.C.DeleteUser(ctx, userID)
	if errors.Is(err, biometrics.ErrUserNotFound) {
		return nil
	}
	return err
}

// Check implements flow.Checker with Has Pending Dialogue on probeID: an
// authenticated read that any key may make. "No such user" is the answer
// of a server that accepted the credentials.
func (b BiometrID) Check(ctx context.Context) error {
	_, err := b.C.PendingDialogue(ctx, probeID)
	var ae *biometrics.APIError
	if err == nil || (errors.As(err, &ae) && ae.HTTPStatus < 500 && !authRefusal(ae.Message)) {
		return nil
	}
	return fmt.Errorf("the server check failed: %w", err)
}

// authRefusal says a BiometrID answer refuses the credentials or the
// client's quota.
func authRefusal(m biometrics.Message) bool {
	switch m {
	case biometrics.MsgAuthenticationHeadersMissing, biometrics.MsgInvalidAuthenticationHeaders,
		biometrics.MsgClientNotFound, biometrics.MsgRequestLimitReached, biometrics.MsgNotAllowedToCreateUsers:
		return true
	}
	return false
}

// DeleteUser implements flow.Backend: Delete by CustomID. A person never
// enrolled (the flow failed before the face step) counts as deleted.
func (b BioPassID) DeleteUser(ctx context.Context, userID string) error {
	_, err := b.C.Delete(ctx, userID)
	var e *biopassid.Error
	if err == nil || (errors.As(err, &e) && e.IsNotFound()) {
		b.IDs.forget(userID)
		return nil
	}
	return err
}

// Check implements flow.Checker. The API has no read-only call, so it
// deletes probeID, which never exists: 404 is the answer of a server that
// accepted the key.
func (b BioPassID) Check(ctx context.Context) error {
	_, err := b.C.Delete(ctx, probeID)
	var e *biopassid.Error
	if err == nil || (errors.As(err, &e) && e.IsNotFound()) {
		return nil
	}
	return fmt.Errorf("the server check failed: %w", err)
}

// DeleteUser implements flow.Backend: an open registration is closed
// FAILED and its person deleted; a completed one's person is deleted.
func (v *Verifik) DeleteUser(ctx context.Context, userID string) error {
	if o, ok := v.registration(userID); ok {
		return v.discard(ctx, userID, o, true)
	}
	p, ok, err := v.person(ctx, userID)
	if err != nil || !ok {
		return err
	}
	if err := v.C.DeletePerson(ctx, p.ID); err != nil && vkCodeOf(err) != "PERSON_NOT_FOUND" {
		return err
	}
	return nil
}

// Check implements flow.Checker with a persons look-up by a name no
// person has: an authenticated read.
func (v *Verifik) Check(ctx context.Context) error {
	if _, err := v.C.LookupPersons(ctx, probeID); err != nil && vkCodeOf(err) != "PERSON_NOT_FOUND" {
		return fmt.Errorf("the server check failed: %w", err)
	}
	return nil
}
