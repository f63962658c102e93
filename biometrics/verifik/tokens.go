package verifik

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// clientToken returns the client JWT, renewing it first when less than
// the margin is left. A failed renewal of a token that is still valid is
// not fatal: the old token is used and renewal is tried on the next call.
func (c *Client) clientToken(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	switch {
	case c.tok.jwt == "":
		return "", ErrNoToken
	case !c.tok.valid(now):
		return "", ErrTokenExpired
	case c.tok.exp.Sub(now) >= c.margin:
		return c.tok.jwt, nil
	}
	if err := c.renewLocked(ctx); err != nil && !c.tok.valid(time.Now()) {
		return "", err
	}
	return c.tok.jwt, nil
}

// RenewToken extends the client JWT now (GET, or POST where GET is not
// served, /v2/auth/session?origin=refresh&expiresIn=1) and hands the new
// one to the WithTokenRenewed callback.
func (c *Client) RenewToken(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok.jwt == "" {
		return ErrNoToken
	}
	if !c.tok.valid(time.Now()) {
		return ErrTokenExpired
	}
	return c.renewLocked(ctx)
}

// renewLocked renews the token; c.mu is held. Verifik's docs disagree on
// the method (code samples GET, an older page POST): GET is tried first
// and POST on 404/405. The header carries the bare token, as documented.
func (c *Client) renewLocked(ctx context.Context) error {
	const op = "renew token"
	q := url.Values{"origin": {"refresh"}, "expiresIn": {"1"}}
	var status int
	var raw []byte
	var err error
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		status, raw, err = c.send(ctx, request{op: op, method: method, path: "/v2/auth/session", query: q}, c.tok.jwt)
		if err != nil {
			return err
		}
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			break
		}
	}
	if status < 200 || status >= 300 {
		return parseError(op, status, raw)
	}
	var out renewal
	if err := decode(op, status, raw, &out); err != nil {
		return err
	}
	t, err := parseToken(out.jwt())
	if err != nil || !t.valid(time.Now()) {
		return &DecodeError{op, status, errors.Join(errors.New("renewed token unusable"), err)}
	}
	c.tok = t
	if c.onRenew != nil {
		c.onRenew(t.jwt)
	}
	return nil
}

// renewal is the renewal answer: {"accessToken","tokenType"} (bare or in
// data), or {"token"} as renew-and-revoke answers.
type renewal struct {
	AccessToken string `json:"accessToken"`
	Token       string `json:"token"`
}

func (r *renewal) jwt() string {
	if r.AccessToken != "" {
		return r.AccessToken
	}
	return r.Token
}

func (r *renewal) check() error {
	if r.jwt() == "" {
		return errors.New("no accessToken")
	}
	return nil
}

// holdRegistration keeps an app registration's token in memory.
func (c *Client) holdRegistration(id, jwt string) error {
	t, err := parseToken(jwt)
	if err != nil {
		return fmt.Errorf("app-registration token: %w", err)
	}
	c.regMu.Lock()
	defer c.regMu.Unlock()
	now := time.Now()
	for k, v := range c.regs { // drop the expired ones
		if !v.valid(now) {
			delete(c.regs, k)
		}
	}
	c.regs[id] = t
	return nil
}

func (c *Client) regToken(id string) (string, error) {
	c.regMu.Lock()
	defer c.regMu.Unlock()
	t, ok := c.regs[id]
	if !ok || !t.valid(time.Now()) {
		delete(c.regs, id)
		return "", ErrNoRegistration
	}
	return t.jwt, nil
}

// HoldsRegistration reports whether a live token is held for the app
// registration id.
func (c *Client) HoldsRegistration(id string) bool {
	_, err := c.regToken(id)
	return err == nil
}

// ForgetRegistration drops the app registration's token (once it is
// finished, it has no further use on the kiosk).
func (c *Client) ForgetRegistration(id string) {
	c.regMu.Lock()
	defer c.regMu.Unlock()
	delete(c.regs, id)
}
