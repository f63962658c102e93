package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ReservationTTL is how long a reservation without a lease (made by a
// biokiosk from before leases) holds its customer number. A reservation
// with a lease holds while its process's lease does (LeaseTTL).
const ReservationTTL = 15 * time.Minute

// Lookup returns the user id the directory holds for a customer number
// (a registration still in progress is not a user yet).
func (s *Store) Lookup(ctx context.Context, customerNumber string) (string, bool, error) {
	var id string
	err := s.queryRow(ctx, `SELECT user_id FROM directory WHERE reference_id = ? AND user_id <> ''`, customerNumber).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("records: look up customer number: %w", s.unavailable(err))
	}
	return id, true, nil
}

// Reserve claims a customer number for one registration (token names it)
// before anything is created on the server. taken says the number is not
// free: owner is its user id, or "" while another registration holds it.
// A reservation whose process's lease ran out (LeaseTTL without a
// heartbeat), or one without a lease older than ReservationTTL, is taken
// over. One statement decides, so of two kiosks reserving at once
// exactly one wins.
func (s *Store) Reserve(ctx context.Context, customerNumber, token string) (owner string, taken bool, err error) {
	if token == "" {
		return "", false, errors.New("records: reserve: empty token")
	}
	clock, err := s.clock(ctx)
	if err != nil {
		return "", false, fmt.Errorf("records: reserve customer number: %w", s.unavailable(err))
	}
	now := s.now()
	res, err := s.exec(ctx, `INSERT INTO directory (reference_id, user_id, updated_at, reserved_by, lease) VALUES (?, '', ?, ?, ?)
		ON CONFLICT (reference_id) DO UPDATE SET updated_at = excluded.updated_at, reserved_by = excluded.reserved_by, lease = excluded.lease
		WHERE directory.user_id = '' AND (directory.reserved_by = excluded.reserved_by
			OR (directory.lease = '' AND directory.updated_at < ?)
			OR (directory.lease <> '' AND NOT EXISTS (SELECT 1 FROM leases WHERE leases.holder = directory.lease AND leases.heartbeat_at >= ?)))`,
		customerNumber, stamp(now), token, LeaseOf(token), stamp(now.Add(-ReservationTTL)), stamp(clock.Add(-LeaseTTL)))
	if err != nil {
		return "", false, fmt.Errorf("records: reserve customer number: %w", s.unavailable(err))
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return "", false, nil
	}
	err = s.queryRow(ctx, `SELECT user_id FROM directory WHERE reference_id = ?`, customerNumber).Scan(&owner)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", false, fmt.Errorf("records: reserve customer number: %w", s.unavailable(err))
	}
	return owner, true, nil
}

// Bind turns a reservation into the customer number's entry for userID. It
// fails when the reservation is no longer this registration's.
func (s *Store) Bind(ctx context.Context, customerNumber, token, userID string) error {
	if userID == "" {
		return errors.New("records: bind: empty user id")
	}
	res, err := s.exec(ctx, `UPDATE directory SET user_id = ?, reserved_by = '', lease = '', updated_at = ?
		WHERE reference_id = ? AND reserved_by = ? AND user_id = ''`, userID, stamp(s.now()), customerNumber, token)
	if err != nil {
		return fmt.Errorf("records: bind customer number: %w", s.unavailable(err))
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("records: bind customer number %s: the reservation was lost (another registration took it over)", customerNumber)
	}
	return nil
}

// Release drops a registration's reservation (it did not complete). An
// entry already bound, or reserved by another, is left alone.
func (s *Store) Release(ctx context.Context, customerNumber, token string) error {
	if _, err := s.exec(ctx, `DELETE FROM directory WHERE reference_id = ? AND reserved_by = ? AND user_id = ''`, customerNumber, token); err != nil {
		return fmt.Errorf("records: release customer number: %w", s.unavailable(err))
	}
	return nil
}

// Forget removes a customer number's entry (after its user is deleted).
func (s *Store) Forget(ctx context.Context, customerNumber string) error {
	if _, err := s.exec(ctx, `DELETE FROM directory WHERE reference_id = ?`, customerNumber); err != nil {
		return fmt.Errorf("records: forget customer number: %w", s.unavailable(err))
	}
	return nil
}

// CustomerNumber returns the customer number a user id is registered under: the
// directory read backwards, for staff screens that name a user by both.
// A reservation (a registration in progress) has no user yet, so the
// empty user id has no number.
func (s *Store) CustomerNumber(ctx context.Context, userID string) (string, bool, error) {
	if userID == "" {
		return "", false, nil
	}
	var ref string
	err := s.queryRow(ctx, `SELECT reference_id FROM directory WHERE user_id = ?`, userID).Scan(&ref)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("records: look up user id: %w", s.unavailable(err))
	}
	return ref, true, nil
}
