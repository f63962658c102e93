package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"

	"biokiosk/internal/app"
	"biokiosk/logging"
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
	show := fs.Bool("show-credentials", false, "print the client's generated credentials even when this start did not create them")
	faults := fs.String("faults", "", "inject faults, e.g. latency=200ms,reset=0.05,error=0.1,malformed=0.05,truncate=0.05,limit=100,seed=7")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if (*key == "") != (*secret == "") {
		logErr(st, "sandbox", errors.New("--key and --secret go together"))
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
	// Faults always reach the log; -v adds one line per request.
	cfg.Logger = logging.AtLeast(st.logger(), slog.LevelWarn)
	if *verbose {
		cfg.Logger = st.logger()
	}
	if *faults != "" {
		f, err := sandbox.ParseFaults(*faults)
		if err != nil {
			logErr(st, "sandbox", err)
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
	// login). The credentials (the secret, the 30-day client JWT, the
	// BioPass ID key, the liveness host's app token) are printed on the
	// start that creates them, or when --show-credentials asks; never the
	// secret given with --secret.
	fmt.Fprintf(st.err, "verifik: project %s, flow %s (set %s, %s)\n", sb.Verifik.Project, sb.Verifik.ProjectFlow, app.EnvVerifikProject, app.EnvVerifikFlow)
	printSandboxCredentials(st, sb, *db, *key != "", *show)
	fmt.Fprintf(st.out, "listening on %s\n", sb.URL)
	<-ctx.Done()
	if err := sb.Close(); err != nil {
		return fail(st, "sandbox", err)
	}
	return 0
}

// printSandboxCredentials prints, on stderr, each credential the sandbox
// generated on this start (all of them with show): a terminal's
// scroll-back or a service's journal then holds them once, not at every
// restart.
func printSandboxCredentials(st *stdio, sb *app.Sandbox, db string, keyGiven, show bool) {
	f := sb.Fresh
	if show || f.Secret {
		if !keyGiven {
			fmt.Fprintf(st.err, "client credentials: key %s secret %s (stored in %s)\n", sb.Key, sb.Secret, db)
		} else {
			fmt.Fprintf(st.err, "client credentials: key %s (the secret is the --secret given)\n", sb.Key)
		}
	}
	if show || f.Verifik {
		fmt.Fprintf(st.err, "verifik: client JWT (30 days) %s (set %s)\n", sb.VerifikToken, app.EnvVerifikToken)
	}
	if show || f.BioPass {
		fmt.Fprintf(st.err, "biopassid: subscription key %s\n", sb.BioPassKey)
	}
	if show || f.Liveness {
		fmt.Fprintf(st.err, "liveness host: x-app-token %s (api liveness --app-token)\n", sb.LivenessAppToken)
	}
	if !show && !f.Secret && !f.Verifik && !f.BioPass && !f.Liveness {
		fmt.Fprintln(st.err, "credentials: as on the first start (--show-credentials prints them again)")
	}
}
