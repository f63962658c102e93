// Package biopassid is a client for BioPass ID's Multibiometrics API
// (../shared/spec/biopassid-api.md): enroll, verify (1:1), update and
// delete a Person identified by a caller-chosen CustomID, with base64 face
// and fingerprint images, authenticated by an Ocp-Apim-Subscription-Key.
// There is no 1:N search, no score and no person lookup in that API.
package biopassid

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"biokiosk/biometrics/httpcore"
)

// DefaultURL is the production host; HomologationURL the test host.
const (
	DefaultURL      = "https://api.biopassid.com"
	HomologationURL = "https://hml-api.biopassid.com"
)

// MaxFingers is how many finger images a Person may carry (Finger-1..10).
const MaxFingers = 10

// DefaultTimeout bounds each request unless WithTimeout or WithHTTPClient
// says otherwise.
const DefaultTimeout = 30 * time.Second

// DefaultCallDeadline bounds a whole call, its rate-limit waits and
// repeats included.
const DefaultCallDeadline = 45 * time.Second

// maxAnswerBytes caps what is read of an answer.
const maxAnswerBytes = 1 << 20

// Client calls the Multibiometrics API.
type Client struct {
	base     *url.URL
	key      string
	core     httpcore.Settings                 // the shared connection options
	hc       *http.Client                      // built from core by New
	rateWait func(time.Duration) time.Duration // tests shorten the rate-limit waits
}

// Option configures a Client; an invalid option makes New fail.
type Option func(*Client) error

// shared applies one of the connection options the clients share.
func shared(o httpcore.Option) Option {
	return func(c *Client) error { return o(&c.core) }
}

// The connection options; the httpcore option of each name says what it
// does.

// WithHTTPClient uses hc's transport, roots and timeout (httpcore.WithHTTPClient).
func WithHTTPClient(hc *http.Client) Option { return shared(httpcore.WithHTTPClient(hc)) }

// WithTimeout bounds each request (default 30 s, or WithHTTPClient's).
func WithTimeout(d time.Duration) Option { return shared(httpcore.WithTimeout(d)) }

// WithCallDeadline bounds each call, rate-limit waits included (default 45 s).
func WithCallDeadline(d time.Duration) Option { return shared(httpcore.WithCallDeadline(d)) }

// WithPinnedSPKI pins the server's public keys (httpcore.WithPinnedSPKI).
func WithPinnedSPKI(pins ...string) Option { return shared(httpcore.WithPinnedSPKI(pins...)) }

// WithAllowInsecureHTTP permits http:// to a non-loopback server.
func WithAllowInsecureHTTP() Option { return shared(httpcore.WithAllowInsecureHTTP()) }

// WithLogger logs each rate-limit decision to l (httpcore.WithLogger).
func WithLogger(l *slog.Logger) Option { return shared(httpcore.WithLogger(l)) }

// New returns a client for baseURL with the subscription key. http:// is
// accepted only for loopback hosts (the sandbox) unless
// WithAllowInsecureHTTP is given.
func New(baseURL, key string, opts ...Option) (*Client, error) {
	u, err := httpcore.ParseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("biopassid: base URL: %w", err)
	}
	if key == "" {
		return nil, errors.New("biopassid: no subscription key")
	}
	c := &Client{base: u, key: key, core: httpcore.Settings{Base: &http.Client{Timeout: DefaultTimeout}, CallDeadline: DefaultCallDeadline}}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, fmt.Errorf("biopassid: %w", err)
		}
	}
	if err := httpcore.CheckScheme(u, c.core.AllowHTTP); err != nil {
		return nil, fmt.Errorf("biopassid: %w", err)
	}
	if c.hc, err = c.core.HTTPClient("Ocp-Apim-Subscription-Key"); err != nil {
		return nil, fmt.Errorf("biopassid: %w", err)
	}
	return c, nil
}

// Person is the request envelope's content.
type Person struct {
	CustomID string
	// Face is one face image (JPEG or PNG), or nil.
	Face []byte
	// Fingers are up to ten fingerprint images (Finger-1..Finger-10, in
	// order; which finger is which is the caller's convention).
	Fingers [][]byte
}

// wire form: {"Person":{"CustomID":…,"Face":[{"Face-1":…}],"Fingers":[{"Finger-1":…},…]}}
type wirePerson struct {
	CustomID string              `json:"CustomID"`
	Face     []map[string]string `json:"Face,omitempty"`
	Fingers  []map[string]string `json:"Fingers,omitempty"`
}

func (p Person) wire() (wirePerson, error) {
	w := wirePerson{CustomID: p.CustomID}
	if p.Face != nil {
		w.Face = []map[string]string{{"Face-1": base64.StdEncoding.EncodeToString(p.Face)}}
	}
	if len(p.Fingers) > MaxFingers {
		return w, fmt.Errorf("biopassid: %d finger images, at most %d", len(p.Fingers), MaxFingers)
	}
	for i, f := range p.Fingers {
		w.Fingers = append(w.Fingers, map[string]string{fmt.Sprintf("Finger-%d", i+1): base64.StdEncoding.EncodeToString(f)})
	}
	return w, nil
}

// Result is the answer's Person.
type Result struct {
	ClientID     string `json:"ClientID,omitempty"`
	CustomID     string `json:"CustomID"`
	BioPassID    string `json:"BioPassID,omitempty"`
	Match        bool   `json:"Match"`
	MatchDetails struct {
		FaceMatched       bool     `json:"FaceMatched"`
		NonMatchedFingers []string `json:"NonMatchedFingers"`
	} `json:"MatchDetails"`
}

// TransportError is a call that got no answer (or an unreadable one);
// Code is SERVER_UNREACHABLE. It is the type the three clients share.
type TransportError = httpcore.TransportError

// DecodeError is a success status whose answer is longer than the client
// reads; Code is MALFORMED_RESPONSE. It is the type the three clients
// share. (Other unexpected answers are *Error: the API's "Failed to
// extract face template" is plain text with no documented status.)
type DecodeError = httpcore.DecodeError

// ErrInsecureURL says New was given http:// to a non-loopback host without
// WithAllowInsecureHTTP; ErrPinMismatch that a pinned server's chain holds
// none of the pins.
var (
	ErrInsecureURL = httpcore.ErrInsecureURL
	ErrPinMismatch = httpcore.ErrPinMismatch
)

// Rate limits (APIM's 429; the docs: NOT FOUND): a call is repeated at
// most RateLimitRetries times, after the answer's Retry-After when it is
// at most MaxRateLimitWait, else after 1 s, then 2 s; a longer
// Retry-After, or a last 429, is returned as RATE_LIMITED. APIM refuses
// before the API sees the request, so a repeat cannot enrol twice.
const (
	RateLimitRetries = 2
	MaxRateLimitWait = 10 * time.Second
)

// call sends the request through the shared loop, repeating it after a
// rate limit (see RateLimitRetries).
func (c *Client) call(ctx context.Context, op, method, path string, p Person, sh answerShape) (Result, error) {
	loop := c.core.Loop("biopassid")
	loop.MaxRetries, loop.Rule, loop.Sleep = RateLimitRetries, rateLimitRule, c.wait
	var r Result
	err := loop.Run(ctx, op, func(ctx context.Context) error {
		var err error
		r, err = c.once(ctx, op, method, path, p, sh)
		return err
	})
	return r, err
}

// rateLimitRule repeats a 429 after its Retry-After, or 1 s then 2 s
// without one; a Retry-After over MaxRateLimitWait is not waited for.
func rateLimitRule(attempt int, err error) httpcore.Decision {
	var e *Error
	switch {
	case !errors.As(err, &e) || e.Status != http.StatusTooManyRequests:
		return httpcore.Stop("not a rate limit")
	case e.RetryAfter > MaxRateLimitWait:
		return httpcore.Stop("rate limited for longer than MaxRateLimitWait")
	case e.RetryAfter > 0:
		return httpcore.Repeat(e.RetryAfter, "rate limited, waiting the Retry-After")
	}
	return httpcore.Repeat(time.Duration(attempt+1)*time.Second, "rate limited")
}

// wait sleeps d (as rateWait shortens it) or until ctx ends.
func (c *Client) wait(ctx context.Context, d time.Duration) error {
	if c.rateWait != nil {
		d = c.rateWait(d)
	}
	return httpcore.SleepCtx(ctx, d)
}

// answerShape says what a call's success answer must hold.
type answerShape int

const (
	// withPerson: a Person naming the CustomID sent (enroll, verify, update).
	withPerson answerShape = iota
	// personOptional: the SDK's Partial<PersonResponseDTO> (delete): {},
	// {"Success":true,"Message":…} or a Person naming the CustomID sent.
	personOptional
)

// once sends the request once.
func (c *Client) once(ctx context.Context, op, method, path string, p Person, sh answerShape) (Result, error) {
	w, err := p.wire()
	if err != nil {
		return Result{}, err
	}
	body, err := json.Marshal(map[string]wirePerson{"Person": w})
	if err != nil {
		return Result{}, err
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, bytes.NewReader(body))
	if err != nil {
		return Result{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Ocp-Apim-Subscription-Key", c.key)
	ans, err := httpcore.Exchange(c.hc, req, "biopassid", op, maxAnswerBytes)
	if err != nil {
		return Result{}, err
	}
	return decodeAnswer(op, ans, p.CustomID, sh)
}

// decodeAnswer reads an answer to a request for customID.
func decodeAnswer(op string, ans httpcore.Answer, customID string, sh answerShape) (Result, error) {
	raw := ans.Body
	if ans.Status >= 300 && isPage(ans.Header.Get("Content-Type"), raw) {
		// A proxy's HTML page, not the API's text or APIM's JSON: no refusal.
		text := strings.TrimSpace(string(raw[:min(len(raw), 120)]))
		return Result{}, &DecodeError{Client: "biopassid", Op: op, HTTPStatus: ans.Status,
			Err: fmt.Errorf("%w: %q", httpcore.ErrNotAPIAnswer, httpcore.Sanitize(text, 120))}
	}
	var out struct {
		Success *bool   `json:"Success"`
		Person  *Result `json:"Person"`
		Message string  `json:"Message"`
	}
	jerr := json.Unmarshal(raw, &out)
	failed := out.Success != nil && !*out.Success
	if sh == personOptional && ans.Status < 300 && jerr == nil && !failed && out.Person == nil {
		// The delete answer may carry no Person (the SDK's type is partial).
		return Result{CustomID: customID}, nil
	}
	if ans.Status >= 300 || jerr != nil || out.Person == nil || failed {
		text := strings.TrimSpace(string(raw))
		if jerr == nil && out.Message != "" {
			text = out.Message
		}
		// Server text enters the error sanitised (no ESC, CR, LF…).
		return Result{}, &Error{Op: op, Status: ans.Status, Text: httpcore.Sanitize(text, 200), Unsuccessful: failed,
			RetryAfter: httpcore.RetryAfter(ans.Header)}
	}
	if err := checkAnswer(*out.Person, customID); err != nil {
		return Result{}, &DecodeError{Client: "biopassid", Op: op, HTTPStatus: ans.Status, Err: err}
	}
	httpcore.SanitizeStrings(out.Person)
	return *out.Person, nil
}

// ErrCustomIDMismatch says an answer named another person than the
// request's CustomID (a *DecodeError wraps it: MALFORMED_RESPONSE).
var ErrCustomIDMismatch = errors.New("the answer names another CustomID")

// checkAnswer checks a Person answered to a request for customID: it
// must echo that CustomID (every documented answer does), and its
// BioPassID and ClientID, which the kiosk stores, must be plain ids.
func checkAnswer(r Result, customID string) error {
	if r.CustomID != customID {
		return fmt.Errorf("%w: %q, sent %q", ErrCustomIDMismatch, httpcore.Sanitize(r.CustomID, 40), customID)
	}
	return httpcore.CheckVendorIDs(map[string]string{"BioPassID": r.BioPassID, "ClientID": r.ClientID})
}

// Enroll creates the person with its biometrics.
func (c *Client) Enroll(ctx context.Context, p Person) (Result, error) {
	return c.call(ctx, "enroll", http.MethodPost, "/multibiometrics/enroll", p, withPerson)
}

// Verify checks the biometrics against the enrolled person (Match).
func (c *Client) Verify(ctx context.Context, p Person) (Result, error) {
	return c.call(ctx, "verify", http.MethodPost, "/multibiometrics/verify", p, withPerson)
}

// Update replaces the person's biometrics.
func (c *Client) Update(ctx context.Context, p Person) (Result, error) {
	return c.call(ctx, "update", http.MethodPut, "/multibiometrics/update", p, withPerson)
}

// Delete removes the person. The answer's Person may be absent (the
// SDK's Partial<PersonResponseDTO>: {} or {"Success":true,"Message":…});
// a Person it carries must name customID.
func (c *Client) Delete(ctx context.Context, customID string) (Result, error) {
	return c.call(ctx, "delete", http.MethodDelete, "/multibiometrics/delete", Person{CustomID: customID}, personOptional)
}

// Check asks the server, changing nothing, whether it answers and takes
// the subscription key: a verify naming CheckCustomID with no face and
// no finger, which the API refuses as incomplete (the docs: 400 "Invalid
// JSON format"; a server that looks the CustomID up first answers 404).
// A 401 or 403 refuses the key, 429 is the rate limit, 5xx or no answer
// an unreachable server: those are returned; any other answer is nil.
// Nothing is enrolled, updated or deleted, whatever the server does.
func (c *Client) Check(ctx context.Context) error {
	_, err := c.call(ctx, "check", http.MethodPost, "/multibiometrics/verify", Person{CustomID: CheckCustomID}, withPerson)
	var e *Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden || e.Status == http.StatusTooManyRequests || e.Status >= 500 {
			return err
		}
		return nil
	}
	return err
}

// CheckCustomID is the CustomID Check names: 24 zeros, which the kiosk
// never mints (its ids are random).
const CheckCustomID = "000000000000000000000000"

// isPage reports whether an answer is an HTML page (by its type or its
// first byte): the API answers errors as plain text, APIM as JSON.
func isPage(contentType string, raw []byte) bool {
	b := bytes.TrimSpace(raw)
	return strings.HasPrefix(strings.ToLower(contentType), "text/html") || (len(b) > 0 && b[0] == '<')
}
