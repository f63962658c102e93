package biometrics

import (
	"crypto/x509"

	"biokiosk/biometrics/httpcore"
)

// ErrPinMismatch says the server's certificate chain holds none of the
// pinned public keys.
var ErrPinMismatch = httpcore.ErrPinMismatch

// SPKIPin is the pin of a certificate: the base64 SHA-256 of its
// SubjectPublicKeyInfo (the HPKP / `openssl … | openssl dgst -sha256
// -binary | base64` form).
func SPKIPin(cert *x509.Certificate) string { return httpcore.SPKIPin(cert) }

// WithPinnedSPKI makes the client accept a TLS server only when its
// verified chain holds one of the pinned keys (for kiosk fleets, so a
// corporate proxy or a mis-issued certificate cannot read biometric
// data). Normal certificate verification still applies; proxies from the
// environment are still honoured. It builds on the transport (and trusted
// roots) of WithHTTPClient, given before or after it.
func WithPinnedSPKI(pins ...string) Option {
	return shared(httpcore.WithPinnedSPKI(pins...))
}
