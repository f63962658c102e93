// Package biometrics is a client for the BiometrID Legacy REST API
// (versions 1.0 and 1.1): users, face, liveness, voice dialogues, OCR and
// the auxiliary calls, with typed results and errors.
//
// One Client serves one person at a time: it keeps a cookie jar for the
// voice dialogue's biometrid.sid session cookie. Call ResetSession between
// people, or use one Client per concurrent person.
package biometrics

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"biokiosk/biometrics/httpcore"
)

// Defaults.
const (
	DefaultTimeout = 30 * time.Second
	// DefaultCallDeadline bounds a whole call: every attempt and the
	// waits between them.
	DefaultCallDeadline = 45 * time.Second
	DefaultLivenessURL  = "https://face.biometrid.com"
	// MaxResponseBytes caps how much of a response body is read.
	MaxResponseBytes = 8 << 20
	// MaxPhotoBytes is the API's documented photo limit (1 MB).
	MaxPhotoBytes = 1 << 20
)

// Client calls the BiometrID API. Its methods are safe for concurrent use,
// but the voice dialogue cookie is shared (see the package comment).
type Client struct {
	base     *url.URL
	liveness *url.URL
	version  string
	key      string
	secret   string
	core     httpcore.Settings // the shared connection options
	hc       *http.Client      // built from core by New
	retry    RetryPolicy
	sleep    func(ctx context.Context, d time.Duration) error
	jar      *sessionJar // hc.Jar, set once in New
}

// Option configures a Client; options validate their input.
type Option func(*Client) error

// shared applies one of the connection options the clients share.
func shared(o httpcore.Option) Option {
	return func(c *Client) error { return o(&c.core) }
}

// WithCredentials sets the x-biometrid-key and x-biometrid-secret headers.
func WithCredentials(key, secret string) Option {
	return func(c *Client) error {
		if key == "" || secret == "" {
			return errors.New("credentials: key and secret must both be set")
		}
		c.key, c.secret = key, secret
		return nil
	}
}

// WithAPIVersion picks "1.0" (default) or "1.1".
func WithAPIVersion(v string) Option {
	return func(c *Client) error {
		if v != "1.0" && v != "1.1" {
			return fmt.Errorf("api version %q: want 1.0 or 1.1", v)
		}
		c.version = v
		return nil
	}
}

// WithTimeout bounds each HTTP attempt (default 30 s).
func WithTimeout(d time.Duration) Option { return shared(httpcore.WithTimeout(d)) }

// WithCallDeadline bounds each call as a whole, retries and their waits
// included (default 45 s); past it the call fails SERVER_UNREACHABLE.
func WithCallDeadline(d time.Duration) Option { return shared(httpcore.WithCallDeadline(d)) }

// WithHTTPClient uses hc's transport (proxies, trusted roots). The client
// still sets its own timeout, pinning, redirect policy and cookie jar on
// a copy.
func WithHTTPClient(hc *http.Client) Option { return shared(httpcore.WithHTTPClient(hc)) }

// WithLivenessURL sets the base URL of the 1.0 liveness host
// (default https://face.biometrid.com).
func WithLivenessURL(raw string) Option {
	return func(c *Client) error {
		u, err := httpcore.ParseBaseURL(raw)
		if err != nil {
			return fmt.Errorf("liveness url: %w", err)
		}
		c.liveness = u
		return nil
	}
}

// WithAllowInsecureHTTP permits http:// to a non-loopback server.
func WithAllowInsecureHTTP() Option { return shared(httpcore.WithAllowInsecureHTTP()) }

// WithLogger logs each retry decision to l (httpcore.WithLogger).
func WithLogger(l *slog.Logger) Option { return shared(httpcore.WithLogger(l)) }

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error {
		if err := p.Check(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// New returns a client for the API at baseURL (e.g. https://api.biometrid.com).
func New(baseURL string, opts ...Option) (*Client, error) {
	base, err := httpcore.ParseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("biometrics: server url: %w", err)
	}
	live, _ := httpcore.ParseBaseURL(DefaultLivenessURL)
	c := &Client{base: base, liveness: live, version: "1.0",
		core: httpcore.Settings{Base: &http.Client{}, Timeout: DefaultTimeout, CallDeadline: DefaultCallDeadline}, retry: DefaultRetryPolicy, sleep: httpcore.SleepCtx}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, fmt.Errorf("biometrics: %w", err)
		}
	}
	for _, u := range []*url.URL{c.base, c.liveness} {
		if err := httpcore.CheckScheme(u, c.core.AllowHTTP); err != nil {
			return nil, fmt.Errorf("biometrics: %w", err)
		}
	}
	hc, err := c.core.HTTPClient("x-biometrid-key", "x-biometrid-secret")
	if err != nil {
		return nil, fmt.Errorf("biometrics: %w", err)
	}
	c.jar = newSessionJar()
	hc.Jar = c.jar
	c.hc = hc
	return c, nil
}

// String describes the client without its credentials.
func (c *Client) String() string {
	return fmt.Sprintf("biometrics.Client{%s api=%s}", c.base.Redacted(), c.version)
}

// GoString keeps credentials out of %#v.
func (c *Client) GoString() string { return c.String() }

// APIVersion returns "1.0" or "1.1".
func (c *Client) APIVersion() string { return c.version }

// ResetSession forgets session cookies (the voice dialogue's biometrid.sid),
// e.g. when the next person steps up to the kiosk.
func (c *Client) ResetSession() { c.jar.reset() }

// request describes one API call.
type request struct {
	op          string
	method      string
	path        string // under /api/<version>/, or absolute on the liveness host
	liveness    bool   // on the 1.0 liveness host, with its own headers
	query       url.Values
	body        []byte
	contentType string
	header      http.Header
	idempotent  bool   // safe to repeat after a transport error or any 5xx
	version     string // pins the path's API version ("" = the client's)
	bare        bool   // the answer has no {status, data} envelope
}

// envelope is the {status, data} wrapper of every normal answer.
type envelope struct {
	Status *bool           `json:"status"`
	Data   json.RawMessage `json:"data"`
}

// answer is a decoded response.
type answer struct {
	http   int
	status bool
	data   json.RawMessage
	msg    Message
	reason string
}

func (c *Client) url(r request) string {
	var u url.URL
	if r.liveness {
		u = *c.liveness
		u.Path += "/" + r.path
	} else {
		v := c.version
		if r.version != "" {
			v = r.version
		}
		u = *c.base
		u.Path += "/api/" + v + "/" + r.path
	}
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	return u.String()
}

// do sends r through the shared loop, retrying per the policy, and
// decodes the envelope. HTTP errors become *APIError; status:false
// answers are returned for the caller to classify.
// The whole call, retries included, ends at the client's call deadline;
// an attempt that fails for it is a *TransportError wrapping
// httpcore.ErrCallDeadline.
func (c *Client) do(parent context.Context, r request) (answer, error) {
	if !r.liveness && (c.key == "" || c.secret == "") {
		// Empty x-biometrid-key/-secret headers would go to a real server.
		return answer{}, fmt.Errorf("biometrics: %s: %w", r.op, ErrNoCredentials)
	}
	loop := c.core.Loop("biometrics")
	loop.MaxRetries, loop.Rule, loop.Sleep = c.retry.MaxRetries, c.retryRule(r), c.sleep
	var a answer
	err := loop.Run(parent, r.op, func(ctx context.Context) error {
		var err error
		a, err = c.once(ctx, r)
		if err != nil && parent.Err() == nil && ctx.Err() != nil {
			err = &TransportError{Client: "biometrics", Op: r.op, Err: fmt.Errorf("%w (%v)", httpcore.ErrCallDeadline, c.core.CallDeadline)}
		}
		return err
	})
	return a, err
}

func (c *Client) once(ctx context.Context, r request) (answer, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, c.url(r), body)
	if err != nil {
		return answer{}, fmt.Errorf("biometrics: %s: build request: %w", r.op, err)
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "biokiosk")
	if !r.liveness {
		req.Header.Set("x-biometrid-key", c.key)
		req.Header.Set("x-biometrid-secret", c.secret)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	ans, err := httpcore.Exchange(c.hc, req, "biometrics", r.op, MaxResponseBytes)
	var te *TransportError
	switch {
	case errors.As(err, &te) && ctx.Err() != nil:
		return answer{}, fmt.Errorf("biometrics: %s: %w", r.op, ctx.Err())
	case err != nil:
		return answer{}, err
	case ans.Cut: // every answer is read whole, an error's too
		return answer{}, &DecodeError{Client: "biometrics", Op: r.op, HTTPStatus: ans.Status, Err: &httpcore.TooLargeError{Limit: MaxResponseBytes}}
	case r.bare:
		return decodeBare(r.op, ans.Status, ans.Body)
	}
	return decodeAnswer(r.op, ans.Status, ans.Body)
}

// decodeBare takes an answer with no envelope (the liveness host's):
// its body is the data.
func decodeBare(op string, code int, raw []byte) (answer, error) {
	if code < 300 {
		return answer{http: code, status: true, data: raw}, nil
	}
	if json.Valid(raw) { // the liveness host's own JSON answer
		return answer{http: code}, &APIError{Op: op, HTTPStatus: code, Body: excerpt(raw)}
	}
	return answer{http: code}, &DecodeError{Client: "biometrics", Op: op, HTTPStatus: code,
		Err: fmt.Errorf("%w: %q", httpcore.ErrNotAPIAnswer, excerpt(raw))}
}

func decodeAnswer(op string, code int, raw []byte) (answer, error) {
	a := answer{http: code}
	var env envelope
	jerr := unmarshalLenient(raw, &env)
	if jerr == nil && env.Status != nil {
		a.status = *env.Status
		a.data = env.Data
		var d struct {
			Message Message `json:"message"`
			Reason  string  `json:"reason"`
			Detail  string  `json:"detail"`
		}
		if len(env.Data) > 0 && env.Data[0] == '{' {
			_ = unmarshalLenient(env.Data, &d) // fields are optional; shape checked by callers
		}
		// Server text enters the client's errors sanitised (no ESC, CR, LF…).
		a.msg, a.reason = Message(httpcore.Sanitize(string(d.Message), maxServerText)), httpcore.Sanitize(d.Reason, maxServerText)
		if a.reason == "" {
			a.reason = httpcore.Sanitize(d.Detail, maxServerText)
		}
	}
	if code >= 300 && jerr == nil && env.Status != nil {
		return a, &APIError{Op: op, HTTPStatus: code, Message: a.msg, Reason: a.reason}
	}
	if code >= 300 {
		// Not a BiometrID answer (e.g. a proxy's HTML 502): no refusal.
		return a, &DecodeError{Client: "biometrics", Op: op, HTTPStatus: code,
			Err: fmt.Errorf("%w: %q", httpcore.ErrNotAPIAnswer, excerpt(raw))}
	}
	if jerr != nil {
		return a, &DecodeError{Client: "biometrics", Op: op, HTTPStatus: code, Err: jerr}
	}
	if env.Status == nil {
		return a, &DecodeError{Client: "biometrics", Op: op, HTTPStatus: code, Err: errors.New("no status field")}
	}
	return a, nil
}

// maxServerText bounds a message or reason a server sends, in runes
// (enough for an engine's own error and the advice after it).
const maxServerText = 1000

// excerpt returns a short printable piece of a non-envelope body, for
// errors (e.g. an HTML error page from a proxy): control characters
// escaped (httpcore.Sanitize), at most 120 runes.
func excerpt(raw []byte) string {
	return httpcore.Sanitize(strings.TrimSpace(string(raw)), 120)
}

// failure turns a status:false answer into an *APIError.
func (a answer) failure(op string) error {
	return &APIError{Op: op, HTTPStatus: a.http, Message: a.msg, Reason: a.reason}
}

// idCarrier is an answer that names users (a created user, a match, a
// duplicate's owner): their ids are checked where they enter the client,
// so a malformed one is never stored, journalled or put in a path.
type idCarrier interface{ serverIDs() []string }

// decodeData unmarshals data into out, naming the call on failure.
func (a answer) decodeData(op string, out any) error {
	if len(a.data) == 0 || string(a.data) == "null" {
		return &DecodeError{Client: "biometrics", Op: op, HTTPStatus: a.http, Err: errors.New("no data")}
	}
	if err := unmarshalLenient(a.data, out); err != nil {
		return &DecodeError{Client: "biometrics", Op: op, HTTPStatus: a.http, Err: err}
	}
	httpcore.SanitizeStrings(out)
	if ids, ok := out.(idCarrier); ok {
		for _, id := range ids.serverIDs() {
			if id == "" {
				continue
			}
			if err := httpcore.CheckID("user id", id); err != nil {
				reflect.ValueOf(out).Elem().SetZero() // nothing of it is handed over
				return &DecodeError{Client: "biometrics", Op: op, HTTPStatus: a.http, Err: err}
			}
		}
	}
	return nil
}
