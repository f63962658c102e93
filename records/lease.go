package records

import (
	"context"
	"fmt"
	"time"
)

// LeaseTTL is how long a process's lease lives without a heartbeat: once
// it has run out the process is taken as gone, and another kiosk may
// release its reservations and delete the users it left. A process
// renews its lease every HeartbeatEvery.
const (
	LeaseTTL       = 60 * time.Second
	HeartbeatEvery = 15 * time.Second
)

// Heartbeat creates or renews the lease of a process (holder: its
// Holder) of the install instance on the kiosk named kiosk. A
// registration's reservation and journal entry hold while their
// process's lease does.
func (s *Store) Heartbeat(ctx context.Context, holder, instance, kiosk string) error {
	now, err := s.clock(ctx)
	if err != nil {
		return fmt.Errorf("records: lease heartbeat: %w", s.unavailable(err))
	}
	_, err = s.exec(ctx, `INSERT INTO leases (holder, instance_id, kiosk_id, heartbeat_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (holder) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`, holder, instance, kiosk, stamp(now))
	if err != nil {
		return fmt.Errorf("records: lease heartbeat: %w", s.unavailable(err))
	}
	return nil
}

// EndLease drops a process's lease as it ends: what it still holds is
// released at the next clean-up.
func (s *Store) EndLease(ctx context.Context, holder string) error {
	if _, err := s.exec(ctx, `DELETE FROM leases WHERE holder = ?`, holder); err != nil {
		return fmt.Errorf("records: end lease: %w", s.unavailable(err))
	}
	return nil
}

// liveLeases lists the holders whose lease has had a heartbeat within
// LeaseTTL.
func (s *Store) liveLeases(ctx context.Context) (map[string]bool, error) {
	now, err := s.clock(ctx)
	if err != nil {
		return nil, fmt.Errorf("records: list leases: %w", s.unavailable(err))
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT holder FROM leases WHERE heartbeat_at >= ?`), stamp(now.Add(-LeaseTTL)))
	if err != nil {
		return nil, fmt.Errorf("records: list leases: %w", s.unavailable(err))
	}
	defer rows.Close()
	live := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("records: read lease: %w", err)
		}
		live[h] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: list leases: %w", s.unavailable(err))
	}
	return live, nil
}

// gone says whether the registration a token names is over for
// certain: dead proves it on this host, else its lease has run out (a
// token from before leases: older than ReservationTTL since since).
func gone(token, since, staleTTL string, live map[string]bool, dead func(string) bool) bool {
	if dead != nil && dead(token) {
		return true
	}
	if l := LeaseOf(token); l != "" {
		return !live[l]
	}
	return since < staleTTL
}

// clock is the time leases are measured by: the PostgreSQL server's
// clock for a fleet (the kiosks' clocks may differ), this machine's for
// SQLite.
func (s *Store) clock(ctx context.Context) (time.Time, error) {
	if _, ok := s.d.(postgres); !ok {
		return s.now(), nil
	}
	var t time.Time
	if err := s.db.QueryRowContext(ctx, `SELECT now()`).Scan(&t); err != nil {
		return time.Time{}, err
	}
	return t, nil
}
