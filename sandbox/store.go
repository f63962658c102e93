package sandbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"biokiosk/sandbox/voice"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// store is the sandbox's SQLite database. Every acknowledged write is
// committed with synchronous=FULL in WAL mode before the answer is sent,
// so it survives a kill -9.
type store struct {
	db    *sql.DB
	batch *batcher // the request counter and log, grouped
}

const schema = `
CREATE TABLE IF NOT EXISTS clients (
	key TEXT PRIMARY KEY, secret TEXT NOT NULL,
	request_limit INTEGER NOT NULL DEFAULT 0, user_limit INTEGER NOT NULL DEFAULT 0,
	requests INTEGER NOT NULL DEFAULT 0, liveness_required INTEGER NOT NULL DEFAULT 0,
	created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
	id TEXT PRIMARY KEY, client TEXT NOT NULL, reference_id TEXT NOT NULL DEFAULT '',
	mac_address TEXT NOT NULL DEFAULT '', created TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS users_mac ON users(client, mac_address);
CREATE TABLE IF NOT EXISTS face_templates (
	user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, embedding BLOB NOT NULL, updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS voice_templates (
	user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, language TEXT NOT NULL,
	voiceprint BLOB NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (user_id, language));
CREATE TABLE IF NOT EXISTS dialogues (
	user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, sid TEXT NOT NULL, id TEXT NOT NULL,
	mode TEXT NOT NULL, language TEXT NOT NULL, prompt TEXT NOT NULL,
	refused INTEGER NOT NULL DEFAULT 0, samples BLOB NOT NULL DEFAULT x'', created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS liveness (
	id TEXT PRIMARY KEY, client TEXT NOT NULL, score REAL NOT NULL, expires TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS request_log (
	at TEXT NOT NULL, client TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, message TEXT NOT NULL);
`

func openStore(ctx context.Context, path string) (*store, error) {
	if path == "" {
		path = ":memory:"
	}
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("sandbox: database folder: %w", err)
		}
		// 0600 before SQLite opens it: it holds the client secret and
		// face templates (the -wal and -shm files take its mode).
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			return nil, fmt.Errorf("sandbox: database %s: %w", path, err)
		}
		f.Close()
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("sandbox: database %s: %w", path, err)
		}
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sandbox: open %s: %w", path, err)
	}
	// One connection: every write is serialised in Go rather than by
	// SQLite's busy handler, so a deferred transaction that reads then
	// writes can never fail with "database is locked" (SQLITE_BUSY) under
	// load, and an in-memory database is the same one for every query.
	// Reads are index lookups of a few microseconds; the engines, not the
	// database, bound a request.
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema+biopassSchema+verifikSchema+livenessHostSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("sandbox: schema in %s: %w", path, err)
	}
	return &store{db: db, batch: newBatcher(db)}, nil
}

func (s *store) close() error {
	s.batch.close()
	return s.db.Close()
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// newID returns a 24-hex id like the API's ObjectIds.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newUUID returns a random RFC 4122 version-4 UUID.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func floatsToBlob(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func blobToFloats(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

// client is one API client's credentials and quotas.
type client struct {
	Key, Secret                       string
	RequestLimit, UserLimit, Requests int
	LivenessRequired                  bool
}

var errNotFound = errors.New("not found")

func (s *store) client(ctx context.Context, key string) (client, error) {
	var c client
	err := s.db.QueryRowContext(ctx, `SELECT key, secret, request_limit, user_limit, requests, liveness_required FROM clients WHERE key = ?`, key).
		Scan(&c.Key, &c.Secret, &c.RequestLimit, &c.UserLimit, &c.Requests, &c.LivenessRequired)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errNotFound
	}
	return c, err
}

func (s *store) putClient(ctx context.Context, c client) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO clients (key, secret, request_limit, user_limit, liveness_required, created) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET secret = excluded.secret, request_limit = excluded.request_limit,
		user_limit = excluded.user_limit, liveness_required = excluded.liveness_required`,
		c.Key, c.Secret, c.RequestLimit, c.UserLimit, c.LivenessRequired, now())
	return err
}

// anyClient returns the first client, for the embedded default.
func (s *store) anyClient(ctx context.Context) (client, error) {
	var key string
	err := s.db.QueryRowContext(ctx, `SELECT key FROM clients ORDER BY created LIMIT 1`).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return client{}, errNotFound
	}
	if err != nil {
		return client{}, err
	}
	return s.client(ctx, key)
}

// countRequest adds one request to the client's count unless the limit
// is reached; it reports whether the request may go on.
// It is committed in a batch with other requests' counts and logs.
func (s *store) countRequest(ctx context.Context, key string) (bool, error) {
	var n int64
	err := s.batch.do(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE clients SET requests = requests + 1 WHERE key = ? AND (request_limit = 0 OR requests < request_limit)`, key)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// logRequest appends a line to the request log, in a batch with other
// requests' counts and logs.
func (s *store) logRequest(ctx context.Context, key, method, path string, status int, msg string) {
	at := now()
	_ = s.batch.do(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO request_log (at, client, method, path, status, message) VALUES (?, ?, ?, ?, ?, ?)`, at, key, method, path, status, msg)
		return err
	})
}

// createUser creates a user, or returns the one already bound to mac
// (existing true). It refuses when the client's user quota is reached.
func (s *store) createUser(ctx context.Context, c client, ref, mac string) (id string, existing bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", false, err
	}
	defer tx.Rollback()
	if mac != "" {
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE client = ? AND mac_address = ?`, c.Key, mac).Scan(&id)
		if err == nil {
			return id, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", false, err
		}
	}
	if c.UserLimit > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE client = ?`, c.Key).Scan(&n); err != nil {
			return "", false, err
		}
		if n >= c.UserLimit {
			return "", false, errUserQuota
		}
	}
	id = newUserID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, client, reference_id, mac_address, created) VALUES (?, ?, ?, ?, ?)`, id, c.Key, ref, mac, now()); err != nil {
		return "", false, err
	}
	return id, false, tx.Commit()
}

var errUserQuota = errors.New("user quota reached")

func (s *store) userExists(ctx context.Context, clientKey, id string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE id = ? AND client = ?`, id, clientKey).Scan(&n)
	return n == 1, err
}

func (s *store) deleteUser(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
	return err
}

func (s *store) userByMac(ctx context.Context, clientKey, mac string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT id FROM users WHERE client = ? AND mac_address = ?`, clientKey, mac).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNotFound
	}
	return id, err
}

func (s *store) putFace(ctx context.Context, userID string, emb []float32) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO face_templates (user_id, embedding, updated) VALUES (?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET embedding = excluded.embedding, updated = excluded.updated`, userID, floatsToBlob(emb), now())
	return err
}

func (s *store) deleteFace(ctx context.Context, userID string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM face_templates WHERE user_id = ?`, userID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// faces loads every face template of every client, for the in-memory
// gallery.
func (s *store) faces(ctx context.Context) (map[string]struct {
	client string
	emb    []float32
}, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.user_id, u.client, f.embedding FROM face_templates f JOIN users u ON u.id = f.user_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]struct {
		client string
		emb    []float32
	}{}
	for rows.Next() {
		var id, c string
		var b []byte
		if err := rows.Scan(&id, &c, &b); err != nil {
			return nil, err
		}
		out[id] = struct {
			client string
			emb    []float32
		}{c, blobToFloats(b)}
	}
	return out, rows.Err()
}

func (s *store) voice(ctx context.Context, userID, lang string) ([]float32, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT voiceprint FROM voice_templates WHERE user_id = ? AND language = ?`, userID, lang).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	return blobToFloats(b), err
}

func (s *store) putVoice(ctx context.Context, userID, lang string, vp []float32) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO voice_templates (user_id, language, voiceprint, updated) VALUES (?, ?, ?, ?)
		ON CONFLICT(user_id, language) DO UPDATE SET voiceprint = excluded.voiceprint, updated = excluded.updated`, userID, lang, floatsToBlob(vp), now())
	return err
}

func (s *store) deleteVoice(ctx context.Context, userID, lang string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM voice_templates WHERE user_id = ? AND language = ?`, userID, lang)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func (s *store) hasVoice(ctx context.Context, userID string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM voice_templates WHERE user_id = ?`, userID).Scan(&n)
	return n > 0, err
}

// dialogue is a user's open 1.0 voice dialogue.
type dialogue struct {
	UserID, SID, ID, Mode, Language, Prompt string
	// Refused counts the 1.1 enrolment's refused attempts in a row.
	Refused int
	// Samples are the accepted samples' voiceprints.
	Samples [][]float32
}

// accepted is how many samples the dialogue has accepted.
func (d dialogue) accepted() int { return len(d.Samples) }

func (s *store) dialogue(ctx context.Context, userID string) (dialogue, error) {
	d := dialogue{UserID: userID}
	var blob []byte
	err := s.db.QueryRowContext(ctx, `SELECT sid, id, mode, language, prompt, refused, samples FROM dialogues WHERE user_id = ?`, userID).
		Scan(&d.SID, &d.ID, &d.Mode, &d.Language, &d.Prompt, &d.Refused, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errNotFound
	}
	all := blobToFloats(blob)
	for i := 0; i+voice.Size <= len(all); i += voice.Size {
		d.Samples = append(d.Samples, all[i:i+voice.Size])
	}
	return d, err
}

func (s *store) putDialogue(ctx context.Context, d dialogue) error {
	var all []float32
	for _, v := range d.Samples {
		all = append(all, v...)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO dialogues (user_id, sid, id, mode, language, prompt, refused, samples, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET sid = excluded.sid, id = excluded.id, mode = excluded.mode, language = excluded.language,
		prompt = excluded.prompt, refused = excluded.refused, samples = excluded.samples`,
		d.UserID, d.SID, d.ID, d.Mode, d.Language, d.Prompt, d.Refused, floatsToBlob(all), now())
	return err
}

func (s *store) deleteDialogue(ctx context.Context, userID string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM dialogues WHERE user_id = ?`, userID)
	return err
}

func (s *store) putLiveness(ctx context.Context, id, clientKey string, score float64, ttl time.Duration) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO liveness (id, client, score, expires) VALUES (?, ?, ?, ?)`, id, clientKey, score, time.Now().Add(ttl).UTC().Format(time.RFC3339Nano))
	return err
}

// useLiveness consumes a valid, unused, unexpired liveness id.
func (s *store) useLiveness(ctx context.Context, id, clientKey string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE liveness SET used = 1 WHERE id = ? AND client = ? AND used = 0 AND expires > ?`, id, clientKey, now())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
