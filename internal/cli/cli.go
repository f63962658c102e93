// Package cli is biokiosk's command line: it parses the arguments and
// hands over to a subcommand (one cmd_*.go file each; the GUI with no
// command), which builds what it needs with internal/app and prints the
// result. Developer tools are behind the devtools build tag (devtools.go).
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	_ "biokiosk/internal/app/locale" // before Fyne reads the locale
	"biokiosk/logging"
)

// version is set at build time with -ldflags "-X biokiosk/internal/cli.version=…".
var version = "dev"

// command is one biokiosk subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, st *stdio, args []string) int
}

// stdio is where a command reads and writes; tests swap it. log writes
// structured lines to err (--log-format, --log-level); json says the
// command was asked for JSON, so its errors are JSON too (fail).
type stdio struct {
	in       io.Reader
	out, err io.Writer
	log      *slog.Logger
	json     bool
	// logOpts are the options log was built with (Level "" when neither
	// --log-level nor the environment named one).
	logOpts logging.Options
}

// logAtLeast is st with its log kept to level and above, unless the
// person named a level.
func (st *stdio) logAtLeast(level string) *stdio {
	if st.logOpts.Level != "" {
		return st
	}
	o := st.logOpts
	o.Level = level
	l, err := logging.New(st.err, o)
	if err != nil {
		return st
	}
	q := *st
	q.log, q.logOpts = l, o
	return &q
}

// commands lists every subcommand. Each lives in its own cmd_*.go file.
func commands() []command {
	cs := []command{
		{"version", "print the version", cmdVersion},
		{"api", "call one BiometrID API method and print the JSON answer", cmdAPI},
		{"devices", "list cameras and microphones", cmdDevices},
		{"record", "record one spoken utterance from a microphone or WAV file", cmdRecord},
		{"analyze-voice", "judge WAV files as voice samples", cmdAnalyzeVoice},
		{"sessions", "list the latest flow sessions from the audit log", cmdSessions},
		{"kiosk-setup", "make an account a fleet kiosk: staff PIN (--pin-file), start full screen at login (systemd user unit) or in the locked cage session (--session)", cmdKioskSetup},
		{"cleanup", "delete what unfinished registrations left on the server (also done before each process's first flow)", cmdCleanup},
		{"analyze-face", "judge face images: faces, pose, eyes, light, focus, liveness, score", cmdAnalyzeFace},
		{"capture", "auto-capture the best face photo from a camera, video or images", cmdCapture},
		{"analyze-document", "judge document images: outline, perspective, light, glare, focus, score", cmdAnalyzeDocument},
		{"capture-document", "auto-capture one side of an ID card or passport page from a camera, video or images", cmdCaptureDocument},
		{"enroll", "register a person: consent, user, face, voice (headless flow)", cmdEnroll},
		{"verify", "verify a known person by face (and voice) (headless flow)", cmdVerify},
		{"identify", "find who a face belongs to (headless flow)", cmdIdentify},
		{"check-document", "check an identity document and that the live face matches its portrait (headless flow)", cmdCheckDocument},
		{"adapt", "refresh a known person's face (and voice) templates (headless flow)", cmdAdapt},
		{"gui", "start the app: the staff app, or the kiosk with --kiosk (the default with no command)", cmdGUI},
		{"sandbox", "run the local BiometrID server (the embedded default) until interrupted", cmdSandbox},
	}
	return append(cs, devCommands()...)
}

// Main runs the command line on the process's arguments, standard
// streams and signals, and returns the exit code. (In a devtools build,
// bench-face first re-executes itself single-threaded.)
func Main() int {
	singleThreadedBench()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, &stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Args[1:])
}

// run dispatches to a subcommand and returns the process exit code.
func run(ctx context.Context, st *stdio, args []string) int {
	args, lopts, err := logOptions(args, os.Getenv)
	// Priority prefixes only where stderr really is the journal's stream.
	lopts.Journal = lopts.Journal && st.err == io.Writer(os.Stderr) && logging.OnJournal(os.Stderr, os.Getenv)
	if err != nil {
		fmt.Fprintln(st.err, "biokiosk:", err)
		return 2
	}
	st.logOpts = lopts
	if st.log, err = logging.New(st.err, lopts); err != nil {
		fmt.Fprintln(st.err, "biokiosk:", err)
		return 2
	}
	if len(args) == 0 || args[0] == "--kiosk" || args[0] == "-kiosk" {
		// No command starts the app, as a desktop launcher does.
		args = append([]string{"gui"}, args...)
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(st.out)
		return 0
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, st, args[1:])
		}
	}
	st.log.Error("unknown command", "command", name)
	usage(st.err)
	return 2
}

// logOptions takes the options every command shares out of args
// (anywhere before "--"): --log-format text|json and --log-level
// debug|info|warn|error, defaulting to $BIOKIOSK_LOG_FORMAT and
// $BIOKIOSK_LOG_LEVEL. Under systemd (stderr on the journal) lines carry
// their syslog priority.
func logOptions(args []string, getenv func(string) string) ([]string, logging.Options, error) {
	o := logging.Options{Format: getenv(logging.EnvFormat), Level: getenv(logging.EnvLevel), Journal: getenv("JOURNAL_STREAM") != ""}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "log-format" && name != "log-level") {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, o, fmt.Errorf("--%s needs a value", name)
			}
			i++
			val = args[i]
		}
		if name == "log-format" {
			o.Format = val
		} else {
			o.Level = val
		}
	}
	return rest, o, nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: biokiosk <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'biokiosk <command> -h' for a command's flags. Every command also takes")
	fmt.Fprintln(w, "--log-format text|json and --log-level debug|info|warn|error (env "+logging.EnvFormat+", "+logging.EnvLevel+").")
}

func cmdVersion(_ context.Context, st *stdio, _ []string) int {
	fmt.Fprintf(st.out, "biokiosk %s\n", version)
	return 0
}
