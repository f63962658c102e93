// Package records keeps biokiosk's records: the directory (a customer's
// customer number → the biometric server's user id), the audit log of flow
// sessions, and the registrations whose server-side clean-up is still to
// do. It never stores images, audio, templates or secrets.
//
// One Store runs on either of two databases: a SQLite file next to the
// settings (the default: one kiosk) or a PostgreSQL server given by a DSN
// (a fleet of kiosks sharing one directory). The two differ only in their
// dialect (dialect.go): placeholders, types and migrations; every
// statement that decides ownership is a single conditional write, so two
// kiosks registering one number at once leave exactly one owner.
package records

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// FileName is the SQLite records database's name inside the config folder.
const FileName = "records.db"

// Store is the records database. It is safe for concurrent use, and by
// several processes at once.
type Store struct {
	db  *sql.DB
	d   dialect
	now func() time.Time
}

// DefaultPath returns <config dir>/biokiosk/records.db.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("records: locate config dir: %w", err)
	}
	return filepath.Join(dir, "biokiosk", FileName), nil
}

// IsDSN reports whether where names a PostgreSQL server (a postgres:// or
// postgresql:// URL) rather than a SQLite file.
func IsDSN(where string) bool {
	return strings.HasPrefix(where, "postgres://") || strings.HasPrefix(where, "postgresql://")
}

// Open opens (creating when needed) the records at where: a PostgreSQL
// DSN, or the path of a SQLite file.
func Open(ctx context.Context, where string) (*Store, error) {
	if IsDSN(where) {
		return open(ctx, postgres{}, where)
	}
	if err := os.MkdirAll(filepath.Dir(where), 0o700); err != nil {
		return nil, fmt.Errorf("records: create folder: %w", err)
	}
	return open(ctx, sqlite{}, where)
}

func open(ctx context.Context, d dialect, where string) (*Store, error) {
	db, err := d.open(where)
	if err != nil {
		return nil, fmt.Errorf("records: open %s: %w", d.redact(where), err)
	}
	s := &Store{db: db, d: d, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("records: %s: %w", d.redact(where), s.unavailable(err))
	}
	return s, nil
}

// Shared reports whether the directory is a fleet's shared one
// (PostgreSQL) rather than a file of this kiosk's own (SQLite), where a
// customer number is unique on this kiosk only.
func (s *Store) Shared() bool {
	_, ok := s.d.(postgres)
	return ok
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// exec runs one statement written with ? placeholders.
func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.db.ExecContext(ctx, s.d.rebind(q), args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.d.rebind(q), args...)
}

// stamp is a time as stored: UTC, fixed width, so that text comparison
// is time order.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// ErrUnavailable marks a records database that cannot be reached; the
// operation wrote nothing.
var ErrUnavailable = errors.New("the records database cannot be reached")

// unavailable marks a failure to reach the database with ErrUnavailable
// (keeping the cause); other errors pass unchanged.
func (s *Store) unavailable(err error) error {
	if errors.Is(err, driver.ErrBadConn) || s.d.unreachable(err) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}
