// Package verifik is a client for Verifik's API (../shared/spec/verifik-api.md):
// SmartEnroll app registrations with the biometric (selfie + liveness)
// step, face-recognition liveness, 1:1 verify and 1:N search-live-face,
// and persons. Authentication is a client JWT obtained by email or phone
// OTP; the client reads its exp and renews it before it runs out.
// App-registration tokens (120 min) are held in memory per registration.
// Only the request loop's decisions and failed renewals are logged (see
// WithLogger): tokens and images never leave the request.
package verifik

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"biokiosk/biometrics/httpcore"
)

// Base URLs.
const (
	DefaultURL = "https://api.verifik.co"
	StagingURL = "https://staging-api.verifik.co"
)

// Limits and defaults.
const (
	// MaxImageBytes is the largest image the client sends (the kiosk's
	// photos are at most 1 MB).
	MaxImageBytes = 1 << 20
	// DefaultRenewMargin: the client JWT is renewed when less is left.
	DefaultRenewMargin = 7 * 24 * time.Hour
	// DefaultTimeout bounds each request unless WithTimeout or
	// WithHTTPClient says otherwise.
	DefaultTimeout = 30 * time.Second
	// DefaultCallDeadline bounds a whole call: a token renewal it needs
	// and the request.
	DefaultCallDeadline = 45 * time.Second
	// maxAnswerBytes caps what is read of an answer.
	maxAnswerBytes = 4 << 20
)

// Thresholds are the minimum scores the client asks for. The biometric
// app-registration step uses the project flow's own thresholds (set on
// the server); these apply to the face-recognition calls.
type Thresholds struct {
	// Liveness is liveness_min_score on /liveness and search-live-face
	// (0.52–1, default 0.6).
	Liveness float64
	// Search is min_score on search-live-face (0.5–1, default 0.9).
	Search float64
	// Verify is min_score on /verify (0.5–1, default 0.85).
	Verify float64
}

// DefaultThresholds are Verifik's documented defaults.
var DefaultThresholds = Thresholds{Liveness: 0.6, Search: 0.9, Verify: 0.85}

func (t Thresholds) check() error {
	for _, r := range []struct {
		name      string
		v, lo, hi float64
	}{{"liveness", t.Liveness, 0.52, 1}, {"search", t.Search, 0.5, 1}, {"verify", t.Verify, 0.5, 1}} {
		if r.v < r.lo || r.v > r.hi {
			return fmt.Errorf("verifik: %s threshold %.2f outside %.2f–%.2f", r.name, r.v, r.lo, r.hi)
		}
	}
	return nil
}

// Client calls Verifik. It is safe for concurrent use.
type Client struct {
	base       *url.URL
	core       httpcore.Settings // the shared connection options
	hc         *http.Client      // built from core by New
	margin     time.Duration
	onRenew    func(jwt string)
	project    string
	flow       string
	collection string
	th         Thresholds
	searchMode string

	backoff time.Duration // wait after a failed automatic renewal

	mu       sync.Mutex // guards tok, renewing, renewErr and retryAt (never held over the network)
	tok      token
	renewing chan struct{} // non-nil while a renewal is in flight; closed when it ends
	renewErr error         // the outcome of the last renewal
	retryAt  time.Time     // no automatic renewal before this (after a failure)
	cbMu     sync.Mutex    // orders the onRenew callbacks

	regMu sync.Mutex
	regs  map[string]token // app-registration id → its token
}

// Option configures a Client; an invalid option makes New fail.
type Option func(*Client) error

// shared applies one of the connection options the clients share,
// naming the package in its error (New returns option errors as they
// are, and the other options name it themselves).
func shared(o httpcore.Option) Option {
	return func(c *Client) error {
		if err := o(&c.core); err != nil {
			return fmt.Errorf("verifik: %w", err)
		}
		return nil
	}
}

// The connection options; the httpcore option of each name says what it
// does.

// WithHTTPClient uses hc's transport, roots and timeout (httpcore.WithHTTPClient).
func WithHTTPClient(hc *http.Client) Option { return shared(httpcore.WithHTTPClient(hc)) }

// WithTimeout bounds each request (default 30 s, or WithHTTPClient's).
func WithTimeout(d time.Duration) Option { return shared(httpcore.WithTimeout(d)) }

// WithCallDeadline bounds each call, a token renewal included (default 45 s).
func WithCallDeadline(d time.Duration) Option { return shared(httpcore.WithCallDeadline(d)) }

// WithPinnedSPKI pins the server's public keys (httpcore.WithPinnedSPKI).
func WithPinnedSPKI(pins ...string) Option { return shared(httpcore.WithPinnedSPKI(pins...)) }

// WithAllowInsecureHTTP permits http:// to a non-loopback server.
func WithAllowInsecureHTTP() Option { return shared(httpcore.WithAllowInsecureHTTP()) }

// WithLogger logs the request loop's decisions and each failed token
// renewal to l (httpcore.WithLogger).
func WithLogger(l *slog.Logger) Option { return shared(httpcore.WithLogger(l)) }

// WithToken sets the client JWT (from the email/phone OTP login). It must
// be a JWT with an exp claim that has not passed.
func WithToken(jwt string) Option {
	return func(c *Client) error {
		t, err := parseToken(strings.TrimSpace(jwt))
		if err != nil {
			return err
		}
		if !t.valid(time.Now()) {
			return ErrTokenExpired
		}
		c.tok = t
		return nil
	}
}

// WithRenewMargin renews the client JWT when less than d is left
// (default 7 days; at least one minute).
func WithRenewMargin(d time.Duration) Option {
	return func(c *Client) error {
		if d < time.Minute {
			return fmt.Errorf("verifik: renew margin %v under one minute", d)
		}
		c.margin = d
		return nil
	}
}

// WithTokenRenewed calls fn with each renewed client JWT, so the caller
// can keep it where it keeps secrets (the client never stores it).
func WithTokenRenewed(fn func(jwt string)) Option {
	return func(c *Client) error { c.onRenew = fn; return nil }
}

// WithProject sets the project _id app registrations belong to.
func WithProject(id string) Option {
	return func(c *Client) error { c.project = strings.TrimSpace(id); return nil }
}

// WithProjectFlow sets the active onboarding flow _id.
func WithProjectFlow(id string) Option {
	return func(c *Client) error { c.flow = strings.TrimSpace(id); return nil }
}

// WithCollection sets collection_id for verify and search ("" lets the
// server use the project's assigned collection).
func WithCollection(id string) Option {
	return func(c *Client) error { c.collection = strings.TrimSpace(id); return nil }
}

// WithThresholds sets the minimum scores; each is range-checked.
func WithThresholds(t Thresholds) Option {
	return func(c *Client) error {
		if err := t.check(); err != nil {
			return err
		}
		c.th = t
		return nil
	}
}

// WithSearchMode sets search_mode, FAST or ACCURATE (default).
func WithSearchMode(mode string) Option {
	return func(c *Client) error {
		if mode != "FAST" && mode != "ACCURATE" {
			return fmt.Errorf("verifik: search mode %q: FAST or ACCURATE", mode)
		}
		c.searchMode = mode
		return nil
	}
}

// New returns a client for baseURL. http:// is accepted only for loopback
// hosts (the sandbox) unless WithAllowInsecureHTTP is given.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := httpcore.ParseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("verifik: base URL: %w", err)
	}
	c := &Client{base: u, core: httpcore.Settings{Base: &http.Client{Timeout: DefaultTimeout}, CallDeadline: DefaultCallDeadline}, margin: DefaultRenewMargin, backoff: DefaultRenewBackoff,
		th: DefaultThresholds, searchMode: "ACCURATE", regs: map[string]token{}}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if err := httpcore.CheckScheme(u, c.core.AllowHTTP); err != nil {
		return nil, fmt.Errorf("verifik: %w", err)
	}
	if c.hc, err = c.core.HTTPClient("Authorization"); err != nil {
		return nil, fmt.Errorf("verifik: %w", err)
	}
	return c, nil
}

// Thresholds returns the minimum scores in use.
func (c *Client) Thresholds() Thresholds { return c.th }

// TokenExpiry returns when the current client JWT expires.
func (c *Client) TokenExpiry() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tok.exp
}

// auth says which token a call carries.
type auth struct {
	client bool   // the client JWT
	reg    string // or this app registration's token
}

// request is one call.
type request struct {
	op, method, path string
	query            url.Values
	body             any
	auth             auth
}

// checked is a decoded answer that can say it lacks required fields.
type checked interface{ check() error }

// loop is the shared request loop with the client's call deadline; no
// call is repeated (Verifik documents no request as safe to repeat).
func (c *Client) loop() httpcore.Loop {
	return c.core.Loop("verifik")
}

// call sends r through the loop and decodes the answer's data (or the
// bare body, for the endpoints that have no envelope) into out.
func (c *Client) call(ctx context.Context, r request, out checked) error {
	return c.loop().Run(ctx, r.op, func(ctx context.Context) error { return c.once(ctx, r, out) })
}

// once makes the call's one attempt: a token renewal it needs, the
// exchange and the decoding.
func (c *Client) once(ctx context.Context, r request, out checked) error {
	var tok string
	switch {
	case r.auth.client:
		t, err := c.clientToken(ctx)
		if err != nil {
			return fmt.Errorf("verifik: %s: %w", r.op, err)
		}
		tok = "Bearer " + t
	case r.auth.reg != "":
		t, err := c.regToken(r.auth.reg)
		if err != nil {
			return fmt.Errorf("verifik: %s: %w", r.op, err)
		}
		tok = "Bearer " + t
	}
	status, raw, err := c.send(ctx, r, tok)
	if err != nil {
		return err
	}
	if (status < 200 || status >= 300) && !isErrorAnswer(raw) {
		// Not Verifik's {code,message} (e.g. a proxy's HTML 502): no refusal.
		return &DecodeError{Client: "verifik", Op: r.op, HTTPStatus: status,
			Err: fmt.Errorf("%w: %q", httpcore.ErrNotAPIAnswer, redact(excerpt(raw), tok))}
	}
	if status < 200 || status >= 300 {
		e := parseError(r.op, status, raw)
		e.Message = redact(e.Message, tok)
		return e
	}
	return decode(r.op, status, raw, out)
}

// jwtLike matches anything shaped like a JWT (three base64url parts, the
// first a JSON header).
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.?[A-Za-z0-9_-]*`)

// redact removes the request's token and anything JWT-shaped from a
// server's error message, so an answer that echoes a header does not put
// a token in an error text (or in a log that prints it).
func redact(msg, authorization string) string {
	if t := strings.TrimSpace(strings.TrimPrefix(authorization, "Bearer ")); len(t) >= 8 {
		msg = strings.ReplaceAll(msg, t, "[token]")
	}
	return jwtLike.ReplaceAllString(msg, "[token]")
}

// send does the HTTP exchange and reads the answer.
func (c *Client) send(ctx context.Context, r request, authorization string) (int, []byte, error) {
	u := c.base.String() + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return 0, nil, fmt.Errorf("verifik: %s: %w", r.op, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return 0, nil, fmt.Errorf("verifik: %s: %w", r.op, err)
	}
	req.Header.Set("Accept", "application/json")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	ans, err := httpcore.Exchange(c.hc, req, "verifik", r.op, maxAnswerBytes)
	if err != nil {
		return 0, nil, err
	}
	return ans.Status, ans.Body, nil
}

// decode accepts both envelopes ({"id","data","signature"} and
// {"data"}) and a bare body, then checks the required fields.
func decode(op string, status int, raw []byte, out checked) error {
	if out == nil {
		return nil
	}
	inner := raw
	var env map[string]json.RawMessage
	if err := json.Unmarshal(raw, &env); err == nil {
		if d, ok := env["data"]; ok {
			inner = d
		}
	}
	var dst any = out
	if a, ok := out.(*adhoc); ok {
		dst = a.v
	}
	if err := json.Unmarshal(inner, dst); err != nil {
		return &DecodeError{Client: "verifik", Op: op, HTTPStatus: status, Err: err}
	}
	if err := out.check(); err != nil {
		return &DecodeError{Client: "verifik", Op: op, HTTPStatus: status, Err: err}
	}
	httpcore.SanitizeStrings(dst)
	return nil
}

// isErrorAnswer reports whether raw is Verifik's error answer: a JSON
// object with a code or a message.
func isErrorAnswer(raw []byte) bool {
	var b map[string]json.RawMessage
	if json.Unmarshal(raw, &b) != nil {
		return false
	}
	_, code := b["code"]
	_, msg := b["message"]
	return code || msg
}

// parseError reads an error body: {"code","message"} (message possibly
// "NNN:code@score"), or anything else kept as a short excerpt.
func parseError(op string, status int, raw []byte) *Error {
	e := &Error{Op: op, HTTPStatus: status}
	var b struct {
		Code    any    `json:"code"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		e.Message = excerpt(raw)
		return e
	}
	if s, ok := b.Code.(string); ok {
		e.BodyCode = httpcore.Sanitize(s, 80)
	}
	// Server text enters the error sanitised (no ESC, CR, LF…); the code
	// and score are parsed from what was sent.
	e.Vendor, e.Score, e.HasScore = ParseMessage(b.Message)
	e.Message = httpcore.Sanitize(b.Message, 1000)
	return e
}

// excerpt is a printable prefix of a non-JSON body.
func excerpt(raw []byte) string {
	return httpcore.Sanitize(strings.TrimSpace(string(raw)), 120)
}
