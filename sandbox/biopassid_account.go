package sandbox

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
)

// A BioPass ID account of the sandbox: the docs give one subscription
// key per customer account (spec §1) and answer the account's id as
// ClientID. The sandbox mints both for each client, apart from its
// BiometrID credentials: the subscription key is a secret of its own
// (32 random hex characters), so the BiometrID key alone, which is no
// secret, does not authenticate, and ClientID is an opaque account id,
// never a credential.

const biopassAccountSchema = `
CREATE TABLE IF NOT EXISTS biopass_accounts (
	client TEXT PRIMARY KEY, account_id TEXT NOT NULL UNIQUE, subscription_key TEXT NOT NULL UNIQUE, created TEXT NOT NULL);`

// bpAccount is a client's BioPass ID account.
type bpAccount struct {
	ID, Key string
	Client  client
}

// bpEnsureAccount creates the client's account if it has none; it
// reports whether it did.
func (s *Server) bpEnsureAccount(ctx context.Context, clientKey string) (bool, error) {
	res, err := s.db.db.ExecContext(ctx, `INSERT INTO biopass_accounts (client, account_id, subscription_key, created) VALUES (?, ?, ?, ?)
		ON CONFLICT(client) DO NOTHING`, clientKey, newID(), randomHex(32), now())
	if err != nil {
		return false, fmt.Errorf("sandbox: biopass account: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// BioPassKey returns the sandbox client's BioPass ID subscription key
// (the Ocp-Apim-Subscription-Key its Multibiometrics routes require),
// creating the account on first use.
func (s *Server) BioPassKey(ctx context.Context) (string, error) {
	if _, err := s.bpEnsureAccount(ctx, s.creds[0]); err != nil {
		return "", err
	}
	var key string
	if err := s.db.db.QueryRowContext(ctx, `SELECT subscription_key FROM biopass_accounts WHERE client = ?`, s.creds[0]).Scan(&key); err != nil {
		return "", fmt.Errorf("sandbox: biopass account: %w", err)
	}
	return key, nil
}

// bpAccountByKey returns the account whose subscription key is key, or
// errNotFound (an account exists once BioPassKey was asked for).
func (s *Server) bpAccountByKey(ctx context.Context, key string) (bpAccount, error) {
	if key == "" {
		return bpAccount{}, errNotFound
	}
	var a bpAccount
	var clientKey string
	err := s.db.db.QueryRowContext(ctx, `SELECT account_id, subscription_key, client FROM biopass_accounts WHERE subscription_key = ?`, key).
		Scan(&a.ID, &a.Key, &clientKey)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bpAccount{}, errNotFound
	case err != nil:
		return bpAccount{}, err
	}
	if subtle.ConstantTimeCompare([]byte(key), []byte(a.Key)) != 1 {
		return bpAccount{}, errNotFound
	}
	if a.Client, err = s.db.client(ctx, clientKey); err != nil {
		return bpAccount{}, err
	}
	return a, nil
}
