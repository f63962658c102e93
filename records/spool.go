package records

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// SpoolFileName is the audit spool's file inside the state dir.
const SpoolFileName = "audit-spool.db"

// CodeInterrupted is the error code of a session whose kiosk process
// ended in the middle of it (kill -9, a crash, a power cut): it is logged
// ABANDONED at the process's next start.
const CodeInterrupted = "INTERRUPTED"

// Spool is a kiosk's local audit spool: each session is written here
// first (a SQLite file, mode 0600, beside the instance id) when it
// starts, as its steps pass and when it ends, then forwarded to the
// records' audit log in the order the sessions ended, exactly once
// (Store.Log ignores a session uid it already holds), whenever the
// records can be reached. A session whose process died is ended
// ABANDONED (CodeInterrupted) by the next process of the install.
type Spool struct {
	db *sql.DB
}

// spool states: open (running), done (to forward).
const (
	spoolOpen = "open"
	spoolDone = "done"
)

// OpenSpool opens (creating, 0600) the spool at path.
func OpenSpool(ctx context.Context, path string) (*Spool, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("audit spool: %w", err)
	}
	db, err := sqlite{}.open(path)
	if err != nil {
		return nil, fmt.Errorf("audit spool: %w", err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS spool (
		seq        INTEGER PRIMARY KEY AUTOINCREMENT,
		uid        TEXT NOT NULL UNIQUE,
		holder     TEXT NOT NULL,
		state      TEXT NOT NULL,
		session    TEXT NOT NULL,
		updated_at TEXT NOT NULL
	)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("audit spool: %w", err)
	}
	return &Spool{db: db}, nil
}

// Close closes the spool.
func (sp *Spool) Close() error { return sp.db.Close() }

// Begin spools a session that starts (s.UID names it; holder is the
// process running it).
func (sp *Spool) Begin(ctx context.Context, holder string, s Session) error {
	if s.UID == "" {
		return errors.New("audit spool: a session without a uid")
	}
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("audit spool: %w", err)
	}
	if _, err := sp.db.ExecContext(ctx, `INSERT INTO spool (uid, holder, state, session, updated_at) VALUES (?, ?, ?, ?, ?)`,
		s.UID, holder, spoolOpen, string(b), stamp(time.Now())); err != nil {
		return fmt.Errorf("audit spool: begin: %w", err)
	}
	return nil
}

// Update keeps what a running session did so far (its steps).
func (sp *Spool) Update(ctx context.Context, s Session) error {
	return sp.put(ctx, s, spoolOpen)
}

// End spools a session that ended, to be forwarded.
func (sp *Spool) End(ctx context.Context, s Session) error {
	return sp.put(ctx, s, spoolDone)
}

func (sp *Spool) put(ctx context.Context, s Session, state string) error {
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("audit spool: %w", err)
	}
	res, err := sp.db.ExecContext(ctx, `UPDATE spool SET session = ?, state = ?, updated_at = ? WHERE uid = ? AND state = ?`,
		string(b), state, stamp(time.Now()), s.UID, spoolOpen)
	if err != nil {
		return fmt.Errorf("audit spool: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("audit spool: session %s is not open", s.UID)
	}
	return nil
}

// Abandon ends the open sessions of processes that are gone (gone
// reports that for a holder) as ABANDONED with CodeInterrupted, keeping
// the steps they had done. It returns how many.
func (sp *Spool) Abandon(ctx context.Context, gone func(holder string) bool) (int, error) {
	rows, err := sp.db.QueryContext(ctx, `SELECT uid, holder, session FROM spool WHERE state = ? ORDER BY seq`, spoolOpen)
	if err != nil {
		return 0, fmt.Errorf("audit spool: %w", err)
	}
	var over []Session
	for rows.Next() {
		var uid, holder, js string
		if err := rows.Scan(&uid, &holder, &js); err != nil {
			rows.Close()
			return 0, fmt.Errorf("audit spool: %w", err)
		}
		if !gone(holder) {
			continue
		}
		var s Session
		if err := json.Unmarshal([]byte(js), &s); err != nil {
			rows.Close()
			return 0, fmt.Errorf("audit spool: session %s: %w", uid, err)
		}
		over = append(over, s)
	}
	rows.Close()
	for _, s := range over {
		s.Outcome, s.ErrorCode = "ABANDONED", CodeInterrupted
		if s.Steps == nil {
			s.Steps = []Step{}
		}
		if err := sp.End(ctx, s); err != nil {
			return 0, err
		}
	}
	return len(over), nil
}

// Forward sends the ended sessions to the audit log, in the order they
// ended, each once, stopping at the first that fails (the records are
// down: the rest waits for the next call). It returns how many it sent.
func (sp *Spool) Forward(ctx context.Context, to *Store) (int, error) {
	sent := 0
	for {
		var seq int64
		var js string
		err := sp.db.QueryRowContext(ctx, `SELECT seq, session FROM spool WHERE state = ? ORDER BY updated_at, seq LIMIT 1`, spoolDone).Scan(&seq, &js)
		if errors.Is(err, sql.ErrNoRows) {
			return sent, nil
		}
		if err != nil {
			return sent, fmt.Errorf("audit spool: %w", err)
		}
		var s Session
		if err := json.Unmarshal([]byte(js), &s); err != nil {
			return sent, fmt.Errorf("audit spool: session %d: %w", seq, err)
		}
		if err := to.Log(ctx, s); err != nil {
			return sent, err
		}
		// Sent: a crash before this delete sends it again, and the audit
		// log keeps the first (one row per uid).
		if _, err := sp.db.ExecContext(ctx, `DELETE FROM spool WHERE seq = ?`, seq); err != nil {
			return sent, fmt.Errorf("audit spool: %w", err)
		}
		sent++
	}
}

// Pending counts the sessions not yet forwarded (running ones included).
func (sp *Spool) Pending(ctx context.Context) (int, error) {
	var n int
	if err := sp.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM spool`).Scan(&n); err != nil {
		return 0, fmt.Errorf("audit spool: %w", err)
	}
	return n, nil
}
