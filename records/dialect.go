package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // pure-Go SQLite driver
)

// dialect is what differs between the two databases.
type dialect interface {
	open(where string) (*sql.DB, error)
	// rebind turns ? placeholders into the database's own.
	rebind(q string) string
	// migrations are the schema's versions in order; migration i brings
	// the schema to version i+1.
	migrations() []string
	// lock serialises migrations between processes, within tx.
	lock(ctx context.Context, tx *sql.Tx) error
	redact(where string) string
	// unreachable reports an error of the connection, not of the statement.
	unreachable(err error) bool
}

// sqlite is the single-kiosk default.
type sqlite struct{}

// open opens the file at path, first creating it (or narrowing an
// existing one) readable by its owner alone: it maps customer numbers to
// user ids and holds the audit log. SQLite gives the -wal and -shm files
// it creates the database file's mode; those an older version left are
// narrowed too.
func (sqlite) open(path string) (*sql.DB, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	f.Close()
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, err
	}
	for _, side := range []string{"-wal", "-shm"} {
		// Left by an older version with a wider mode, SQLite keeps it.
		if err := os.Chmod(path+side, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)&_txlock=immediate")
}

func (sqlite) rebind(q string) string { return q }

func (sqlite) lock(context.Context, *sql.Tx) error { return nil } // _txlock=immediate

func (sqlite) redact(path string) string { return path }

func (sqlite) unreachable(error) bool { return false } // a local file

// unreachable: the server could not be reached, the connection broke, or
// the server is shutting down (SQLSTATE classes 08 and 57P).
func (postgres) unreachable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), pgconn.Timeout(err):
		return true
	case errors.As(err, &pe):
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P")
	}
	return false
}

func (sqlite) migrations() []string {
	return schema("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER")
}

// postgres is the fleet's shared directory.
type postgres struct{}

func (postgres) open(dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	return db, nil
}

func (postgres) rebind(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (postgres) lock(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7426615)`) // any constant of ours
	return err
}

// redact drops the password from a DSN for error messages.
func (postgres) redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL DSN"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.Redacted()
}

func (postgres) migrations() []string {
	return schema("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BIGINT")
}

// schema is the migrations in either dialect: serial is an
// auto-numbered primary key, bigint a 64-bit integer.
func schema(serial, bigint string) []string {
	return []string{
		// 1: the schema before versioning (IF NOT EXISTS: older SQLite
		// files have it).
		`CREATE TABLE IF NOT EXISTS directory (
			reference_id TEXT PRIMARY KEY,
			user_id      TEXT NOT NULL,
			updated_at   TEXT NOT NULL
		);
		CREATE TABLE IF NOT EXISTS sessions (
			id           ` + serial + `,
			started_at   TEXT NOT NULL,
			flow         TEXT NOT NULL,
			outcome      TEXT NOT NULL,
			user_id      TEXT NOT NULL DEFAULT '',
			reference_id TEXT NOT NULL DEFAULT '',
			error_code   TEXT NOT NULL DEFAULT '',
			steps        TEXT NOT NULL,
			ms           ` + bigint + ` NOT NULL
		);`,
		// 2: reservations, the kiosk in the audit log, the clean-up journal.
		`ALTER TABLE directory ADD COLUMN reserved_by TEXT NOT NULL DEFAULT '';
		ALTER TABLE sessions ADD COLUMN kiosk_id TEXT NOT NULL DEFAULT '';
		CREATE TABLE cleanups (
			id           ` + serial + `,
			created_at   TEXT NOT NULL,
			backend      TEXT NOT NULL,
			user_id      TEXT NOT NULL,
			reference_id TEXT NOT NULL DEFAULT '',
			reason       TEXT NOT NULL DEFAULT '',
			attempts     INTEGER NOT NULL DEFAULT 0,
			last_error   TEXT NOT NULL DEFAULT '',
			holder       TEXT NOT NULL DEFAULT '',
			UNIQUE (backend, user_id)
		);`,
		// 3: the vendor's own ids of a user, where the API has no call to
		// read them back (BioPass ID's BioPassID and ClientID).
		`CREATE TABLE vendor_ids (
			user_id    TEXT PRIMARY KEY,
			backend    TEXT NOT NULL,
			vendor_id  TEXT NOT NULL DEFAULT '',
			account_id TEXT NOT NULL DEFAULT '',
			updated_at TEXT NOT NULL
		);`,
		// 4: the reverse look-up (CustomerNumber: the customer number beside
		// every user id on the staff screens) by index, not a scan of a
		// fleet's directory.
		`CREATE INDEX directory_user_id ON directory (user_id);`,
		// 5: leases: a process's heartbeat, so a kiosk releases what
		// another left only once that one is proven gone; the install's
		// instance id in the audit log.
		`CREATE TABLE leases (
			holder       TEXT PRIMARY KEY,
			instance_id  TEXT NOT NULL,
			kiosk_id     TEXT NOT NULL DEFAULT '',
			heartbeat_at TEXT NOT NULL
		);
		ALTER TABLE directory ADD COLUMN lease TEXT NOT NULL DEFAULT '';
		ALTER TABLE cleanups ADD COLUMN lease TEXT NOT NULL DEFAULT '';
		ALTER TABLE sessions ADD COLUMN instance_id TEXT NOT NULL DEFAULT '';`,
		// 6: the session's own id, so a session the kiosk spooled while
		// the records were down is kept once however often it is sent.
		`ALTER TABLE sessions ADD COLUMN uid TEXT;
		CREATE UNIQUE INDEX sessions_uid ON sessions (uid);`,
	}
}

// migrate brings the schema to the newest version, one transaction per
// version, serialised between processes.
func (s *Store) migrate(ctx context.Context) error {
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, or reports that none is left.
func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if err := s.d.lock(ctx, tx); err != nil {
		return false, fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return false, fmt.Errorf("migrate: create schema_version: %w", err)
	}
	var v sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return false, fmt.Errorf("migrate: read version: %w", err)
	}
	ms := s.d.migrations()
	cur := int(v.Int64)
	if cur > len(ms) {
		return false, fmt.Errorf("schema version %d is newer than this biokiosk knows (%d): update biokiosk", cur, len(ms))
	}
	if cur == len(ms) {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, ms[cur]); err != nil {
		return false, fmt.Errorf("migrate to version %d: %w", cur+1, err)
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_version (version) VALUES (?)`), cur+1); err != nil {
		return false, fmt.Errorf("migrate: record version %d: %w", cur+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to version %d: %w", cur+1, err)
	}
	return false, nil
}
