package verifik

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// DefaultRenewBackoff is how long the client waits after a failed
// automatic renewal before it tries again (the old token, still valid,
// is used meanwhile).
const DefaultRenewBackoff = time.Hour

// clientToken returns the client JWT, renewing it first when less than
// the margin is left. A failed renewal of a token that is still valid is
// not fatal: the old token is used and renewal is not tried again for
// the backoff. Only one renewal is in flight at a time; calls made
// meanwhile use the current (still valid) token without waiting.
func (c *Client) clientToken(ctx context.Context) (string, error) {
	c.mu.Lock()
	now := time.Now()
	switch {
	case c.tok.jwt == "":
		c.mu.Unlock()
		return "", ErrNoToken
	case !c.tok.valid(now):
		c.mu.Unlock()
		return "", ErrTokenExpired
	case c.tok.exp.Sub(now) >= c.margin, now.Before(c.retryAt), c.renewing != nil:
		jwt := c.tok.jwt
		c.mu.Unlock()
		return jwt, nil
	}
	c.mu.Unlock()
	err := c.renew(ctx, false)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil && !c.tok.valid(time.Now()) {
		return "", err
	}
	return c.tok.jwt, nil
}

// RenewToken extends the client JWT now (GET, or POST where GET is not
// served, /v2/auth/session?origin=refresh&expiresIn=1) and hands the new
// one to the WithTokenRenewed callback. A renewal already in flight is
// waited for (or ctx's end) instead of starting another. Like every
// call it ends at the call deadline.
func (c *Client) RenewToken(ctx context.Context) error {
	return c.loop().Run(ctx, "renew token", func(ctx context.Context) error { return c.renew(ctx, true) })
}

// renew runs one renewal at a time (single flight). The network call is
// made without c.mu held; a caller that finds a renewal in flight waits
// for it when wait is set and otherwise returns at once. A renewed token
// is accepted only if it expires later than the current one; a failure
// sets the backoff. onRenew is called after c.mu is released (in renewal
// order, under cbMu).
func (c *Client) renew(ctx context.Context, wait bool) error {
	c.mu.Lock()
	if ch := c.renewing; ch != nil {
		c.mu.Unlock()
		if !wait {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("verifik: renew token: %w", ctx.Err())
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.renewErr
	}
	switch {
	case c.tok.jwt == "":
		c.mu.Unlock()
		return ErrNoToken
	case !c.tok.valid(time.Now()):
		c.mu.Unlock()
		return ErrTokenExpired
	}
	ch := make(chan struct{})
	c.renewing = ch
	old := c.tok
	c.mu.Unlock()

	t, err := c.fetchRenewal(ctx, old.jwt)

	c.mu.Lock()
	if err == nil && !t.exp.After(c.tok.exp) {
		err = &DecodeError{Client: "verifik", Op: "renew token", HTTPStatus: http.StatusOK, Err: errors.New("the renewed token expires no later than the current one")}
	}
	if err == nil {
		c.tok, c.retryAt = t, time.Time{}
	} else {
		c.retryAt = time.Now().Add(c.backoff)
	}
	c.renewErr, c.renewing = err, nil
	close(ch)
	cb := c.onRenew
	if err == nil && cb != nil {
		c.cbMu.Lock() // taken before c.mu is released: callbacks keep the renewals' order
		defer c.cbMu.Unlock()
	}
	c.mu.Unlock()
	if err != nil {
		c.logRenewalFailed(ctx)
	}
	if err == nil && cb != nil {
		cb(t.jwt)
	}
	return err
}

// logRenewalFailed logs a failed renewal and the backoff it sets (never
// the token or the answer).
func (c *Client) logRenewalFailed(ctx context.Context) {
	if c.core.Logger == nil {
		return
	}
	c.core.Logger.LogAttrs(ctx, slog.LevelWarn, "token renewal failed",
		slog.String("client", "verifik"), slog.String("op", "renew token"),
		slog.String("reason", "the current token stays in use; no automatic renewal before the backoff ends"),
		slog.Duration("backoff", c.backoff))
}

// fetchRenewal asks for a renewed token. Verifik's docs disagree on the
// method (code samples GET, an older page POST): GET is tried first and
// POST on 404/405. The header carries the bare token, as documented; a
// 401 to the bare form is retried once with "Bearer " (the form every
// other call uses).
func (c *Client) fetchRenewal(ctx context.Context, jwt string) (token, error) {
	const op = "renew token"
	q := url.Values{"origin": {"refresh"}, "expiresIn": {"1"}}
	var status int
	var raw []byte
	var err error
	authz := jwt
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		r := request{op: op, method: method, path: "/v2/auth/session", query: q}
		status, raw, err = c.send(ctx, r, authz)
		if err == nil && status == http.StatusUnauthorized && authz == jwt {
			authz = "Bearer " + jwt
			status, raw, err = c.send(ctx, r, authz)
		}
		if err != nil {
			return token{}, err
		}
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			break
		}
	}
	if status < 200 || status >= 300 {
		e := parseError(op, status, raw)
		e.Message = redact(e.Message, jwt)
		return token{}, e
	}
	var out renewal
	if err := decode(op, status, raw, &out); err != nil {
		return token{}, err
	}
	t, err := parseToken(out.jwt())
	if err != nil || !t.valid(time.Now()) {
		return token{}, &DecodeError{Client: "verifik", Op: op, HTTPStatus: status, Err: errors.Join(errors.New("renewed token unusable"), err)}
	}
	return t, nil
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
