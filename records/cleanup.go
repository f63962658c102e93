package records

import (
	"context"
	"fmt"
)

// Cleanup is a server-side user whose registration did not complete and
// whose deletion failed (the server was down): it is retried on the next
// start and by "biokiosk cleanup" until it succeeds.
type Cleanup struct {
	ID          int64  `json:"id"`
	CreatedAt   string `json:"created_at"`
	Backend     string `json:"backend"`
	UserID      string `json:"user_id"`
	ReferenceID string `json:"reference_id,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Attempts    int    `json:"attempts"`
	LastError   string `json:"last_error,omitempty"`
}

// AddCleanup records a user to delete; recording the same user twice
// keeps one entry.
func (s *Store) AddCleanup(ctx context.Context, c Cleanup) error {
	_, err := s.exec(ctx, `INSERT INTO cleanups (created_at, backend, user_id, reference_id, reason, last_error) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (backend, user_id) DO UPDATE SET last_error = excluded.last_error`,
		stamp(s.now()), c.Backend, c.UserID, c.ReferenceID, c.Reason, c.LastError)
	if err != nil {
		return fmt.Errorf("records: record pending clean-up: %w", s.unavailable(err))
	}
	return nil
}

// Cleanups lists the pending clean-ups of a back end, oldest first.
func (s *Store) Cleanups(ctx context.Context, backend string) ([]Cleanup, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT id, created_at, backend, user_id, reference_id, reason, attempts, last_error
		FROM cleanups WHERE backend = ? ORDER BY id`), backend)
	if err != nil {
		return nil, fmt.Errorf("records: list pending clean-ups: %w", s.unavailable(err))
	}
	defer rows.Close()
	out := []Cleanup{}
	for rows.Next() {
		var c Cleanup
		if err := rows.Scan(&c.ID, &c.CreatedAt, &c.Backend, &c.UserID, &c.ReferenceID, &c.Reason, &c.Attempts, &c.LastError); err != nil {
			return nil, fmt.Errorf("records: read pending clean-up: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: list pending clean-ups: %w", s.unavailable(err))
	}
	return out, nil
}

// CleanupDone removes a clean-up that succeeded.
func (s *Store) CleanupDone(ctx context.Context, id int64) error {
	if _, err := s.exec(ctx, `DELETE FROM cleanups WHERE id = ?`, id); err != nil {
		return fmt.Errorf("records: finish clean-up: %w", s.unavailable(err))
	}
	return nil
}

// CleanupFailed counts a failed retry.
func (s *Store) CleanupFailed(ctx context.Context, id int64, reason string) error {
	if _, err := s.exec(ctx, `UPDATE cleanups SET attempts = attempts + 1, last_error = ? WHERE id = ?`, reason, id); err != nil {
		return fmt.Errorf("records: count clean-up attempt: %w", s.unavailable(err))
	}
	return nil
}
