package biometrics

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
)

// ErrPinMismatch says the server's certificate chain holds none of the
// pinned public keys.
var ErrPinMismatch = errors.New("certificate pin mismatch")

// SPKIPin is the pin of a certificate: the base64 SHA-256 of its
// SubjectPublicKeyInfo (the HPKP / `openssl … | openssl dgst -sha256
// -binary | base64` form).
func SPKIPin(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// WithPinnedSPKI makes the client accept a TLS server only when its
// verified chain holds one of the pinned keys (for kiosk fleets, so a
// corporate proxy or a mis-issued certificate cannot read biometric
// data). Normal certificate verification still applies; proxies from the
// environment are still honoured. Give it after WithHTTPClient, whose
// transport (and trusted roots) it builds on.
func WithPinnedSPKI(pins ...string) Option {
	return func(c *Client) error {
		if len(pins) == 0 {
			return fmt.Errorf("pinning: no pins given")
		}
		set := map[string]bool{}
		for _, p := range pins {
			b, err := base64.StdEncoding.DecodeString(p)
			if err != nil || len(b) != sha256.Size {
				return fmt.Errorf("pinning: %q is not a base64 SHA-256", p)
			}
			set[p] = true
		}
		base, ok := http.DefaultTransport.(*http.Transport)
		if !ok {
			return fmt.Errorf("pinning: unexpected default transport")
		}
		t := base.Clone()
		if c.hc.Transport != nil {
			if ht, ok := c.hc.Transport.(*http.Transport); ok {
				t = ht.Clone()
			}
		}
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{}
		}
		t.TLSClientConfig.VerifyConnection = func(cs tls.ConnectionState) error {
			for _, chain := range cs.VerifiedChains {
				for _, cert := range chain {
					if set[SPKIPin(cert)] {
						return nil
					}
				}
			}
			return ErrPinMismatch
		}
		hc := *c.hc // never change a caller's http.Client
		hc.Transport = t
		c.hc = &hc
		return nil
	}
}
