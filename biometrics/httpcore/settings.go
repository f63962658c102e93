package httpcore

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Settings are the connection options the three clients share: the base
// *http.Client, the per-request timeout, the whole-call deadline, the SPKI
// pins, the http:// permission and the logger of the request loop. A
// client keeps one as a field; its With* options of the same names wrap
// the Options below (which validate the value the same way for all
// three), its New builds the *http.Client with HTTPClient, and its calls
// run through Loop. The starting values (e.g. whether the default timeout
// sits on Base or in Timeout) stay each client's own.
type Settings struct {
	// Base is the client whose transport, trusted roots and (when Timeout
	// is 0) timeout are used; HTTPClient works on a copy.
	Base *http.Client
	// Timeout bounds each request; 0 keeps Base's.
	Timeout time.Duration
	// CallDeadline bounds a whole call (see Loop.Deadline).
	CallDeadline time.Duration
	// Pins are the accepted SPKI pins; nil: no pinning.
	Pins []string
	// AllowHTTP permits http:// to a non-loopback server (see CheckScheme).
	AllowHTTP bool
	// Logger receives the request loop's retry decisions; nil: none.
	Logger *slog.Logger
}

// Option sets one of the shared Settings; a refused value changes
// nothing.
type Option func(*Settings) error

// WithHTTPClient uses hc's transport (proxies, trusted roots) and, when
// WithTimeout is not given, its timeout; the client applies its own
// timeout, pinning and redirect policy to a copy. nil is refused.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *Settings) error {
		if hc == nil {
			return errors.New("nil HTTP client")
		}
		s.Base = hc
		return nil
	}
}

// WithTimeout bounds each HTTP attempt; d must be positive.
func WithTimeout(d time.Duration) Option {
	return func(s *Settings) error {
		if d <= 0 {
			return fmt.Errorf("timeout %v: must be positive", d)
		}
		s.Timeout = d
		return nil
	}
}

// WithCallDeadline bounds each call as a whole: every attempt, the waits
// between them and a token renewal it needs; past it the call fails
// SERVER_UNREACHABLE. d must be positive.
func WithCallDeadline(d time.Duration) Option {
	return func(s *Settings) error {
		if d <= 0 {
			return fmt.Errorf("call deadline %v: must be positive", d)
		}
		s.CallDeadline = d
		return nil
	}
}

// WithPinnedSPKI makes the client accept a TLS server only when its
// verified chain holds one of pins (see SPKIPin; each must pass
// CheckPins; they are copied). Normal certificate verification still
// applies.
func WithPinnedSPKI(pins ...string) Option {
	return func(s *Settings) error {
		if err := CheckPins(pins); err != nil {
			return err
		}
		s.Pins = append([]string(nil), pins...)
		return nil
	}
}

// WithAllowInsecureHTTP permits http:// to a non-loopback server.
func WithAllowInsecureHTTP() Option {
	return func(s *Settings) error { s.AllowHTTP = true; return nil }
}

// WithLogger logs the request loop's decisions to l (see Loop.Run: the
// call, the attempt, the reason and the wait; never a body, an image, an
// id or a credential). nil is refused: leave the option out to log
// nothing.
func WithLogger(l *slog.Logger) Option {
	return func(s *Settings) error {
		if l == nil {
			return errors.New("nil logger")
		}
		s.Logger = l
		return nil
	}
}

// HTTPClient builds the client's *http.Client from s (see NewClient):
// Timeout and Pins applied to a copy of Base, same-origin redirects that
// drop the credential headers.
func (s *Settings) HTTPClient(credentialHeaders ...string) (*http.Client, error) {
	return NewClient(s.Base, Config{Timeout: s.Timeout, Pins: s.Pins, CredentialHeaders: credentialHeaders})
}

// Loop is the request loop for a client's calls: named client, the call
// deadline and the logger set; the caller adds its retry rule.
func (s *Settings) Loop(client string) Loop {
	return Loop{Client: client, Deadline: s.CallDeadline, Logger: s.Logger}
}
