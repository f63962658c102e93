package cli

import (
	"flag"
	"log/slog"
	"os"
	"strings"
	"time"

	"biokiosk/biometrics"
	"biokiosk/config"
	"biokiosk/internal/app"
	"biokiosk/logging"
)

// serverFlags are the flags every command that talks to a server takes;
// settings turns them into the App's server settings.
type serverFlags struct {
	config.Flags
	timeout           time.Duration
	livenessURL, pins string
}

// addServerFlags registers --server --key --secret --api-version
// --allow-insecure-http --timeout --liveness-url --pin-spki on fs.
func addServerFlags(fs *flag.FlagSet) *serverFlags {
	f := &serverFlags{}
	fs.StringVar(&f.Server, "server", "", "API base URL (env "+config.EnvServer+"; default: the config file, else the embedded sandbox)")
	fs.StringVar(&f.Key, "key", "", "client key (env "+config.EnvKey+")")
	fs.StringVar(&f.Secret, "secret", "", "client secret (env "+config.EnvSecret+"; prefer the environment: flags show in ps)")
	fs.StringVar(&f.APIVersion, "api-version", "", "API version 1.0 or 1.1 (env "+config.EnvAPIVersion+", default 1.0)")
	fs.BoolVar(&f.AllowInsecureHTTP, "allow-insecure-http", false, "allow http:// to a non-loopback server")
	fs.DurationVar(&f.timeout, "timeout", biometrics.DefaultTimeout, "timeout of each HTTP attempt")
	fs.StringVar(&f.livenessURL, "liveness-url", "", "base URL of the 1.0 liveness host (default "+biometrics.DefaultLivenessURL+"; the server's own URL when it is the sandbox)")
	fs.StringVar(&f.pins, "pin-spki", os.Getenv(envPinSPKI), "accept the server only if its certificate chain holds one of these public keys (comma-separated base64 SHA-256 of the SPKI; env "+envPinSPKI+")")
	return f
}

// envPinSPKI holds the default of --pin-spki (the GUI reads it too).
const envPinSPKI = "BIOKIOSK_PIN_SPKI"

// settings are the App's server settings from the flags.
func (f *serverFlags) settings() app.ServerSettings {
	return app.ServerSettings{Flags: f.Flags, Timeout: f.timeout, LivenessURL: f.livenessURL, PinnedSPKI: splitList(f.pins)}
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// newApp builds the App a command runs on, with the records at records
// and the kiosk id ("" for their defaults); notes go to st's logger.
func newApp(st *stdio, srv app.ServerSettings, records, kioskID string) *app.App {
	return app.New(app.Settings{Server: srv, Records: records, KioskID: kioskID, Logger: st.logger()})
}

// logger is st's logger (text on st.err when run did not set one).
func (st *stdio) logger() *slog.Logger {
	if st.log == nil {
		st.log = slog.New(slog.NewTextHandler(st.err, nil))
	}
	return st.log
}

// fail logs a command error and returns exit code 1.
func fail(st *stdio, cmd string, err error) int {
	logErr(st, cmd, err)
	return 1
}

// logErr logs a command's error (the caller chooses the exit code).
func logErr(st *stdio, cmd string, err error) {
	st.logger().Error(cmd+" failed", "command", cmd, logging.Err, err)
}
