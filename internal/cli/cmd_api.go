package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"biokiosk/biometrics"
)

// Exit codes of every command (docs/api-client.md, "CLI exit codes").
const (
	exitOK        = 0 // the server answered status:true
	exitRefused   = 1 // status:false, or an API error code (message constant on stderr)
	exitUsage     = 2 // bad flags or arguments
	exitTransport = 3 // the server could not be reached or answered garbage
)

// apiCall is one 'biokiosk api' subcommand. setup registers its flags and
// returns the function that performs the call.
type apiCall struct {
	name, summary string
	setup         func(fs *flag.FlagSet) func(ctx context.Context, c *biometrics.Client) (any, error)
}

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// readFile reads an input file named on the command line, with a bound.
func readFile(name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("%w: a file is required", errUsage)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return b, nil
}

var errUsage = errors.New("usage")

func faceFlags(fs *flag.FlagSet) func() (biometrics.FaceRequest, error) {
	photo := fs.String("photo", "", "photo file (JPEG or PNG, at most 1 MB)")
	lid := fs.String("liveness-id", "", "livenessId from liveness-validate (API 1.1)")
	live := fs.Bool("liveness", false, "client-asserted liveness flag (API 1.0)")
	return func() (biometrics.FaceRequest, error) {
		b, err := readFile(*photo)
		return biometrics.FaceRequest{Photo: b, LivenessID: *lid, Liveness: *live}, err
	}
}

func userFlag(fs *flag.FlagSet) *string {
	return fs.String("user", "", "BiometrID user id (opaque: 1-128 letters, digits, - or _)")
}

// apiCalls are the 'biokiosk api' subcommands, in the order help lists them.
func apiCalls() []apiCall {
	return []apiCall{
		{"create-user", "Create User", func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
			var p biometrics.CreateUserParams
			fs.StringVar(&p.ReferenceID, "reference-id", "", "your identifier for the person (required)")
			fs.StringVar(&p.MacAddress, "mac-address", "", "bind the user to this device")
			fs.StringVar(&p.AppToken, "app-token", "", "Firebase app token")
			return func(ctx context.Context, c *biometrics.Client) (any, error) { return c.CreateUser(ctx, p) }
		}},
		userCall("delete-user", "Delete User", func(c *biometrics.Client, ctx context.Context, id string) (any, error) { return c.DeleteUser(ctx, id) }),
		faceUserCall("enroll-face", "Enroll Face", func(c *biometrics.Client, ctx context.Context, id string, r biometrics.FaceRequest) (any, error) {
			return c.EnrollFace(ctx, id, r)
		}),
		faceUserCall("verify-face", "Verify Face (1:1)", func(c *biometrics.Client, ctx context.Context, id string, r biometrics.FaceRequest) (any, error) {
			return c.VerifyFace(ctx, id, r)
		}),
		faceUserCall("adapt-face", "Adapt Face", func(c *biometrics.Client, ctx context.Context, id string, r biometrics.FaceRequest) (any, error) {
			return c.AdaptFace(ctx, id, r)
		}),
		userCall("delete-face", "Delete User Face Enroll", func(c *biometrics.Client, ctx context.Context, id string) (any, error) { return c.DeleteFace(ctx, id) }),
		faceCall("find-by-face", "Find User Id by Face (1:N)", func(c *biometrics.Client, ctx context.Context, r biometrics.FaceRequest) (any, error) {
			return c.FindByFace(ctx, r)
		}),
		faceCall("find-by-multiple", "Find Multiple Id by Face", func(c *biometrics.Client, ctx context.Context, r biometrics.FaceRequest) (any, error) {
			return c.FindByMultiple(ctx, r)
		}),
		faceCall("face-properties", "Find Face Properties", func(c *biometrics.Client, ctx context.Context, r biometrics.FaceRequest) (any, error) {
			return c.FindFaceProperties(ctx, r)
		}),
		{"liveness-validate", "Liveness Validation (1.1): --frame a.jpg --frame b.jpg", setupLivenessValidate},
		{"liveness", "Biometrics Liveness (1.0, liveness host): --app-token T --frame a.jpg", setupLiveness},
		{"liveness-status", "Biometrics Status (1.0, liveness host)", func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
			h := livenessHostFlags(fs)
			return func(ctx context.Context, c *biometrics.Client) (any, error) { return c.LivenessStatus(ctx, *h) }
		}},
		voiceCall("enroll-voice", "Enroll Voice: starts the dialogue, then submits each --audio in turn", biometrics.VoiceEnroll),
		voiceCall("verify-voice", "Verify Voice: starts the dialogue, then submits each --audio in turn", biometrics.VoiceVerify),
		voiceCall("adapt-voice", "Adapt Voice: starts the dialogue, then submits each --audio in turn", biometrics.VoiceAdapt),
		{"delete-voice", "Delete User Voice Enroll", func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
			user := userFlag(fs)
			lang := fs.String("language", "", "language code (default: the server's)")
			return func(ctx context.Context, c *biometrics.Client) (any, error) { return c.DeleteVoice(ctx, *user, *lang) }
		}},
		{"languages", "Get Available Languages", func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
			return func(ctx context.Context, c *biometrics.Client) (any, error) { return c.Languages(ctx) }
		}},
		{"validate-document", "Validate Document: --front f.jpg --back b.jpg [--doctype passport] [--base64]", setupValidateDocument},
		{"document-pooling", "Document Pooling (1.1)", func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
			process := fs.String("process", "", "process id from validate-document --type pooling")
			pid := fs.String("process-id", "", "your process reference")
			return func(ctx context.Context, c *biometrics.Client) (any, error) {
				return c.DocumentPooling(ctx, *process, *pid)
			}
		}},
		{"selfie-compare", "Verify document photo: --photo1 selfie.jpg --photo2 portrait.jpg [--base64]", setupSelfieCompare},
		userCall("enroll-status", "Get enroll Status", func(c *biometrics.Client, ctx context.Context, id string) (any, error) {
			return c.EnrollStatus(ctx, id)
		}),
		userCall("pending-dialogue", "Has Pending Dialogue", func(c *biometrics.Client, ctx context.Context, id string) (any, error) {
			return c.PendingDialogue(ctx, id)
		}),
		userCall("restart-state", "Restart User State", func(c *biometrics.Client, ctx context.Context, id string) (any, error) {
			return c.RestartState(ctx, id)
		}),
		{"find-by-mac", "Find UserId by MacAddress", func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
			mac := fs.String("mac-address", "", "device MAC address")
			return func(ctx context.Context, c *biometrics.Client) (any, error) { return c.FindByMacAddress(ctx, *mac) }
		}},
	}
}

// faceUserCall is a call on a user with a face: --user and the face flags.
func faceUserCall(name, summary string, do func(c *biometrics.Client, ctx context.Context, id string, r biometrics.FaceRequest) (any, error)) apiCall {
	return apiCall{name, summary, func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
		user, face := userFlag(fs), faceFlags(fs)
		return func(ctx context.Context, c *biometrics.Client) (any, error) {
			r, err := face()
			if err != nil {
				return nil, err
			}
			return do(c, ctx, *user, r)
		}
	}}
}

// faceCall is a call with a face alone: the face flags.
func faceCall(name, summary string, do func(c *biometrics.Client, ctx context.Context, r biometrics.FaceRequest) (any, error)) apiCall {
	return apiCall{name, summary, func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
		face := faceFlags(fs)
		return func(ctx context.Context, c *biometrics.Client) (any, error) {
			r, err := face()
			if err != nil {
				return nil, err
			}
			return do(c, ctx, r)
		}
	}}
}

// userCall is a call on a user alone: --user.
func userCall(name, summary string, do func(c *biometrics.Client, ctx context.Context, id string) (any, error)) apiCall {
	return apiCall{name, summary, func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
		user := userFlag(fs)
		return func(ctx context.Context, c *biometrics.Client) (any, error) { return do(c, ctx, *user) }
	}}
}

// readFiles reads each input file named (see readFile).
func readFiles(names []string) ([][]byte, error) {
	var out [][]byte
	for _, f := range names {
		b, err := readFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// setupLivenessValidate is liveness-validate's setup: --frame (repeated)
// and --zoom-session-id.
func setupLivenessValidate(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
	var frames listFlag
	fs.Var(&frames, "frame", "a frame of the session (repeat)")
	sid := fs.String("zoom-session-id", "", "liveness session id")
	return func(ctx context.Context, c *biometrics.Client) (any, error) {
		imgs, err := readFiles(frames)
		if err != nil {
			return nil, err
		}
		return c.ValidateLiveness(ctx, biometrics.LivenessValidation{ZoomSessionID: *sid, AuditTrailImages: imgs})
	}
}

// setupLiveness is liveness's setup: --frame (repeated), the liveness
// host's flags and --session-id.
func setupLiveness(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
	var frames listFlag
	fs.Var(&frames, "frame", "an audit-trail image (repeat)")
	h := livenessHostFlags(fs)
	sid := fs.String("session-id", "", "liveness session id")
	return func(ctx context.Context, c *biometrics.Client) (any, error) {
		imgs, err := readFiles(frames)
		if err != nil {
			return nil, err
		}
		s := biometrics.LivenessSession{SessionID: *sid}
		for _, b := range imgs {
			s.AuditTrail = append(s.AuditTrail, biometrics.EncodeBase64(b, false))
		}
		return c.Liveness(ctx, *h, s)
	}
}

// setupValidateDocument is validate-document's setup: --front, --back,
// the request's flags and --base64.
func setupValidateDocument(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
	front := fs.String("front", "", "front photo")
	back := fs.String("back", "", "back photo")
	var d biometrics.DocumentRequest
	fs.StringVar(&d.DocType, "doctype", "", "idcard (default) or passport")
	fs.StringVar(&d.Type, "type", "", "regular or pooling (API 1.1)")
	fs.StringVar(&d.ProcessID, "process-id", "", "your process reference")
	b64 := fs.Bool("base64", false, "send as base64 JSON (validate-base64)")
	return func(ctx context.Context, c *biometrics.Client) (any, error) {
		var err error
		if d.Front, err = readFile(*front); err != nil {
			return nil, err
		}
		if d.Back, err = readFile(*back); err != nil {
			return nil, err
		}
		if *b64 {
			return c.ValidateDocumentBase64(ctx, d)
		}
		return c.ValidateDocument(ctx, d)
	}
}

// setupSelfieCompare is selfie-compare's setup: --photo1, --photo2,
// --liveness-id and --base64.
func setupSelfieCompare(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
	p1 := fs.String("photo1", "", "the selfie")
	p2 := fs.String("photo2", "", "the document's portrait")
	var r biometrics.CompareRequest
	fs.StringVar(&r.LivenessID, "liveness-id", "", "livenessId (API 1.1)")
	b64 := fs.Bool("base64", false, "send as base64 JSON with data: URIs (selfie-compare-base64)")
	return func(ctx context.Context, c *biometrics.Client) (any, error) {
		var err error
		if r.Photo1, err = readFile(*p1); err != nil {
			return nil, err
		}
		if r.Photo2, err = readFile(*p2); err != nil {
			return nil, err
		}
		if *b64 {
			return c.SelfieCompareBase64(ctx, r, true)
		}
		return c.SelfieCompare(ctx, r)
	}
}

func livenessHostFlags(fs *flag.FlagSet) *biometrics.LivenessHost {
	h := &biometrics.LivenessHost{}
	fs.StringVar(&h.AppToken, "app-token", "", "liveness x-app-token")
	fs.StringVar(&h.UserAgent, "user-agent", "", "liveness x-user-agent")
	return h
}

// voiceStep is one answer of a dialogue walked from the command line.
type voiceStep struct {
	Audio  string                 `json:"audio,omitempty"`
	Answer biometrics.VoiceAnswer `json:"answer"`
}

// voiceCall walks a voice dialogue: start, then one submission per --audio.
func voiceCall(name, summary string, mode biometrics.VoiceMode) apiCall {
	return apiCall{name, summary, func(fs *flag.FlagSet) func(context.Context, *biometrics.Client) (any, error) {
		user := userFlag(fs)
		lang := fs.String("language", "", "prompt language (API 1.0)")
		var audio listFlag
		fs.Var(&audio, "audio", "a WAV sample to submit (repeat, in order)")
		return func(ctx context.Context, c *biometrics.Client) (any, error) {
			a, err := c.StartVoice(ctx, *user, mode, *lang)
			steps := []voiceStep{{Answer: a}}
			if err != nil {
				return steps, err
			}
			for _, f := range audio {
				b, err := readFile(f)
				if err != nil {
					return steps, err
				}
				a, err = c.SubmitVoice(ctx, *user, mode, *lang, b)
				steps = append(steps, voiceStep{Audio: f, Answer: a})
				if err != nil || a.Done() {
					return steps, err
				}
			}
			return steps, nil
		}
	}}
}

// cmdAPI runs one BiometrID API call and prints its decoded answer as JSON.
func cmdAPI(ctx context.Context, st *stdio, args []string) int {
	// Its stderr holds the answer's message constant alone: the request
	// loop's retries show with --log-level info.
	st = st.logAtLeast("warn")
	calls := apiCalls()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(st.err, "usage: biokiosk api <call> [flags]\n\ncalls:")
		sort.Slice(calls, func(i, j int) bool { return calls[i].name < calls[j].name })
		for _, c := range calls {
			fmt.Fprintf(st.err, "  %-18s %s\n", c.name, c.summary)
		}
		fmt.Fprintln(st.err, "\nExit codes: 0 success, 1 refused (message constant on stderr), 2 usage, 3 server unreachable or malformed answer.")
		return exitUsage
	}
	var call *apiCall
	for i := range calls {
		if calls[i].name == args[0] {
			call = &calls[i]
		}
	}
	if call == nil {
		logErr(st, "api", fmt.Errorf("unknown call %q (run 'biokiosk api' for the list)", args[0]))
		return exitUsage
	}
	fs := flag.NewFlagSet("api "+call.name, flag.ContinueOnError)
	fs.SetOutput(st.err)
	sf := addServerFlags(fs)
	fs.Bool("json", true, "print the decoded answer as JSON (always on)")
	images := fs.Bool("include-images", false, "keep base64 image crops in the output (they are elided by default)")
	do := call.setup(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return exitUsage
	}
	a := newApp(st, sf.settings(), "", "")
	defer a.Close()
	c, err := a.Client(ctx)
	if err != nil {
		fmt.Fprintf(st.err, "biokiosk api %s: %v\n", call.name, err)
		return exitUsage
	}
	res, err := do(ctx, c)
	if _, partial := res.([]voiceStep); err == nil || partial {
		if werr := printJSON(st.out, res, *images); werr != nil {
			fmt.Fprintf(st.err, "biokiosk api %s: %v\n", call.name, werr)
			return exitTransport
		}
	}
	return apiExit(st, call.name, res, err)
}

// apiExit maps a call's result and error to an exit code and the one-line
// message on stderr.
func apiExit(st *stdio, name string, res any, err error) int {
	if err != nil {
		var coded interface{ Code() string }
		var ae *biometrics.APIError
		switch {
		case errors.Is(err, errUsage), errors.Is(err, biometrics.ErrMissingArgument), errors.Is(err, biometrics.ErrInvalidUserID),
			errors.Is(err, biometrics.ErrPhotoFormat), errors.Is(err, biometrics.ErrPhotoTooLarge), errors.Is(err, biometrics.ErrAudioFormat),
			errors.Is(err, biometrics.ErrNoCredentials), errors.Is(err, os.ErrNotExist):
			fmt.Fprintf(st.err, "biokiosk api %s: %v\n", name, err)
			return exitUsage
		case errors.As(err, &ae):
			fmt.Fprintln(st.err, ae.Code())
			return exitRefused
		case errors.As(err, &coded):
			fmt.Fprintf(st.err, "%s: %v\n", coded.Code(), err)
			return exitTransport
		}
		fmt.Fprintf(st.err, "biokiosk api %s: %v\n", name, err)
		return exitTransport
	}
	if m, ok := refusal(res); ok {
		fmt.Fprintln(st.err, m)
		return exitRefused
	}
	return exitOK
}

// refusal reports a status:false outcome and its message.
func refusal(res any) (string, bool) {
	switch r := res.(type) {
	case interface {
		OK() bool
	}:
		if !r.OK() {
			return messageOf(res), true
		}
	case []voiceStep:
		if len(r) > 0 && !r[len(r)-1].Answer.OK() {
			return string(r[len(r)-1].Answer.Message), true
		}
	case biometrics.ZoomResult:
		if !r.Passed() {
			return "LIVENESS_" + strings.ToUpper(r.Data.LivenessResult), true
		}
	}
	return "", false
}

func messageOf(res any) string {
	b, _ := json.Marshal(res)
	var m struct{ Message string }
	_ = json.Unmarshal(b, &m)
	if m.Message == "" {
		return "STATUS_FALSE"
	}
	return m.Message
}

// printJSON writes v indented. Unless images is set, long base64 image
// crops (document answers) are replaced by a note, so that a redirected
// output never holds biometric images; outputs that hold no images pass
// true and keep their field order.
func printJSON(w io.Writer, v any, images bool) error {
	if images {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if !images {
		var generic any
		if err := json.Unmarshal(b, &generic); err != nil {
			return err
		}
		generic = elideImages(generic)
		if b, err = json.Marshal(generic); err != nil {
			return err
		}
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// elideImages replaces strings longer than 256 characters that look like
// base64 with "<N bytes of base64 omitted>".
func elideImages(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = elideImages(x)
		}
	case []any:
		for i, x := range t {
			t[i] = elideImages(x)
		}
	case string:
		if len(t) > 256 && !strings.ContainsAny(t, " \n") {
			return fmt.Sprintf("<%d bytes of base64 omitted; --include-images to keep>", len(t))
		}
	}
	return v
}
