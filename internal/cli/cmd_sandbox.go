package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"biokiosk/internal/app"
	"biokiosk/sandbox"
)

// cmdSandbox runs the local server (BiometrID, BioPass ID and Verifik
// APIs) until SIGINT/SIGTERM.
func cmdSandbox(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(st.err)
	addr := fs.String("addr", "127.0.0.1:8765", "listen address")
	db := fs.String("db", "", "SQLite database (default: the embedded sandbox's, see docs/sandbox.md)")
	key := fs.String("key", "", "client key to create (default: keep the database's, or generate one)")
	secret := fs.String("secret", "", "client secret for --key")
	reqLimit := fs.Int("request-limit", 0, "requests the client may make (0 = unlimited)")
	userLimit := fs.Int("user-limit", 0, "users the client may create (0 = unlimited)")
	liveness := fs.Bool("liveness-required", false, "1.1 face calls need a livenessId")
	checkPrompt := fs.Bool("check-prompt", false, "refuse an English voice sample that does not say its prompt code")
	verbose := fs.Bool("v", false, "log one line per request to stderr")
	faults := fs.String("faults", "", "inject faults, e.g. latency=200ms,reset=0.05,error=0.1,malformed=0.05,truncate=0.05,limit=100,seed=7")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if (*key == "") != (*secret == "") {
		fmt.Fprintln(st.err, "biokiosk sandbox: --key and --secret go together")
		return 2
	}
	if *db == "" {
		p, err := app.SandboxDBPath()
		if err != nil {
			return fail(st, "sandbox", err)
		}
		*db = p
	}
	cfg := sandbox.Config{DB: *db, Key: *key, Secret: *secret, RequestLimit: *reqLimit, UserLimit: *userLimit, LivenessRequired: *liveness, CheckPrompt: *checkPrompt}
	if *verbose {
		cfg.Logger = slog.New(slog.NewTextHandler(st.err, nil))
	}
	if *faults != "" {
		f, err := sandbox.ParseFaults(*faults)
		if err != nil {
			fmt.Fprintln(st.err, "biokiosk sandbox:", err)
			return 2
		}
		cfg.Faults = &f
		fmt.Fprintf(st.err, "injecting faults: %s\n", *faults)
	}
	sb, err := app.StartSandbox(ctx, *addr, cfg)
	if err != nil {
		return fail(st, "sandbox", err)
	}
	// What --backend verifik needs against this sandbox (it has no OTP
	// login). The 30-day client JWT is a credential: it is printed only
	// when the sandbox chose the credentials, as the secret is.
	fmt.Fprintf(st.err, "verifik: project %s, flow %s (set %s, %s)\n", sb.Verifik.Project, sb.Verifik.ProjectFlow, app.EnvVerifikProject, app.EnvVerifikFlow)
	if *key == "" {
		fmt.Fprintf(st.err, "client credentials: key %s secret %s (stored in %s)\n", sb.Key, sb.Secret, *db)
		fmt.Fprintf(st.err, "verifik: client JWT (30 days) %s (set %s)\n", sb.VerifikToken, app.EnvVerifikToken)
		fmt.Fprintf(st.err, "biopassid: subscription key %s\n", sb.BioPassKey)
	}
	fmt.Fprintf(st.out, "listening on %s\n", sb.URL)
	<-ctx.Done()
	if err := sb.Close(); err != nil {
		return fail(st, "sandbox", err)
	}
	return 0
}
