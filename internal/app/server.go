package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"biokiosk/biometrics"
	"biokiosk/biometrics/httpcore"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/logging"
	"biokiosk/sandbox"
)

// ServerSettings are the server options besides the environment and the
// config file.
type ServerSettings struct {
	config.Flags
	// Timeout bounds each HTTP attempt (0: the client's default).
	Timeout time.Duration
	// LivenessURL is the 1.0 liveness host ("" for the default).
	LivenessURL string
	// PinnedSPKI, when set, are the only public keys (base64 SHA-256 of
	// the SPKI) accepted in the server's certificate chain.
	PinnedSPKI []string
}

// ErrNoServer says no server was configured: on a fleet kiosk (which puts
// itself out of service with it), or on a developer's machine when the
// embedded sandbox, started instead, failed too.
var ErrNoServer = errors.New("no server configured: pass --server, set " + config.EnvServer + ", or add \"server\" to the config file")

// ErrNotSupported marks an action the configured back end lacks.
var ErrNotSupported = errors.New("not supported by this back end")

// ResolveServer merges flags, environment, the user's config file and the
// system-wide one; a secret found in none of them is looked up in the OS
// keyring.
func ResolveServer(f config.Flags) (config.Server, error) {
	file, err := config.LoadEffective(os.Getenv)
	if err != nil {
		return config.Server{}, fmt.Errorf("config: %w", err)
	}
	srv := config.Resolve(f, os.Getenv, file)
	if srv.Secret == "" {
		// Last: the OS keyring, where the GUI's settings put the secret.
		srv.Secret = KeyringSecret(srv.Key)
	}
	return srv, nil
}

// Reload resolves the server settings (flags, environment, config file,
// OS keyring): at the GUI's start-up, and through ConfigStore when its
// settings are saved.
func (a *App) Reload() {
	srv, err := ResolveServer(a.set.Server.Flags)
	caps := flow.AllCapabilities // with an error, the session itself reports it
	if err == nil {
		caps = CapabilitiesOf(srv.Backend)
	}
	fleet, why := config.Fleet(os.Getenv)
	a.mu.Lock()
	a.srv, a.srvErr, a.caps, a.resolved = srv, err, caps, true
	a.fleet, a.fleetWhy = fleet, why
	a.mu.Unlock()
	a.forgetServerCheck()
	a.metrics.setBackend(a.BackendKind())
}

// Backend kinds, for /healthz and /metrics.
const (
	KindServer  = "server"  // a configured biometric API
	KindSandbox = "sandbox" // the embedded sandbox
	KindNone    = "none"    // a fleet kiosk with no server: out of service
)

// BackendKind says what the kiosk talks to: its back end's kind, its
// API, and whether it is a fleet kiosk (config.Fleet).
type BackendKind struct {
	Kind  string `json:"kind"`
	API   string `json:"api"`
	Fleet bool   `json:"fleet"`
	// Why the kiosk counts as a fleet kiosk ("" on a developer's machine).
	FleetWhy string `json:"fleet_reason,omitempty"`
}

// BackendKind is what the resolved settings point at.
func (a *App) BackendKind() BackendKind {
	srv, _, _ := a.resolvedServer()
	a.mu.Lock()
	k := BackendKind{API: srv.Backend, Fleet: a.fleet, FleetWhy: a.fleetWhy}
	a.mu.Unlock()
	switch {
	case srv.Sandbox || (!srv.Configured() && !k.Fleet):
		k.Kind = KindSandbox
	case srv.Configured():
		k.Kind = KindServer
	default:
		k.Kind = KindNone
	}
	return k
}

// resolvedServer returns the resolved settings, resolving them first if
// no one has.
func (a *App) resolvedServer() (config.Server, flow.Capabilities, error) {
	a.mu.Lock()
	ok := a.resolved
	a.mu.Unlock()
	if !ok {
		a.Reload()
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.srv, a.caps, a.srvErr
}

// Capabilities is what the configured back end can do: a field read once
// the settings are resolved.
func (a *App) Capabilities() flow.Capabilities {
	_, caps, _ := a.resolvedServer()
	return caps
}

// Server returns the resolved server settings or, when the config asks
// for the sandbox (backend "sandbox") or, on a developer's machine, names
// no server, points them at the embedded sandbox (started once, on first
// use), which it returns too. A fleet kiosk (config.Fleet) without a
// server gets ErrNoServer with the reason: it never falls back on the
// sandbox silently.
func (a *App) Server(ctx context.Context) (config.Server, *Sandbox, error) {
	srv, _, err := a.resolvedServer()
	if err != nil {
		return srv, nil, err
	}
	if !srv.Sandbox {
		if srv.Configured() {
			return srv, nil, nil
		}
		a.mu.Lock()
		fleet, why := a.fleet, a.fleetWhy
		a.mu.Unlock()
		if fleet {
			return srv, nil, fmt.Errorf("%w: this is a fleet kiosk (%s), which never falls back on the embedded sandbox (set \"backend\": \"sandbox\" to run one on purpose)", ErrNoServer, why)
		}
	}
	a.sbMu.Lock()
	defer a.sbMu.Unlock()
	if a.sb == nil {
		db, err := SandboxDBPath()
		if err == nil {
			a.sb, err = StartSandbox(ctx, "127.0.0.1:0", sandbox.Config{DB: db, CheckPrompt: os.Getenv(config.EnvSandboxCheckPrompt) == "1", Logger: logging.AtLeast(a.log, slog.LevelWarn).With("component", "sandbox")})
		}
		if err != nil {
			return srv, nil, fmt.Errorf("%w; and the embedded sandbox did not start: %w", ErrNoServer, err)
		}
		if srv.Sandbox {
			a.log.Info("the config asks for the embedded sandbox: using it", "url", a.sb.URL, "database", db)
		} else {
			a.log.Warn("no server configured, using the embedded sandbox", "url", a.sb.URL, "database", db)
		}
	}
	srv.URL, srv.Key, srv.Secret, srv.AllowInsecureHTTP = a.sb.URL, a.sb.Key, a.sb.Secret, true
	return srv, a.sb, nil
}

// Client is a BiometrID client on the server (or the embedded sandbox),
// whatever back end is configured.
func (a *App) Client(ctx context.Context) (*biometrics.Client, error) {
	srv, _, err := a.Server(ctx)
	if err != nil {
		return nil, err
	}
	return a.newAPIClient(srv)
}

// newAPIClient builds a BiometrID client for resolved settings, on the
// App's metered transport (which carries the pins).
func (a *App) newAPIClient(srv config.Server) (*biometrics.Client, error) {
	hc, err := a.httpClient()
	if err != nil {
		return nil, err
	}
	s := a.set.Server
	opts := []biometrics.Option{biometrics.WithHTTPClient(hc), biometrics.WithAPIVersion(srv.APIVersion), biometrics.WithLogger(a.clientLog())}
	if s.Timeout > 0 {
		opts = append(opts, biometrics.WithTimeout(s.Timeout))
	}
	if srv.Key != "" || srv.Secret != "" {
		opts = append(opts, biometrics.WithCredentials(srv.Key, srv.Secret))
	}
	if s.LivenessURL != "" {
		opts = append(opts, biometrics.WithLivenessURL(s.LivenessURL))
	}
	if srv.AllowInsecureHTTP {
		opts = append(opts, biometrics.WithAllowInsecureHTTP())
	}
	c, err := biometrics.New(srv.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("biometrid client: %w", err)
	}
	return c, nil
}

// clientLog is the logger of the back ends' clients: their retry
// decisions and failed token renewals, under component=client.
func (a *App) clientLog() *slog.Logger { return a.log.With("component", "client") }

// httpClient is the HTTP client every back end's client runs on: the
// configured SPKI pins (--pin-spki) on its TLS, and every call counted and
// timed for /metrics. The transport (and so its connection pool) is built
// once per App; each caller gets its own http.Client on it, since the
// clients set their own cookie jar, timeouts, redirect policy and http
// guard on top.
func (a *App) httpClient() (*http.Client, error) {
	a.rtOnce.Do(func() {
		var rt http.RoundTripper = http.DefaultTransport
		if pins := a.set.Server.PinnedSPKI; len(pins) > 0 {
			pinned, err := httpcore.NewClient(nil, httpcore.Config{Pins: pins})
			if err != nil {
				a.rtErr = fmt.Errorf("pin-spki: %w", err)
				return
			}
			rt = pinned.Transport
		}
		a.rt = a.metrics.transport(rt)
	})
	if a.rtErr != nil {
		return nil, a.rtErr
	}
	return &http.Client{Transport: a.rt}, nil
}
