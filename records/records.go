// Package records keeps the kiosk's local records in a small SQLite file
// next to the settings: the reference_id → BiometrID user id directory and
// an audit log of flow sessions (time, flow, outcome, step results, error
// codes, durations). It never stores images, audio, templates or secrets.
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

	_ "modernc.org/sqlite" // pure-Go SQLite driver
)

// FileName is the records database's name inside the config folder.
const FileName = "records.db"

// Store is the kiosk's records database. It is safe for concurrent use.
type Store struct{ db *sql.DB }

// DefaultPath returns <config dir>/biokiosk/records.db.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("records: locate config dir: %w", err)
	}
	return filepath.Join(dir, "biokiosk", FileName), nil
}

const schema = `
CREATE TABLE IF NOT EXISTS directory (
	reference_id TEXT PRIMARY KEY,
	user_id      TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	started_at   TEXT NOT NULL,
	flow         TEXT NOT NULL,
	outcome      TEXT NOT NULL,
	user_id      TEXT NOT NULL DEFAULT '',
	reference_id TEXT NOT NULL DEFAULT '',
	error_code   TEXT NOT NULL DEFAULT '',
	steps        TEXT NOT NULL,
	ms           INTEGER NOT NULL
);`

// Open opens (creating when needed) the records database at path.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("records: create folder: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)")
	if err != nil {
		return nil, fmt.Errorf("records: open %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("records: create schema in %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Lookup returns the user id this kiosk knows for a reference id.
func (s *Store) Lookup(ctx context.Context, referenceID string) (string, bool, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT user_id FROM directory WHERE reference_id = ?`, referenceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("records: look up reference id: %w", err)
	}
	return id, true, nil
}

// Remember maps a reference id to a user id, replacing an older mapping.
func (s *Store) Remember(ctx context.Context, referenceID, userID string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO directory (reference_id, user_id, updated_at) VALUES (?, ?, ?)
		ON CONFLICT(reference_id) DO UPDATE SET user_id = excluded.user_id, updated_at = excluded.updated_at`,
		referenceID, userID, time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("records: remember reference id: %w", err)
	}
	return nil
}

// Forget removes a reference id's mapping (after its user is deleted).
func (s *Store) Forget(ctx context.Context, referenceID string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM directory WHERE reference_id = ?`, referenceID); err != nil {
		return fmt.Errorf("records: forget reference id: %w", err)
	}
	return nil
}

// Step is one step of a logged session.
type Step struct {
	Step     string `json:"step"`
	Result   string `json:"result"`
	Attempts int    `json:"attempts"`
	MS       int64  `json:"ms"`
}

// Session is one audit-log entry.
type Session struct {
	ID          int64     `json:"id"`
	StartedAt   time.Time `json:"started_at"`
	Flow        string    `json:"flow"`
	Outcome     string    `json:"outcome"`
	UserID      string    `json:"user_id,omitempty"`
	ReferenceID string    `json:"reference_id,omitempty"`
	ErrorCode   string    `json:"error_code,omitempty"`
	Steps       []Step    `json:"steps"`
	MS          int64     `json:"ms"`
}

// Log appends a session to the audit log.
func (s *Store) Log(ctx context.Context, e Session) error {
	steps, err := json.Marshal(e.Steps)
	if err != nil {
		return fmt.Errorf("records: encode steps: %w", err)
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO sessions (started_at, flow, outcome, user_id, reference_id, error_code, steps, ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.StartedAt.UTC().Format(time.RFC3339Nano), e.Flow, e.Outcome, e.UserID, e.ReferenceID, e.ErrorCode, string(steps), e.MS)
	if err != nil {
		return fmt.Errorf("records: log session: %w", err)
	}
	return nil
}

// Latest returns up to n sessions, newest first.
func (s *Store) Latest(ctx context.Context, n int) ([]Session, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, started_at, flow, outcome, user_id, reference_id, error_code, steps, ms
		FROM sessions ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("records: list sessions: %w", err)
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		var e Session
		var started, steps string
		if err := rows.Scan(&e.ID, &started, &e.Flow, &e.Outcome, &e.UserID, &e.ReferenceID, &e.ErrorCode, &steps, &e.MS); err != nil {
			return nil, fmt.Errorf("records: read session: %w", err)
		}
		if e.StartedAt, err = time.Parse(time.RFC3339Nano, started); err != nil {
			return nil, fmt.Errorf("records: session %d time: %w", e.ID, err)
		}
		if err := json.Unmarshal([]byte(steps), &e.Steps); err != nil {
			return nil, fmt.Errorf("records: session %d steps: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
