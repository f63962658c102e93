package records

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Step is one step of a logged session.
type Step struct {
	Step     string `json:"step"`
	Result   string `json:"result"`
	Attempts int    `json:"attempts"`
	MS       int64  `json:"ms"`
	// Refusals are the samples the server refused in the step: codes and
	// scores only (kept in the steps JSON, no schema change).
	Refusals []Refusal `json:"refusals,omitempty"`
}

// Refusal is one refused sample: its attempt, code and, when the server
// gave one, its score (e.g. a liveness score of 0.45).
type Refusal struct {
	Attempt int      `json:"attempt"`
	Code    string   `json:"code"`
	Score   *float64 `json:"score,omitempty"`
}

// Session is one audit-log entry: what happened, never biometric data.
type Session struct {
	ID int64 `json:"id"`
	// UID is the session's random id, given by the kiosk: the audit log
	// holds one session per uid (a spooled session sent twice is kept
	// once).
	UID            string    `json:"uid,omitempty"`
	StartedAt      time.Time `json:"started_at"`
	KioskID        string    `json:"kiosk_id,omitempty"`
	InstanceID     string    `json:"instance_id,omitempty"`
	Flow           string    `json:"flow"`
	Outcome        string    `json:"outcome"`
	UserID         string    `json:"user_id,omitempty"`
	CustomerNumber string    `json:"reference_id,omitempty"`
	ErrorCode      string    `json:"error_code,omitempty"`
	Steps          []Step    `json:"steps"`
	MS             int64     `json:"ms"`
}

// Log appends a session to the audit log.
func (s *Store) Log(ctx context.Context, e Session) error {
	steps, err := json.Marshal(e.Steps)
	if err != nil {
		return fmt.Errorf("records: encode steps: %w", err)
	}
	uid := sql.NullString{String: e.UID, Valid: e.UID != ""}
	_, err = s.exec(ctx, `INSERT INTO sessions (uid, started_at, kiosk_id, instance_id, flow, outcome, user_id, reference_id, error_code, steps, ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING`,
		uid, e.StartedAt.UTC().Format(time.RFC3339Nano), e.KioskID, e.InstanceID, e.Flow, e.Outcome, e.UserID, e.CustomerNumber, e.ErrorCode, string(steps), e.MS)
	if err != nil {
		return fmt.Errorf("records: log session: %w", s.unavailable(err))
	}
	return nil
}

// Latest returns up to n sessions, newest first.
func (s *Store) Latest(ctx context.Context, n int) ([]Session, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT id, COALESCE(uid, ''), started_at, kiosk_id, instance_id, flow, outcome, user_id, reference_id, error_code, steps, ms
		FROM sessions ORDER BY id DESC LIMIT ?`), n)
	if err != nil {
		return nil, fmt.Errorf("records: list sessions: %w", s.unavailable(err))
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		var e Session
		var started, steps string
		if err := rows.Scan(&e.ID, &e.UID, &started, &e.KioskID, &e.InstanceID, &e.Flow, &e.Outcome, &e.UserID, &e.CustomerNumber, &e.ErrorCode, &steps, &e.MS); err != nil {
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: list sessions: %w", s.unavailable(err))
	}
	return out, nil
}
