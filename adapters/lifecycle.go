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
// check, cheaply and without changing anything, that the server answers
// and accepts the credentials (flow.Checker) before a registration starts.
// Each check is the least surprising documented read the API has, and a
// success is remembered for a while (CheckCache) so that it is not asked
// again before every registration; see docs/api-choices.md, "Preflight".

var (
	_ flow.Checker = BiometrID{}
	_ flow.Checker = BioPassID{}
	_ flow.Checker = (*Verifik)(nil)
)

// checkMAC is the device the BiometrID check asks about: a locally
// administered address (bit 1 of the first octet) that no network card
// is made with.
const checkMAC = "02:00:00:00:00:00"

// probeName is the name the Verifik check looks persons up by: no person
// the kiosk links is named so (its ids are random).
const probeName = "000000000000000000000000"

// DeleteUser implements flow.Backend: Delete User (templates included).
// A user the server no longer knows counts as deleted.
func (b BiometrID) DeleteUser(ctx context.Context, userID string) error {
	_, err := b.C.DeleteUser(ctx, userID)
	if errors.Is(err, biometrics.ErrUserNotFound) {
		return nil
	}
	return err
}

// Check implements flow.Checker with Find UserId by MacAddress (a
// documented GET whose two answers are both successes: no per-user call
// on a made-up user id) about checkMAC. Any BiometrID answer that is not
// a refusal of the credentials or the quota, or a 5xx, is a server that
// took them.
func (b BiometrID) Check(ctx context.Context) error {
	return b.Checks.Do(ctx, func(ctx context.Context) error {
		_, err := b.C.FindByMacAddress(ctx, checkMAC)
		var ae *biometrics.APIError
		if err == nil || (errors.As(err, &ae) && ae.HTTPStatus < 500 && !authRefusal(ae.Message)) {
			return nil
		}
		return fmt.Errorf("the server check failed: %w", err)
	})
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

// Check implements flow.Checker with biopassid.Client.Check: a verify
// without biometrics, which the API refuses as incomplete and which
// enrols, updates and deletes nothing (no DELETE against production).
func (b BioPassID) Check(ctx context.Context) error {
	return b.Checks.Do(ctx, func(ctx context.Context) error {
		if err := b.C.Check(ctx); err != nil {
			return fmt.Errorf("the server check failed: %w", err)
		}
		return nil
	})
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
// person has: the documented read the adapter itself makes for every
// verification (unknown names answer an empty list).
func (v *Verifik) Check(ctx context.Context) error {
	return v.Checks.Do(ctx, func(ctx context.Context) error {
		if _, err := v.C.LookupPersons(ctx, probeName); err != nil && vkCodeOf(err) != "PERSON_NOT_FOUND" {
			return fmt.Errorf("the server check failed: %w", err)
		}
		return nil
	})
}
