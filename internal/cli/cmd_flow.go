package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"biokiosk/biometrics/biopassid"
	"biokiosk/capture/face"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/internal/app"
	"biokiosk/ui"
)

// flowFlags are the options the enroll, verify and identify commands
// share.
type flowFlags struct {
	server   *serverFlags
	camera   string
	mic      string
	noVoice  bool
	noFace   bool
	language string
	idle     time.Duration
	deadline time.Duration
	capture  time.Duration
	records  string
	kioskID  string
	realtime bool
	asJSON   bool
	gate     *face.Config
	liveness bool
	mac      string
	backend  string
	fingers  string
	document string
	docCam   string
	// before, when set, runs on the App before the runner is built.
	before func(context.Context, *app.App) error
}

func addFlowFlags(fs *flag.FlagSet, voiceDefault bool) *flowFlags {
	f := &flowFlags{server: addServerFlags(fs), gate: addGateFlags(fs)}
	fs.StringVar(&f.camera, "camera", "0", "camera: index, /dev/videoN, rtsp/http URL, video file, image pattern or image")
	fs.StringVar(&f.mic, "mic", "", "microphone: PortAudio device name or index, or a WAV file (default: the default input device)")
	fs.BoolVar(&f.noVoice, "no-voice", !voiceDefault, "skip the voice step")
	fs.BoolVar(&f.noFace, "no-face", false, "skip the face step")
	fs.StringVar(&f.language, "language", "en", "voice prompt language")
	fs.DurationVar(&f.idle, "idle-timeout", 60*time.Second, "abandon the flow after this long without progress")
	fs.DurationVar(&f.deadline, "deadline", 0, "end the whole flow FAILED (FLOW_DEADLINE) after this long (default: the config file's \"flow_deadline_seconds\", else 2m)")
	fs.DurationVar(&f.capture, "capture-timeout", 20*time.Second, "give up one face capture after this long")
	fs.StringVar(&f.records, "records", "", "directory and audit log: a PostgreSQL DSN (postgres://…, a fleet's shared directory) or a SQLite file (env "+config.EnvDirectoryDSN+", else the config file's \"directory_dsn\", else <config dir>/biokiosk/records.db)")
	fs.StringVar(&f.kioskID, "kiosk-id", "", "this kiosk's name in the audit log (env "+config.EnvKioskID+", else the config file's \"kiosk_id\", else the host name)")
	fs.BoolVar(&f.realtime, "realtime", false, "play file cameras and WAV microphones at their real rate")
	fs.BoolVar(&f.asJSON, "json", false, "print the result as one JSON object")
	fs.StringVar(&f.backend, "backend", "", "biometric API: biometrid, biopassid or verifik, or sandbox for the embedded one (env "+config.EnvBackend+", else the config file's \"backend\", else biometrid)")
	fs.StringVar(&f.fingers, "fingers", "", "biopassid: fingerprint image files (TIFF, PNG or WSQ from a scanner's software), comma-separated, Finger-1 first")
	fs.StringVar(&f.document, "document", "", "check an identity document first: idcard (front and back) or passport (the photo page); enroll then takes only a face that matches its portrait")
	fs.StringVar(&f.docCam, "document-camera", "", "camera for the document step (default: --camera)")
	fs.BoolVar(&f.liveness, "liveness", false, "validate liveness (API 1.1) before each face call, for servers that require it")
	fs.StringVar(&f.mac, "mac-address", "", "bind new users to this device: a MAC address, or \"auto\" for the primary interface's (a shared kiosk leaves it empty: one device, one user)")
	return f
}

// runFlow builds the Runner from the flags on the App (which logs the
// session), runs fn and prints the result. Exit codes: 0 success
// (ENROLLED, VERIFIED, IDENTIFIED, ADAPTED); 1 a negative answer
// (NOT_VERIFIED, NOT_IDENTIFIED, ALREADY_ENROLLED, ALREADY_REGISTERED,
// NOT_ADAPTED); 3 ABANDONED or FAILED, including a flow that could not
// start (the records or the server unreachable, a device missing); 2
// usage. With --json every ending, errors included, prints one JSON
// object.
func runFlow(ctx context.Context, st *stdio, name string, f *flowFlags, fn func(context.Context, *flow.Runner) flow.Result) int {
	st.json = f.asJSON
	cfg := flow.Config{Face: !f.noFace, Voice: !f.noVoice, IdleTimeout: f.idle, Deadline: f.deadline, Language: f.language, Liveness: f.liveness, MacAddress: f.mac,
		Document: flow.DocType(f.document)}
	if d := cfg.Document; d != "" && d != flow.DocIDCard && d != flow.DocPassport {
		return failFlow(st, name, usageError{fmt.Errorf("--document %q: idcard or passport", d)})
	}
	if f.mac == "auto" {
		mac, err := flow.PrimaryMAC()
		if err != nil {
			return failFlow(st, name, fmt.Errorf("--mac-address auto: %w", err))
		}
		cfg.MacAddress = mac
	}
	fingers, err := readFingers(f.fingers)
	if err != nil {
		return failFlow(st, name, usageError{err})
	}
	srv := f.server.settings()
	srv.Backend = f.backend
	a := newApp(st, srv, f.records, f.kioskID)
	defer a.Close()
	if f.before != nil {
		if err := f.before(ctx, a); err != nil {
			return failFlow(st, name, err)
		}
	}
	var sink flow.Sink
	if !f.asJSON {
		sink = func(e flow.Event) { printEvent(st, e) }
	}
	r, closeRunner, err := a.NewRunner(ctx, app.RunnerSpec{Session: ui.Session{Flow: cfg, Camera: f.camera, Microphone: f.mic, DocumentCamera: f.docCam, Sink: sink},
		Realtime: f.realtime, Gate: f.gate, CaptureTimeout: f.capture, Fingers: fingers})
	switch {
	case errors.Is(err, app.ErrNoMicrophone):
		return failFlow(st, name, fmt.Errorf("%w (or skip the voice step: --no-voice)", err))
	case errors.Is(err, app.ErrNoDocumentCheck):
		return failFlow(st, name, fmt.Errorf("%w (--document)", err))
	case err != nil:
		return failFlow(st, name, err)
	}
	defer closeRunner()
	res := fn(ctx, r)
	if f.asJSON {
		_ = printJSON(st.out, res, true)
	} else {
		fmt.Fprintf(st.out, "%s: %s", name, res.Outcome)
		if res.UserID != "" {
			fmt.Fprintf(st.out, " (user %s)", res.UserID)
		}
		if res.Error != nil {
			fmt.Fprintf(st.out, " — %s: %s", res.Error.Code, res.Error.Detail)
		}
		fmt.Fprintln(st.out)
	}
	switch {
	case res.Outcome.Success():
		return 0
	case res.Outcome == flow.OutcomeFailed || res.Outcome == flow.OutcomeAbandoned:
		return exitFailed
	}
	return exitRefused
}

// printEvent narrates a flow on the terminal (what the GUI shows).
func printEvent(st *stdio, e flow.Event) {
	switch e := e.(type) {
	case flow.StepEntered:
		fmt.Fprintf(st.err, "→ %s\n", e.Step)
	case flow.PromptToRead:
		fmt.Fprintf(st.err, "  %s, say: %s\n", sampleOf(e), e.Prompt.Text)
	case flow.SampleRefused:
		fmt.Fprintf(st.err, "  sample refused: %s\n", e.Reason)
	case flow.ServerOutcome:
		fmt.Fprintf(st.err, "  server: %s\n", e.Message)
	case flow.Failed:
		fmt.Fprintf(st.err, "  error: %s\n", e.Err)
	}
}

// sampleOf is "sample 2 of 3", or "sample 2" when the total is unknown.
func sampleOf(e flow.PromptToRead) string {
	if e.Of > 0 {
		return fmt.Sprintf("sample %d of %d", e.Sample, e.Of)
	}
	return fmt.Sprintf("sample %d", e.Sample)
}

// customerNumberFlag defines --customer-number and its deprecated alias
// --reference-id (the name scripts already use) on one value.
func customerNumberFlag(fs *flag.FlagSet, usage string) *string {
	ref := fs.String("customer-number", "", usage)
	fs.StringVar(ref, "reference-id", "", "deprecated: the old name of --customer-number")
	return ref
}

// cmdEnroll runs a registration.
func cmdEnroll(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("enroll", flag.ContinueOnError)
	fs.SetOutput(st.err)
	ref := customerNumberFlag(fs, "the person's customer number, the bank's identifier for them (required)")
	consent := fs.String("consent", "", "yes when the person agreed to the data-handling text (required)")
	replace := fs.Bool("replace", false, "staff re-enrolment: delete the customer number's existing enrolment first, then register this person (check their identity document first); without it a number that has an owner ends ALREADY_REGISTERED")
	f := addFlowFlags(fs, true)
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if *ref == "" || *consent != "yes" {
		fmt.Fprintln(st.err, "usage: biokiosk enroll --customer-number X --consent yes --camera SRC [--mic SRC] [--no-voice] [--replace] [--json]")
		st.json = f.asJSON
		return failFlow(st, "enroll", usageError{errors.New("registration needs a customer number and the person's consent (--consent yes)")})
	}
	if *replace {
		f.before = func(ctx context.Context, a *app.App) error {
			store, err := a.Records(ctx)
			if err != nil {
				return err
			}
			owner, ok, err := store.Lookup(ctx, *ref)
			if err != nil || !ok {
				return err
			}
			st.log.Info("--replace: deleting the customer number's existing enrolment")
			return a.DeleteUser(ctx, owner)
		}
	}
	return runFlow(ctx, st, "enroll", f, func(ctx context.Context, r *flow.Runner) flow.Result {
		return r.Register(ctx, flow.RegisterRequest{CustomerNumber: *ref, Consent: true})
	})
}

// cmdVerify runs a 1:1 verification.
func cmdVerify(ctx context.Context, st *stdio, args []string) int {
	return knownUserFlow(ctx, st, "verify", args, func(ctx context.Context, r *flow.Runner, user, ref string) flow.Result {
		return r.Verify(ctx, flow.VerifyRequest{UserID: user, CustomerNumber: ref})
	})
}

// knownUserFlow parses the options of a flow on a known person (by user
// id or customer number) and runs it.
func knownUserFlow(ctx context.Context, st *stdio, name string, args []string, run func(context.Context, *flow.Runner, string, string) flow.Result) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(st.err)
	user := fs.String("user", "", "BiometrID user id")
	ref := customerNumberFlag(fs, "customer number known to this kiosk's records")
	f := addFlowFlags(fs, false)
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if (*user == "") == (*ref == "") {
		fmt.Fprintf(st.err, "usage: biokiosk %s (--user ID | --customer-number X) --camera SRC [--no-voice=false --mic SRC] [--json]\n", name)
		st.json = f.asJSON
		return failFlow(st, name, usageError{errors.New("give one of --user and --customer-number")})
	}
	return runFlow(ctx, st, name, f, func(ctx context.Context, r *flow.Runner) flow.Result {
		return run(ctx, r, *user, *ref)
	})
}

// cmdIdentify runs a 1:N identification.
func cmdIdentify(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("identify", flag.ContinueOnError)
	fs.SetOutput(st.err)
	f := addFlowFlags(fs, false)
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	return runFlow(ctx, st, "identify", f, func(ctx context.Context, r *flow.Runner) flow.Result {
		return r.Identify(ctx)
	})
}

// cmdCheckDocument checks an identity document against the live face:
// document capture, validation, selfie, comparison; nothing is enrolled.
func cmdCheckDocument(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("check-document", flag.ContinueOnError)
	fs.SetOutput(st.err)
	f := addFlowFlags(fs, false)
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if f.document == "" {
		f.document = string(flow.DocIDCard)
	}
	f.noVoice = true
	return runFlow(ctx, st, "check-document", f, func(ctx context.Context, r *flow.Runner) flow.Result {
		return r.CheckDocument(ctx, flow.CheckDocumentRequest{Kind: flow.DocType(f.document)})
	})
}

// cmdAdapt refreshes a known person's templates with new samples.
func cmdAdapt(ctx context.Context, st *stdio, args []string) int {
	return knownUserFlow(ctx, st, "adapt", args, func(ctx context.Context, r *flow.Runner, user, ref string) flow.Result {
		return r.Adapt(ctx, flow.AdaptRequest{UserID: user, CustomerNumber: ref})
	})
}

// readFingers loads fingerprint images exported by a scanner's software:
// TIFF, PNG or WSQ, at most 10, each at most 1 MB. A scanner SDK would
// hand over the same bytes in memory instead of files.
func readFingers(list string) ([][]byte, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	var out [][]byte
	for _, name := range strings.Split(list, ",") {
		b, err := os.ReadFile(strings.TrimSpace(name))
		if err != nil {
			return nil, fmt.Errorf("fingerprint: %w", err)
		}
		if len(b) > 1<<20 {
			return nil, fmt.Errorf("fingerprint %s: %d bytes, at most 1 MB", name, len(b))
		}
		switch {
		case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")), // TIFF
			bytes.HasPrefix(b, []byte("\x89PNG")), bytes.HasPrefix(b, []byte{0xFF, 0xA0}): // PNG, WSQ
		default:
			return nil, fmt.Errorf("fingerprint %s: not a TIFF, PNG or WSQ image", name)
		}
		out = append(out, b)
	}
	if len(out) > biopassid.MaxFingers {
		return nil, fmt.Errorf("%d fingerprints, at most %d", len(out), biopassid.MaxFingers)
	}
	return out, nil
}
