package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// poolingTTL is how long a pooling result waits to be fetched before it
// is deleted unread.
const poolingTTL = 10 * time.Minute

// processSchema holds pooling-mode validations: the only document data
// the sandbox stores, from the end of the work until the result is
// fetched (then deleted), or poolingTTL.
const processSchema = `
CREATE TABLE IF NOT EXISTS document_processes (
	id TEXT PRIMARY KEY, client TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0,
	code INTEGER NOT NULL DEFAULT 0, answer BLOB, created TEXT NOT NULL);
`

// openProcesses creates the table and deletes what a previous run left:
// its work stopped with it, so those processes never finish.
func (s *store) openProcesses(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, processSchema); err != nil {
		return fmt.Errorf("sandbox: document processes: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM document_processes`); err != nil {
		return fmt.Errorf("sandbox: document processes: %w", err)
	}
	return nil
}

// startProcess records a pooling-mode validation in progress, and drops
// results left unfetched for poolingTTL.
func (s *store) startProcess(ctx context.Context, id, clientKey string) error {
	cutoff := time.Now().Add(-poolingTTL).UTC().Format(time.RFC3339Nano)
	if _, err := s.db.ExecContext(ctx, `DELETE FROM document_processes WHERE created < ?`, cutoff); err != nil {
		return fmt.Errorf("sandbox: expire document processes: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO document_processes (id, client, created) VALUES (?, ?, ?)`, id, clientKey, now()); err != nil {
		return fmt.Errorf("sandbox: start document process: %w", err)
	}
	return nil
}

// finishProcess stores a process's answer (HTTP code and body).
func (s *store) finishProcess(ctx context.Context, id string, code int, body []byte) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE document_processes SET done = 1, code = ?, answer = ? WHERE id = ?`, code, body, id); err != nil {
		return fmt.Errorf("sandbox: finish document process: %w", err)
	}
	return nil
}

// takeProcess returns a process of the client: done false while it
// runs; once done its answer, and the row is deleted. errNotFound for an
// unknown, expired or already fetched process.
func (s *store) takeProcess(ctx context.Context, id, clientKey string) (done bool, code int, body []byte, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, 0, nil, err
	}
	defer tx.Rollback()
	cutoff := time.Now().Add(-poolingTTL).UTC().Format(time.RFC3339Nano)
	err = tx.QueryRowContext(ctx, `SELECT done, code, answer FROM document_processes WHERE id = ? AND client = ? AND created >= ?`, id, clientKey, cutoff).
		Scan(&done, &code, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return false, 0, nil, errNotFound
	}
	if err != nil || !done {
		return done, 0, nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM document_processes WHERE id = ?`, id); err != nil {
		return false, 0, nil, err
	}
	return true, code, body, tx.Commit()
}
