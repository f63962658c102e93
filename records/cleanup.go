package records

import (
	"context"
	"fmt"
)

// Cleanup is a server-side user that a registration created and that is
// not (yet) part of a completed registration: while the registration
// runs, and after it when deleting the user failed (the server was
// down). What is due is retried at the next start and by
// "biokiosk cleanup" until it succeeds.
type Cleanup struct {
	ID             int64  `json:"id"`
	CreatedAt      string `json:"created_at"`
	Backend        string `json:"backend"`
	UserID         string `json:"user_id"`
	CustomerNumber string `json:"reference_id,omitempty"`
	Reason         string `json:"reason,omitempty"`
	Attempts       int    `json:"attempts"`
	LastError      string `json:"last_error,omitempty"`
	// Holder is the registration's token (Holder()/…).
	Holder string `json:"holder,omitempty"`
}

// Journal is the clean-up journal of one back end: what a registration
// creates is recorded at once and settled when it completes or is undone
// (flow.Journal).
type Journal struct {
	s       *Store
	backend string
}

// Journal returns the journal of the named back end.
func (s *Store) Journal(backend string) *Journal { return &Journal{s: s, backend: backend} }

// Created records a user a registration just created.
func (j *Journal) Created(ctx context.Context, userID, customerNumber, token string) error {
	_, err := j.s.exec(ctx, `INSERT INTO cleanups (created_at, backend, user_id, reference_id, reason, holder, lease) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (backend, user_id) DO UPDATE SET holder = excluded.holder, lease = excluded.lease`,
		stamp(j.s.now()), j.backend, userID, customerNumber, "registration in progress", token, LeaseOf(token))
	if err != nil {
		return fmt.Errorf("records: journal a new user: %w", j.s.unavailable(err))
	}
	return nil
}

// Settled removes a user's entry: its registration completed, or it was
// deleted.
func (j *Journal) Settled(ctx context.Context, userID string) error {
	if _, err := j.s.exec(ctx, `DELETE FROM cleanups WHERE backend = ? AND user_id = ?`, j.backend, userID); err != nil {
		return fmt.Errorf("records: settle the journal: %w", j.s.unavailable(err))
	}
	return nil
}

// Pending marks a user whose deletion failed, so it is retried.
func (j *Journal) Pending(ctx context.Context, userID, reason string) error {
	if reason == "" {
		reason = "deletion failed"
	}
	_, err := j.s.exec(ctx, `UPDATE cleanups SET attempts = attempts + 1, last_error = ? WHERE backend = ? AND user_id = ?`,
		reason, j.backend, userID)
	if err != nil {
		return fmt.Errorf("records: mark a pending clean-up: %w", j.s.unavailable(err))
	}
	return nil
}

// Due lists the entries to delete now, oldest first: those whose deletion
// failed, and those of a registration whose process is proven gone:
// dead reports that for a holder (a process of this install on this
// boot that no longer runs: DeadHere), or the process's lease ran out
// (LeaseTTL without a heartbeat: a kiosk that died, or lost the
// directory). Entries from before leases wait for ReservationTTL. A live
// registration's entry is never due, whichever kiosk asks.
func (j *Journal) Due(ctx context.Context, dead func(holder string) bool) ([]Cleanup, error) {
	all, err := j.All(ctx)
	if err != nil {
		return nil, err
	}
	live, err := j.s.liveLeases(ctx)
	if err != nil {
		return nil, err
	}
	stale := stamp(j.s.now().Add(-ReservationTTL))
	var due []Cleanup
	for _, c := range all {
		if c.LastError != "" || gone(c.Holder, c.CreatedAt, stale, live, dead) {
			due = append(due, c)
		}
	}
	return due, nil
}

// All lists every entry of the back end, oldest first.
func (j *Journal) All(ctx context.Context) ([]Cleanup, error) {
	rows, err := j.s.db.QueryContext(ctx, j.s.d.rebind(`SELECT id, created_at, backend, user_id, reference_id, reason, attempts, last_error, holder
		FROM cleanups WHERE backend = ? ORDER BY id`), j.backend)
	if err != nil {
		return nil, fmt.Errorf("records: list clean-ups: %w", j.s.unavailable(err))
	}
	defer rows.Close()
	out := []Cleanup{}
	for rows.Next() {
		var c Cleanup
		if err := rows.Scan(&c.ID, &c.CreatedAt, &c.Backend, &c.UserID, &c.CustomerNumber, &c.Reason, &c.Attempts, &c.LastError, &c.Holder); err != nil {
			return nil, fmt.Errorf("records: read clean-up: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: list clean-ups: %w", j.s.unavailable(err))
	}
	return out, nil
}

// ReleaseDead drops the reservations of registrations whose process is
// proven gone (as for Due: dead, or a lease that ran out), so a kiosk
// killed mid-registration blocks the number for LeaseTTL at most (none
// when the same install starts again on the same boot). It returns how
// many.
func (s *Store) ReleaseDead(ctx context.Context, dead func(token string) bool) (int, error) {
	live, err := s.liveLeases(ctx)
	if err != nil {
		return 0, err
	}
	stale := stamp(s.now().Add(-ReservationTTL))
	rows, err := s.db.QueryContext(ctx, `SELECT reference_id, reserved_by, updated_at FROM directory WHERE user_id = '' AND reserved_by <> ''`)
	if err != nil {
		return 0, fmt.Errorf("records: list reservations: %w", s.unavailable(err))
	}
	type res struct{ ref, token, since string }
	var over []res
	for rows.Next() {
		var r res
		if err := rows.Scan(&r.ref, &r.token, &r.since); err != nil {
			rows.Close()
			return 0, fmt.Errorf("records: read reservation: %w", err)
		}
		if gone(r.token, r.since, stale, live, dead) {
			over = append(over, r)
		}
	}
	rows.Close()
	for _, r := range over {
		if err := s.Release(ctx, r.ref, r.token); err != nil {
			return 0, err
		}
	}
	return len(over), nil
}
