package app

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"biokiosk/adapters"
	"biokiosk/biometrics/verifik"
)

// Verifik settings for a real server (the URL comes from --server, the
// environment or the config file, as for every back end).
const (
	EnvVerifikToken       = "BIOKIOSK_VERIFIK_TOKEN"
	EnvVerifikProject     = "BIOKIOSK_VERIFIK_PROJECT"
	EnvVerifikFlow        = "BIOKIOSK_VERIFIK_FLOW"
	EnvVerifikCollection  = "BIOKIOSK_VERIFIK_COLLECTION"
	EnvVerifikEmailDomain = "BIOKIOSK_VERIFIK_EMAIL_DOMAIN"
)

// verifikKeyringEntry is the OS keyring entry that holds the client JWT
// (renewed tokens are put there; it is read when the environment has none).
const verifikKeyringEntry = "verifik-token"

// verifikSettings are what the Verifik back end needs besides the URL.
type verifikSettings struct {
	Token, Project, Flow, Collection, EmailDomain string
	// Renewed, when set, receives each renewed client JWT.
	Renewed func(jwt string)
	// AllowInsecureHTTP is --allow-insecure-http; HTTP, when set, is the
	// App's HTTP client (the pins and the metrics).
	AllowInsecureHTTP bool
	HTTP              *http.Client
	// Log, when set, receives the client's retry decisions and failed
	// renewals.
	Log *slog.Logger
}

// verifikSettingsFromEnv reads the settings from the environment; the
// token is the one of the environment and the OS keyring that expires
// later (renewed tokens go to the keyring only).
func verifikSettingsFromEnv(getenv func(string) string) verifikSettings {
	return verifikSettingsFrom(getenv, KeyringSecret(verifikKeyringEntry))
}

// verifikSettingsFrom is verifikSettingsFromEnv with the keyring's token
// given.
func verifikSettingsFrom(getenv func(string) string, keyringToken string) verifikSettings {
	return verifikSettings{Token: laterToken(getenv(EnvVerifikToken), keyringToken), Project: getenv(EnvVerifikProject), Flow: getenv(EnvVerifikFlow),
		Collection: getenv(EnvVerifikCollection), EmailDomain: getenv(EnvVerifikEmailDomain)}
}

// laterToken picks the JWT with the later exp; one whose exp cannot be
// read loses to one whose can (and the environment's wins a tie, so a
// bad token still gets its clear error from the client).
func laterToken(env, keyring string) string {
	switch {
	case keyring == "":
		return env
	case env == "":
		return keyring
	}
	ke, kerr := verifik.TokenExpiry(keyring)
	if kerr != nil {
		return env
	}
	ee, eerr := verifik.TokenExpiry(env)
	if eerr != nil || ke.After(ee) {
		return keyring
	}
	return env
}

// newVerifik builds the Verifik back end on baseURL (http only to
// loopback).
func newVerifik(baseURL string, s verifikSettings, timeout time.Duration) (*adapters.Verifik, error) {
	switch {
	case s.Token == "":
		return nil, fmt.Errorf("verifik: no client JWT: log in by email or phone OTP and set %s", EnvVerifikToken)
	case s.Project == "" || s.Flow == "":
		return nil, fmt.Errorf("verifik: set %s and %s (the project and its active onboarding flow)", EnvVerifikProject, EnvVerifikFlow)
	}
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []verifik.Option{verifik.WithTimeout(timeout), verifik.WithToken(s.Token),
		verifik.WithProject(s.Project), verifik.WithProjectFlow(s.Flow), verifik.WithCollection(s.Collection)}
	if s.AllowInsecureHTTP {
		opts = append(opts, verifik.WithAllowInsecureHTTP())
	}
	if s.HTTP != nil {
		opts = append(opts, verifik.WithHTTPClient(s.HTTP))
	}
	if s.Renewed != nil {
		opts = append(opts, verifik.WithTokenRenewed(s.Renewed))
	}
	if s.Log != nil {
		opts = append(opts, verifik.WithLogger(s.Log))
	}
	c, err := verifik.New(baseURL, opts...)
	if err != nil {
		return nil, fmt.Errorf("verifik: %w", err)
	}
	return adapters.NewVerifik(c, s.EmailDomain), nil
}
