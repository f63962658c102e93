package cli

import (
	"biokiosk/sandbox"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"biokiosk/biometrics"
	"biokiosk/config"
)

// serverFlags are the flags every command that talks to a server takes.
type serverFlags struct {
	config.Flags
	timeout     time.Duration
	livenessURL string
	pins        string
}

// addServerFlags registers --server --key --secret --api-version
// --allow-insecure-http --timeout on fs.
func addServerFlags(fs *flag.FlagSet) *serverFlags {
	f := &serverFlags{}
	fs.StringVar(&f.Server, "server", "", "API base URL (env "+config.EnvServer+"; default: the config file, else the embedded sandbox)")
	fs.StringVar(&f.Key, "key", "", "client key (env "+config.EnvKey+")")
	fs.StringVar(&f.Secret, "secret", "", "client secret (env "+config.EnvSecret+"; prefer the environment: flags show in ps)")
	fs.StringVar(&f.APIVersion, "api-version", "", "API version 1.0 or 1.1 (env "+config.EnvAPIVersion+", default 1.0)")
	fs.BoolVar(&f.AllowInsecureHTTP, "allow-insecure-http", false, "allow http:// to a non-loopback server")
	fs.DurationVar(&f.timeout, "timeout", biometrics.DefaultTimeout, "timeout of each HTTP attempt")
	fs.StringVar(&f.livenessURL, "liveness-url", "", "base URL of the 1.0 liveness host (default "+biometrics.DefaultLivenessURL+"; the server's own URL when it is the sandbox)")
	fs.StringVar(&f.pins, "pin-spki", os.Getenv("BIOKIOSK_PIN_SPKI"), "accept the server only if its certificate chain holds one of these public keys (comma-separated base64 SHA-256 of the SPKI; env BIOKIOSK_PIN_SPKI)")
	return f
}

// errNoServer says no server was configured (the embedded sandbox is
// started instead; this error only appears when that fails too).
var errNoServer = errors.New("no server configured: pass --server, set " + config.EnvServer + ", or add \"server\" to the config file")

// resolveServer merges flags, environment and the config file; a secret
// found in none of them is looked up in the OS keyring.
func resolveServer(f *serverFlags) (config.Server, error) {
	path, err := config.Path(os.Getenv)
	if err != nil {
		return config.Server{}, err
	}
	file, err := config.Load(path)
	if err != nil {
		return config.Server{}, err
	}
	srv := config.Resolve(f.Flags, os.Getenv, file)
	if srv.Secret == "" {
		// Last: the OS keyring, where the GUI's settings put the secret.
		srv.Secret = keyringSecret(srv.Key)
	}
	return srv, nil
}

// openServer resolves the server settings and, when none is configured,
// starts the embedded sandbox and points the settings at it. The returned
// function releases what it started.
func openServer(ctx context.Context, st *stdio, f *serverFlags) (config.Server, func(), error) {
	srv, _, closeFn, err := openServerOrSandbox(ctx, st, f)
	return srv, closeFn, err
}

// openServerOrSandbox is openServer that also returns the embedded
// sandbox it started (nil for a configured server), whose Verifik
// project and token a Verifik back end needs.
func openServerOrSandbox(ctx context.Context, st *stdio, f *serverFlags) (config.Server, *embeddedSandbox, func(), error) {
	srv, err := resolveServer(f)
	if err != nil {
		return srv, nil, nil, err
	}
	if srv.Configured() {
		return srv, nil, func() {}, nil
	}
	// No server: start the embedded sandbox on loopback and use it.
	db, err := sandboxDBPath()
	if err != nil {
		return srv, nil, nil, err
	}
	sb, err := startSandbox(ctx, "127.0.0.1:0", sandbox.Config{DB: db})
	if err != nil {
		return srv, nil, nil, fmt.Errorf("%w; and the embedded sandbox did not start: %v", errNoServer, err)
	}
	fmt.Fprintf(st.err, "biokiosk: no server configured, using the embedded sandbox (%s, database %s)\n", sb.URL, db)
	srv.URL, srv.Key, srv.Secret, srv.AllowInsecureHTTP = sb.URL, sb.Key, sb.Secret, true
	return srv, sb, func() { _ = sb.Close() }, nil
}

// openClient builds a BiometrID client from the resolved settings (or the
// embedded sandbox). The returned function releases what it started.
func openClient(ctx context.Context, st *stdio, f *serverFlags) (*biometrics.Client, func(), error) {
	srv, closeFn, err := openServer(ctx, st, f)
	if err != nil {
		return nil, nil, err
	}
	c, err := newAPIClient(srv, f)
	if err != nil {
		closeFn()
		return nil, nil, err
	}
	return c, closeFn, nil
}

// newAPIClient builds a BiometrID client for resolved settings.
func newAPIClient(srv config.Server, f *serverFlags) (*biometrics.Client, error) {
	opts := []biometrics.Option{biometrics.WithAPIVersion(srv.APIVersion)}
	if f.timeout > 0 {
		opts = append(opts, biometrics.WithTimeout(f.timeout))
	}
	if srv.Key != "" || srv.Secret != "" {
		opts = append(opts, biometrics.WithCredentials(srv.Key, srv.Secret))
	}
	if f.livenessURL != "" {
		opts = append(opts, biometrics.WithLivenessURL(f.livenessURL))
	}
	if srv.AllowInsecureHTTP {
		opts = append(opts, biometrics.WithAllowInsecureHTTP())
	}
	if f.pins != "" {
		opts = append(opts, biometrics.WithPinnedSPKI(strings.Split(f.pins, ",")...))
	}
	return biometrics.New(srv.URL, opts...)
}

// fail prints a command error and returns exit code 1.
func fail(st *stdio, cmd string, err error) int {
	fmt.Fprintf(st.err, "biokiosk %s: %v\n", cmd, err)
	return 1
}
