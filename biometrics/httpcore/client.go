package httpcore

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrPinMismatch says the server's certificate chain holds none of the
// pinned public keys.
var ErrPinMismatch = errors.New("certificate pin mismatch")

// ErrRedirectRefused says the server redirected to another origin (scheme,
// host or port), where the request's credential headers must not go.
var ErrRedirectRefused = errors.New("redirect to another origin refused")

// maxRedirects is net/http's own default limit.
const maxRedirects = 10

// Config is what NewClient sets on top of a base client.
type Config struct {
	// Timeout bounds each request; 0 keeps the base client's.
	Timeout time.Duration
	// Pins, when set, are the accepted SPKI pins (see SPKIPin and
	// CheckPins): a TLS server is accepted only when its verified chain
	// holds one of them.
	Pins []string
	// CredentialHeaders are removed from every redirected request, so a
	// redirect, even within the origin, never carries them again.
	CredentialHeaders []string
}

// SPKIPin is the pin of a certificate: the base64 SHA-256 of its
// SubjectPublicKeyInfo (the HPKP / `openssl … | openssl dgst -sha256
// -binary | base64` form).
func SPKIPin(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// CheckPins reports whether pins is a non-empty list of base64 SHA-256
// values.
func CheckPins(pins []string) error {
	if len(pins) == 0 {
		return errors.New("pinning: no pins given")
	}
	for _, p := range pins {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil || len(b) != sha256.Size {
			return fmt.Errorf("pinning: %q is not a base64 SHA-256", p)
		}
	}
	return nil
}

// NewClient returns a copy of base (a new client when nil; base itself is
// never changed) with cfg applied, whose redirects never leave the
// request's origin (a change of scheme, https to http included, is
// another origin) and never carry cfg's credential headers.
// Pinning builds on base's *http.Transport (its trusted roots and proxy),
// or on a clone of http.DefaultTransport for any other transport; normal
// certificate verification still applies.
func NewClient(base *http.Client, cfg Config) (*http.Client, error) {
	hc := &http.Client{}
	if base != nil {
		cp := *base
		hc = &cp
	}
	if cfg.Timeout > 0 {
		hc.Timeout = cfg.Timeout
	}
	if cfg.Pins != nil {
		t, err := pinnedTransport(hc.Transport, cfg.Pins)
		if err != nil {
			return nil, err
		}
		hc.Transport = t
	}
	hc.CheckRedirect = sameOrigin(hc.CheckRedirect, cfg.CredentialHeaders)
	return hc, nil
}

// pinnedTransport clones rt (or the default transport) with a TLS check
// that the verified chain holds one of pins.
func pinnedTransport(rt http.RoundTripper, pins []string) (*http.Transport, error) {
	if err := CheckPins(pins); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, p := range pins {
		set[p] = true
	}
	var t *http.Transport
	if ht, ok := rt.(*http.Transport); ok {
		t = ht.Clone()
	} else {
		dt, ok := http.DefaultTransport.(*http.Transport)
		if !ok {
			return nil, errors.New("pinning: unexpected default transport")
		}
		t = dt.Clone()
	}
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	prev := t.TLSClientConfig.VerifyConnection
	t.TLSClientConfig.VerifyConnection = func(cs tls.ConnectionState) error {
		if prev != nil {
			if err := prev(cs); err != nil {
				return err
			}
		}
		for _, chain := range cs.VerifiedChains {
			for _, cert := range chain {
				if set[SPKIPin(cert)] {
					return nil
				}
			}
		}
		return ErrPinMismatch
	}
	return t, nil
}

// sameOrigin refuses a redirect that leaves the first request's origin,
// strips the credential headers from the redirected request, then applies
// next (or net/http's limit of ten redirects).
func sameOrigin(next func(*http.Request, []*http.Request) error, credentials []string) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && origin(req.URL) != origin(via[0].URL) {
			return fmt.Errorf("%w: %s to %s", ErrRedirectRefused, origin(via[0].URL), origin(req.URL))
		}
		for _, h := range credentials {
			req.Header.Del(h)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
}

// origin is scheme://host:port with the scheme's default port filled in.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}
