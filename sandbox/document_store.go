package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// poolingTTL is how long a pooling result waits, from the end of its
// work, to be fetched before it is deleted unread.
const poolingTTL = 10 * time.Minute

// poolingGrace is how long a fetched result is still answered, the same,
// to a repeated poll: a client that lost the answer (a dropped
// connection, a timeout) and polls again gets the result, not
// PROCESS_NOT_FOUND. It covers the client's default retries (4 attempts
// of at most 30 s, with backoff).
const poolingGrace = 2 * time.Minute

// poolingSweep is how often the janitor deletes expired pooling results.
const poolingSweep = 15 * time.Second

// retention bounds how long pooling processes are kept.
type retention struct {
	// ttl is poolingTTL: a result is deleted ttl after its work ended,
	// fetched or not; an unfinished process (it holds no document data)
	// ttl after it started.
	ttl time.Duration
	// grace is poolingGrace: a fetched result is answered again for
	// grace after its first fetch (within ttl), then deleted.
	grace time.Duration
	// sweep is how often the janitor deletes what is past those limits.
	sweep time.Duration
}

// defaultRetention is the server's.
var defaultRetention = retention{ttl: poolingTTL, grace: poolingGrace, sweep: poolingSweep}

// processSchema holds pooling-mode validations: the only document data
// the sandbox stores, from the end of the work until poolingGrace after
// the result is first fetched, or at most poolingTTL. Times are Unix
// nanoseconds (integers compare in order; RFC 3339 strings with a
// variable number of fractional digits do not); finished is 0 while the
// work runs, fetched until the result is first fetched. The table is recreated on start: what a previous run left
// is dropped with it (its work stopped with that run, so those processes
// never finish), and so is an older layout of the table.
const processSchema = `
DROP TABLE IF EXISTS document_processes;
CREATE TABLE document_processes (
	id TEXT PRIMARY KEY, client TEXT NOT NULL,
	code INTEGER NOT NULL DEFAULT 0, answer BLOB,
	created INTEGER NOT NULL, finished INTEGER NOT NULL DEFAULT 0, fetched INTEGER NOT NULL DEFAULT 0);
`

// openProcesses (re)creates the table, empty.
func (s *store) openProcesses(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, processSchema); err != nil {
		return fmt.Errorf("sandbox: document processes: %w", err)
	}
	return nil
}

// startProcess records a pooling-mode validation in progress.
func (s *store) startProcess(ctx context.Context, id, clientKey string, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO document_processes (id, client, created) VALUES (?, ?, ?)`, id, clientKey, at.UnixNano()); err != nil {
		return fmt.Errorf("sandbox: start document process: %w", err)
	}
	return nil
}

// finishProcess stores a process's answer (HTTP code and body) and when
// its work ended, from which the result's ttl counts.
func (s *store) finishProcess(ctx context.Context, id string, code int, body []byte, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE document_processes SET code = ?, answer = ?, finished = ? WHERE id = ?`, code, body, at.UnixNano(), id); err != nil {
		return fmt.Errorf("sandbox: finish document process: %w", err)
	}
	return nil
}

// takeProcess returns a process of the client at time at: done false
// while it runs; once done its answer, the same on every fetch until
// keep.grace after the first one. errNotFound for an unknown process, or
// one past keep's limits (even before the janitor deleted it).
func (s *store) takeProcess(ctx context.Context, id, clientKey string, at time.Time, keep retention) (done bool, code int, body []byte, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, 0, nil, fmt.Errorf("sandbox: document process: %w", err)
	}
	defer tx.Rollback()
	var created, finished, fetched int64
	err = tx.QueryRowContext(ctx, `SELECT code, answer, created, finished, fetched FROM document_processes WHERE id = ? AND client = ?`, id, clientKey).
		Scan(&code, &body, &created, &finished, &fetched)
	if errors.Is(err, sql.ErrNoRows) {
		return false, 0, nil, errNotFound
	}
	if err != nil {
		return false, 0, nil, fmt.Errorf("sandbox: document process: %w", err)
	}
	cutoff := at.Add(-keep.ttl).UnixNano()
	switch {
	case finished == 0 && created < cutoff, finished != 0 && finished < cutoff,
		fetched != 0 && fetched < at.Add(-keep.grace).UnixNano():
		return false, 0, nil, errNotFound
	case finished == 0:
		return false, 0, nil, nil
	case fetched != 0:
		return true, code, body, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE document_processes SET fetched = ? WHERE id = ?`, at.UnixNano(), id); err != nil {
		return false, 0, nil, fmt.Errorf("sandbox: fetch document process: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, 0, nil, fmt.Errorf("sandbox: fetch document process: %w", err)
	}
	return true, code, body, nil
}

// sweepProcesses deletes, at time at, the results whose work ended more
// than keep.ttl ago or first fetched more than keep.grace ago, and the
// unfinished processes started more than keep.ttl ago, and returns how
// many rows it deleted.
func (s *store) sweepProcesses(ctx context.Context, at time.Time, keep retention) (int64, error) {
	cutoff := at.Add(-keep.ttl).UnixNano()
	r, err := s.db.ExecContext(ctx, `DELETE FROM document_processes WHERE (finished != 0 AND finished < ?) OR (finished = 0 AND created < ?)
		OR (fetched != 0 AND fetched < ?)`, cutoff, cutoff, at.Add(-keep.grace).UnixNano())
	if err != nil {
		return 0, fmt.Errorf("sandbox: expire document processes: %w", err)
	}
	n, err := r.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sandbox: expire document processes: %w", err)
	}
	return n, nil
}
