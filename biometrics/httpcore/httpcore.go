// Package httpcore is the HTTP plumbing the three vendor clients share:
// base-URL parsing and the https policy, an *http.Client builder with a
// timeout, SPKI pinning and same-origin redirects, the shared options,
// one HTTP exchange with the response body limit (Exchange), the
// transport and decode error types, and the one request loop (Loop:
// call deadline, retry decisions and their log, waits).
package httpcore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"
)

// ErrInsecureURL says a base URL is plain http to a non-loopback host
// without an explicit permission.
var ErrInsecureURL = errors.New("http:// is allowed only for loopback servers unless explicitly permitted")

// ParseBaseURL parses a server's base URL (a trailing slash is dropped):
// the scheme must be http or https, the host set, and no credentials in
// the URL. It does not apply the https policy (see CheckScheme).
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q: scheme must be http or https", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q: no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%q: credentials in the URL are not allowed", u.Redacted())
	}
	return u, nil
}

// CheckScheme applies the https policy to u: http:// is refused (with an
// error wrapping ErrInsecureURL) unless the host is loopback or allowHTTP
// is set.
func CheckScheme(u *url.URL, allowHTTP bool) error {
	if u.Scheme == "http" && !allowHTTP && !IsLoopback(u.Hostname()) {
		return fmt.Errorf("%s: %w", u.Redacted(), ErrInsecureURL)
	}
	return nil
}

// IsLoopback reports whether host is "localhost" or a loopback IP.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// TooLargeError says a response body was longer than the read limit.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string { return fmt.Sprintf("answer larger than %d bytes", e.Limit) }

// ReadBody reads r up to limit bytes. A longer body gives its first limit
// bytes and a *TooLargeError; a read failure gives what was read and that
// error.
func ReadBody(r io.Reader, limit int64) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return raw, fmt.Errorf("read answer: %w", err)
	}
	if int64(len(raw)) > limit {
		return raw[:limit], &TooLargeError{Limit: limit}
	}
	return raw, nil
}

// ScrubURLError drops the request URL (which may carry query parameters
// such as a person's name) from a net/http error's text, keeping the
// operation and the cause.
func ScrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// SleepCtx sleeps for d or until ctx ends, returning ctx's error then.
func SleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
