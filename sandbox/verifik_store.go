package sandbox

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// The Verifik tables: the account behind a sandbox client, its project,
// onboarding flow and collection (created at start), app registrations
// and persons. Persons hold a face template, never an image; their
// templates join the face engine's in-memory gallery under the group
// "vk:<collection id>".
const verifikSchema = `
CREATE TABLE IF NOT EXISTS vk_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vk_accounts (id TEXT PRIMARY KEY, client TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vk_collections (
	id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, account TEXT NOT NULL, name TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vk_projects (
	id TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, collection TEXT NOT NULL DEFAULT '', created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vk_flows (
	id TEXT PRIMARY KEY, project TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL,
	liveness_min REAL NOT NULL, search_min REAL NOT NULL, search_mode TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vk_persons (
	id TEXT PRIMARY KEY, account TEXT NOT NULL, collection TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
	embedding BLOB NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS vk_persons_name ON vk_persons(account, name);
CREATE TABLE IF NOT EXISTS vk_registrations (
	id TEXT PRIMARY KEY, account TEXT NOT NULL, project TEXT NOT NULL, flow TEXT NOT NULL, status TEXT NOT NULL,
	email TEXT NOT NULL, phone TEXT NOT NULL, country_code TEXT NOT NULL, full_name TEXT NOT NULL, first_name TEXT NOT NULL,
	last_name TEXT NOT NULL, language TEXT NOT NULL, current_step TEXT NOT NULL, person TEXT NOT NULL DEFAULT '',
	biometric_validation TEXT NOT NULL DEFAULT '', collection TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS vk_reg_email ON vk_registrations(project, email);
CREATE INDEX IF NOT EXISTS vk_reg_phone ON vk_registrations(project, country_code, phone);
`

// verifikUniqueSchema makes an email (or phone) unique per project, so
// two creations at once cannot both take it. It runs after the notes
// column is added to older databases.
const verifikUniqueSchema = `
CREATE UNIQUE INDEX IF NOT EXISTS vk_reg_email_unique ON vk_registrations(project, email) WHERE email != '';
CREATE UNIQUE INDEX IF NOT EXISTS vk_reg_phone_unique ON vk_registrations(project, country_code, phone) WHERE phone != '';
`

// Verifik flow defaults (spec §7).
const (
	vkDefaultLivenessMin = 0.6
	vkDefaultSearchMin   = 0.9
)

// VerifikSetup is what a Verifik client needs to talk to this sandbox:
// the project, its active onboarding flow and the assigned collection
// (id and code), created on first start.
type VerifikSetup struct {
	Project, ProjectFlow, Collection, CollectionCode string
}

// vkFlow is an onboarding flow's settings.
type vkFlow struct {
	ID, Project, Type, Status string
	LivenessMin, SearchMin    float64
	SearchMode                string
}

// vkRegistration is one app registration row.
type vkRegistration struct {
	ID, Account, Project, Flow, Status, Email, Phone, CountryCode string
	FullName, FirstName, LastName, Language, CurrentStep          string
	Person, BiometricValidation, Collection, Created, Updated     string
}

// vkPerson is one person row (without its template).
type vkPerson struct {
	ID, Account, Collection, Name, Notes, Status, Created, Updated string
}

// vkPersonColumns are the columns vkPerson scans, in its order.
const vkPersonColumns = `id, account, collection, name, notes, status, created, updated`

// verifikInit makes sure the JWT secret, the client's account and its
// default project, flow and collection exist, and loads the persons'
// templates into the gallery.
func (s *Server) verifikInit(ctx context.Context) error {
	db := s.db.db
	// Databases made before persons had notes get the column.
	if _, err := db.ExecContext(ctx, `ALTER TABLE vk_persons ADD COLUMN notes TEXT NOT NULL DEFAULT ''`); err != nil &&
		!strings.Contains(err.Error(), "duplicate column") {
		return fmt.Errorf("sandbox: verifik persons: %w", err)
	}
	if _, err := db.ExecContext(ctx, verifikUniqueSchema); err != nil {
		return fmt.Errorf("sandbox: verifik registrations: %w", err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO vk_settings (name, value) VALUES ('jwt_secret', ?) ON CONFLICT DO NOTHING`, randomHex(32)); err != nil {
		return fmt.Errorf("sandbox: verifik secret: %w", err)
	}
	var secret string
	if err := db.QueryRowContext(ctx, `SELECT value FROM vk_settings WHERE name = 'jwt_secret'`).Scan(&secret); err != nil {
		return fmt.Errorf("sandbox: verifik secret: %w", err)
	}
	b, err := hex.DecodeString(secret)
	if err != nil {
		return fmt.Errorf("sandbox: verifik secret: %w", err)
	}
	s.vkSecret = b
	res, err := db.ExecContext(ctx, `INSERT INTO vk_accounts (id, client, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, newID(), s.creds[0], now())
	if err != nil {
		return fmt.Errorf("sandbox: verifik account: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		s.fresh.Verifik = true
	}
	acct, err := s.vkAccountOf(ctx, s.creds[0])
	if err != nil {
		return err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM vk_projects WHERE account = ?`, acct).Scan(&n); err != nil {
		return fmt.Errorf("sandbox: verifik project: %w", err)
	}
	if n == 0 {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		col, proj := newID(), newID()
		stmts := []struct {
			q    string
			args []any
		}{
			{`INSERT INTO vk_collections (id, code, account, name, created) VALUES (?, ?, ?, 'biokiosk', ?)`, []any{col, newUUID(), acct, now()}},
			{`INSERT INTO vk_projects (id, account, name, collection, created) VALUES (?, ?, 'biokiosk kiosk', ?, ?)`, []any{proj, acct, col, now()}},
			{`INSERT INTO vk_flows (id, project, type, status, liveness_min, search_min, search_mode, created) VALUES (?, ?, 'onboarding', 'active', ?, ?, 'ACCURATE', ?)`,
				[]any{newID(), proj, vkDefaultLivenessMin, vkDefaultSearchMin, now()}},
		}
		for _, st := range stmts {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				return fmt.Errorf("sandbox: verifik project: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return s.vkLoadGallery(ctx)
}

// vkLoadGallery puts the persons of collections into the gallery, but
// not those of registrations that ended FAILED (see vkSync).
func (s *Server) vkLoadGallery(ctx context.Context) error {
	rows, err := s.db.db.QueryContext(ctx, `SELECT id, collection, embedding FROM vk_persons WHERE collection != ''
		AND id NOT IN (SELECT person FROM vk_registrations WHERE status = 'FAILED' AND person != '')`)
	if err != nil {
		return fmt.Errorf("sandbox: verifik gallery: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, col string
		var blob []byte
		if err := rows.Scan(&id, &col, &blob); err != nil {
			return err
		}
		s.faces.Put(id, vkGroup(col), blobToFloats(blob))
	}
	return rows.Err()
}

// vkGroup is a collection's gallery group (apart from BiometrID's clients).
func vkGroup(collection string) string { return "vk:" + collection }

func (s *Server) vkAccountOf(ctx context.Context, clientKey string) (string, error) {
	var id string
	if err := s.db.db.QueryRowContext(ctx, `SELECT id FROM vk_accounts WHERE client = ?`, clientKey).Scan(&id); err != nil {
		return "", fmt.Errorf("sandbox: verifik account: %w", err)
	}
	return id, nil
}

// vkClientOf returns the sandbox client key behind an account.
func (s *Server) vkClientOf(ctx context.Context, account string) (client, error) {
	var key string
	err := s.db.db.QueryRowContext(ctx, `SELECT client FROM vk_accounts WHERE id = ?`, account).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return client{}, errNotFound
	}
	if err != nil {
		return client{}, err
	}
	return s.db.client(ctx, key)
}

// Verifik returns the default project, flow and collection of the
// sandbox client's account.
func (s *Server) Verifik(ctx context.Context) (VerifikSetup, error) {
	acct, err := s.vkAccountOf(ctx, s.creds[0])
	if err != nil {
		return VerifikSetup{}, err
	}
	var v VerifikSetup
	err = s.db.db.QueryRowContext(ctx, `SELECT p.id, f.id, p.collection, COALESCE(c.code, '') FROM vk_projects p
		JOIN vk_flows f ON f.project = p.id LEFT JOIN vk_collections c ON c.id = p.collection
		WHERE p.account = ? ORDER BY p.created, f.created LIMIT 1`, acct).Scan(&v.Project, &v.ProjectFlow, &v.Collection, &v.CollectionCode)
	if err != nil {
		return v, fmt.Errorf("sandbox: verifik setup: %w", err)
	}
	return v, nil
}

// VerifikToken mints a client JWT for the sandbox client's account,
// valid for ttl (0: Verifik's 30 days). It stands in for the email/phone
// OTP login, which the sandbox does not serve.
func (s *Server) VerifikToken(ctx context.Context, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		ttl = vkClientTTL
	}
	acct, err := s.vkAccountOf(ctx, s.creds[0])
	if err != nil {
		return "", err
	}
	return vkSign(s.vkSecret, vkClaims{Sub: acct, Typ: vkClientToken}, ttl), nil
}

// SetVerifikFlow changes the default onboarding flow's thresholds (as
// the Verifik dashboard would): liveness minimum and search minimum,
// each 0.5–1.
func (s *Server) SetVerifikFlow(ctx context.Context, livenessMin, searchMin float64) error {
	if livenessMin < 0.5 || livenessMin > 1 || searchMin < 0.5 || searchMin > 1 {
		return fmt.Errorf("sandbox: verifik thresholds %.2f/%.2f outside 0.5–1", livenessMin, searchMin)
	}
	v, err := s.Verifik(ctx)
	if err != nil {
		return err
	}
	_, err = s.db.db.ExecContext(ctx, `UPDATE vk_flows SET liveness_min = ?, search_min = ? WHERE id = ?`, livenessMin, searchMin, v.ProjectFlow)
	return err
}

func (s *Server) vkFlow(ctx context.Context, id string) (vkFlow, error) {
	var f vkFlow
	err := s.db.db.QueryRowContext(ctx, `SELECT id, project, type, status, liveness_min, search_min, search_mode FROM vk_flows WHERE id = ?`, id).
		Scan(&f.ID, &f.Project, &f.Type, &f.Status, &f.LivenessMin, &f.SearchMin, &f.SearchMode)
	if errors.Is(err, sql.ErrNoRows) {
		return f, errNotFound
	}
	return f, err
}

const vkRegColumns = `id, account, project, flow, status, email, phone, country_code, full_name, first_name, last_name,
	language, current_step, person, biometric_validation, collection, created, updated`

func (s *Server) vkRegistration(ctx context.Context, id string) (vkRegistration, error) {
	var r vkRegistration
	err := s.db.db.QueryRowContext(ctx, `SELECT `+vkRegColumns+` FROM vk_registrations WHERE id = ?`, id).Scan(
		&r.ID, &r.Account, &r.Project, &r.Flow, &r.Status, &r.Email, &r.Phone, &r.CountryCode, &r.FullName, &r.FirstName, &r.LastName,
		&r.Language, &r.CurrentStep, &r.Person, &r.BiometricValidation, &r.Collection, &r.Created, &r.Updated)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errNotFound
	}
	return r, err
}

func (s *Server) vkPerson(ctx context.Context, account, id string) (vkPerson, error) {
	var p vkPerson
	err := s.db.db.QueryRowContext(ctx, `SELECT `+vkPersonColumns+` FROM vk_persons WHERE id = ? AND account = ?`, id, account).
		Scan(&p.ID, &p.Account, &p.Collection, &p.Name, &p.Notes, &p.Status, &p.Created, &p.Updated)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errNotFound
	}
	return p, err
}

// vkCollection resolves a collection by _id or code (the docs disagree
// on which the search endpoints take; the sandbox accepts both).
func (s *Server) vkCollection(ctx context.Context, account, idOrCode string) (string, error) {
	var id string
	err := s.db.db.QueryRowContext(ctx, `SELECT id FROM vk_collections WHERE account = ? AND (id = ? OR code = ?)`, account, idOrCode, idOrCode).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNotFound
	}
	return id, err
}

// vkDefaultCollection is the collection of the account's first project.
func (s *Server) vkDefaultCollection(ctx context.Context, account string) (string, error) {
	var id string
	err := s.db.db.QueryRowContext(ctx, `SELECT collection FROM vk_projects WHERE account = ? ORDER BY created LIMIT 1`, account).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// vkCollectionLocks serialise, per collection, the biometric step's
// dedupe, person insert and gallery put, so two registrations with the
// same face posted at once cannot both pass the dedupe. Collection ids
// are random, so one map serves every sandbox of the process.
var vkCollectionLocks sync.Map // collection id → *sync.Mutex

func vkCollectionLock(collection string) *sync.Mutex {
	m, _ := vkCollectionLocks.LoadOrStore(collection, new(sync.Mutex))
	return m.(*sync.Mutex)
}
