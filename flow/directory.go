package flow

import "context"

// Directory maps a customer number to the biometric server's
// user id: one owner per number. It holds ids only, never biometric data.
// A registration reserves its number before it creates anything and binds
// it when it completes; of two kiosks reserving one number at the same
// moment exactly one wins.
type Directory interface {
	Lookup(ctx context.Context, customerNumber string) (userID string, ok bool, err error)
	// CustomerNumber maps back: the customer number a user id is registered under.
	CustomerNumber(ctx context.Context, userID string) (customerNumber string, ok bool, err error)
	// Reserve claims customerNumber for the registration named token. taken
	// says the number is not free: owner is its user id, or "" while
	// another registration holds it.
	Reserve(ctx context.Context, customerNumber, token string) (owner string, taken bool, err error)
	// Bind makes the reservation the number's entry for userID.
	Bind(ctx context.Context, customerNumber, token, userID string) error
	// Release drops the reservation of a registration that did not complete.
	Release(ctx context.Context, customerNumber, token string) error
}

// Journal remembers the server users a registration created until it
// completes or they are deleted again, so that none is forgotten when the
// kiosk is killed or the server is down while the flow cleans up; the
// composition retries what is left at the next start.
type Journal interface {
	// Created records a user right after the server made it; token is the
	// registration's (so a later start can tell a dead kiosk's entries).
	Created(ctx context.Context, userID, customerNumber, token string) error
	// Settled removes the record: the registration completed, or its
	// user was deleted.
	Settled(ctx context.Context, userID string) error
	// Pending keeps the record for a retry, with why the deletion failed.
	Pending(ctx context.Context, userID, reason string) error
}

// SetJournal makes registrations record the users they create in j.
func (r *Runner) SetJournal(j Journal) { r.journal = j }
