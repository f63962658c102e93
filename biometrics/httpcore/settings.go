package httpcore

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Settings are the connection options the three clients share: the base
// *http.Client, the per-request timeout, the whole-call deadline, the SPKI
// pins and the http:// permission. A client keeps one as a field, its
// WithHTTPClient, WithTimeout, WithCallDeadline, WithPinnedSPKI and
// WithAllowInsecureHTTP options call the setters below (which validate the
// value the same way for all three), and its New builds the *http.Client
// with HTTPClient. The starting values (e.g. whether the default timeout
// sits on Base or in Timeout) stay each client's own.
type Settings struct {
	// Base is the client whose transport, trusted roots and (when Timeout
	// is 0) timeout are used; HTTPClient works on a copy.
	Base *http.Client
	// Timeout bounds each request; 0 keeps Base's.
	Timeout time.Duration
	// CallDeadline bounds a whole call (the client applies it).
	CallDeadline time.Duration
	// Pins are the accepted SPKI pins; nil: no pinning.
	Pins []string
	// AllowHTTP permits http:// to a non-loopback server (see CheckScheme).
	AllowHTTP bool
}

// SetHTTPClient sets Base; nil is refused.
func (s *Settings) SetHTTPClient(hc *http.Client) error {
	if hc == nil {
		return errors.New("nil HTTP client")
	}
	s.Base = hc
	return nil
}

// SetTimeout sets Timeout, which must be positive.
func (s *Settings) SetTimeout(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("timeout %v: must be positive", d)
	}
	s.Timeout = d
	return nil
}

// SetCallDeadline sets CallDeadline, which must be positive.
func (s *Settings) SetCallDeadline(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("call deadline %v: must be positive", d)
	}
	s.CallDeadline = d
	return nil
}

// SetPins sets a copy of pins, which must pass CheckPins.
func (s *Settings) SetPins(pins []string) error {
	if err := CheckPins(pins); err != nil {
		return err
	}
	s.Pins = append([]string(nil), pins...)
	return nil
}

// HTTPClient builds the client's *http.Client from s (see NewClient):
// Timeout and Pins applied to a copy of Base, same-origin redirects that
// drop the credential headers.
func (s *Settings) HTTPClient(credentialHeaders ...string) (*http.Client, error) {
	return NewClient(s.Base, Config{Timeout: s.Timeout, Pins: s.Pins, CredentialHeaders: credentialHeaders})
}
