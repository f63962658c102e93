package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/capture/autocapture"
	"biokiosk/capture/camera"
	"biokiosk/capture/document"
	"biokiosk/capture/face"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/logging"
	"biokiosk/records"
	"biokiosk/sandbox"
	"biokiosk/ui"
)

// RunnerSpec describes the flows one runner serves, for the command line
// and the GUI alike: the GUI's session (steps, devices, previews, sink;
// a voice step on a back end without voice biometrics is dropped, with
// a note on the log) and what only the command line sets.
type RunnerSpec struct {
	ui.Session
	// Realtime plays file sources at their real rate.
	Realtime bool
	// Gate is the face capture gate (zero: face.DefaultConfig).
	Gate *face.Config
	// CaptureTimeout bounds one face or document capture (0: the
	// capture's default).
	CaptureTimeout time.Duration
	// Fingers are BioPass ID's fingerprint images.
	Fingers [][]byte
}

// ErrNoMicrophone wraps a microphone that could not be opened.
var ErrNoMicrophone = errors.New("no microphone")

// ErrNoDocumentCheck says a document step was asked of a back end that
// does not check identity documents.
var ErrNoDocumentCheck = errors.New("this back end does not check identity documents")

// NewRunner builds a flow runner on the configured back end, with the
// records store as its directory and audit log: every flow it runs is
// logged (ids and codes only) when it finishes, before the Finished event
// reaches spec.Sink. close releases the analyzer and the microphone.
func (a *App) NewRunner(ctx context.Context, spec RunnerSpec) (r *flow.Runner, close func(), err error) {
	backend, cfg, err := a.runnerBackend(ctx, spec)
	if err != nil {
		return nil, nil, err
	}
	store, err := a.Records(ctx)
	if err != nil {
		return nil, nil, err
	}
	srv, sb, err := a.Server(ctx)
	if err != nil {
		return nil, nil, err
	}
	cfg.VoiceSamples = voiceSamples(srv, sb != nil)
	file, err := config.LoadEffective(os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Deadline == 0 && file.FlowDeadlineSeconds > 0 {
		cfg.Deadline = time.Duration(file.FlowDeadlineSeconds) * time.Second
	}
	bp, derived := backend.(adapters.BioPassID)
	dir := a.directory(store, sb != nil || (derived && len(bp.IDKey) > 0), file)
	journal := store.Journal(journalKey(srv, sb != nil))
	if cfg.Holder, err = a.holder(); err != nil {
		return nil, nil, err
	}
	if err := a.startLease(ctx, store); err != nil {
		return nil, nil, err
	}
	a.swept.Do(func() { a.sweepAtStart(ctx, backend, store, journal) })
	a.useDevices(spec.Camera, spec.Microphone, cfg.Voice)
	cam, mic, release, err := a.runnerDevices(spec, cfg)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	sp, err := a.AuditSpool(ctx)
	if err != nil {
		return nil, nil, err
	}
	r, err = flow.New(backend, cam, mic, dir, cfg, a.audited(store, sp, cfg.Holder, spec.Sink))
	if err != nil {
		return nil, nil, fmt.Errorf("flow: %w", err)
	}
	r.SetJournal(journal)
	if cfg.Document != "" {
		r.SetDocumentCamera(documentCamera(spec))
	}
	return r, release, nil
}

// runnerBackend is the configured back end for spec, and spec's flow
// configuration fitted to it: a voice step it cannot run is dropped
// (with a note on the log), a document step it cannot run refused.
func (a *App) runnerBackend(ctx context.Context, spec RunnerSpec) (flow.Backend, flow.Config, error) {
	cfg := spec.Flow
	backend, err := a.Backend(ctx, spec.Fingers)
	if err != nil {
		return nil, cfg, err
	}
	if v, ok := backend.(*adapters.Verifik); ok {
		v.ForceReplace = spec.ReplaceFace
	}
	caps := flow.CapabilitiesOf(backend)
	if cfg.Voice && !caps.Voice {
		a.log.Warn("this back end has no voice biometrics: skipping the voice step", logging.Step, string(flow.StepVoice))
		cfg.Voice = false
	}
	if cfg.Document != "" && !caps.Document {
		return nil, cfg, ErrNoDocumentCheck
	}
	return backend, cfg, nil
}

// sweepAtStart cleans up, before the first runner, the registrations
// that dead processes left unfinished.
func (a *App) sweepAtStart(ctx context.Context, backend flow.Backend, store *records.Store, journal *records.Journal) {
	ctx, cancel := context.WithTimeout(ctx, sweepTimeout)
	defer cancel()
	if rep, err := a.sweep(ctx, backend, store, journal); err != nil {
		a.log.Error("clean-up of unfinished registrations", logging.Err, err)
	} else if rep.Deleted+rep.Released+rep.Pending > 0 {
		a.log.Info("clean-up of unfinished registrations: "+rep.String(), "deleted", rep.Deleted, "released", rep.Released, "pending", rep.Pending)
	}
}

// runnerDevices opens the face camera's analyzer and the microphone cfg
// needs; release closes what was opened.
func (a *App) runnerDevices(spec RunnerSpec, cfg flow.Config) (cam flow.FaceCamera, mic flow.Microphone, release func(), err error) {
	var closers []func()
	release = func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if cfg.Face {
		gate := face.DefaultConfig()
		if spec.Gate != nil {
			gate = *spec.Gate
		}
		an, closeAn, err := a.Analyzer(gate)
		if err != nil {
			return nil, nil, nil, err
		}
		closers = append(closers, closeAn)
		cam = &adapters.Camera{Source: spec.Camera, Options: camera.Options{Realtime: spec.Realtime}, Analyzer: an,
			Capture: autocapture.Config{Options: autocapture.Options{Timeout: spec.CaptureTimeout}, Preview: spec.Preview}}
	}
	if cfg.Voice {
		src, closeMic, err := a.Mic(spec.Microphone, spec.Realtime)
		if err != nil {
			release()
			return nil, nil, nil, fmt.Errorf("%w: %w", ErrNoMicrophone, err)
		}
		closers = append(closers, closeMic)
		mic = &adapters.Mic{Source: src}
	}
	return cam, mic, release, nil
}

// documentCamera is spec's document camera: its own source, or the face
// camera when it has none (the person holds the document up to it).
func documentCamera(spec RunnerSpec) *adapters.DocumentCamera {
	src := spec.DocumentCamera
	if src == "" {
		src = spec.Camera
	}
	return &adapters.DocumentCamera{Source: src, Options: camera.Options{Realtime: spec.Realtime},
		Capture: document.CaptureOptions{Timeout: spec.CaptureTimeout, Preview: spec.DocumentPreview}}
}

// directory is the flow's directory on store: a kiosk on a configured
// server (which other kiosks may share) with its own directory refuses
// to register unless the site is declared single-kiosk. unique says the
// number cannot be registered twice anyway: the embedded sandbox (a
// server of this kiosk's own), or BioPass ID with CustomIDs derived from
// the number (the server keeps them unique). Staff and the CLI keep
// registering (a staff member sees who they register).
func (a *App) directory(store *records.Store, unique bool, file config.File) flow.Directory {
	if a.set.Kiosk && !unique && !store.Shared() && !file.SingleKiosk {
		return perKioskDirectory{store}
	}
	return store
}

// perKioskDirectory is a kiosk's own directory on a site not declared
// single-kiosk: look-ups work (verification), registration is refused
// before anything is reserved or created.
type perKioskDirectory struct{ *records.Store }

// Reserve refuses every registration.
func (perKioskDirectory) Reserve(context.Context, string, string) (string, bool, error) {
	return "", false, &flow.Error{Code: flow.CodeDirectoryNotShared,
		Detail: "this kiosk's customer numbers are in its own directory, unique on this kiosk only: register on a shared (PostgreSQL) directory, or declare the site single-kiosk (\"single_kiosk\": true in the config file)"}
}

// voiceSamples is how many accepted samples the server's voice dialogues
// take. The vendor does not document it: the embedded sandbox's are
// known, a configured server's come from its settings (voice_samples,
// voice_verify_samples; 0 = unknown, and the kiosk shows no total).
func voiceSamples(srv config.Server, sandboxed bool) flow.VoiceSamples {
	if sandboxed {
		return flow.VoiceSamples{Enroll: sandbox.EnrollSamples, Verify: sandbox.VerifySamples}
	}
	return flow.VoiceSamples{Enroll: srv.VoiceSamples, Verify: srv.VoiceVerifySamples}
}

// sweepTimeout bounds the start-up clean-up, so a server that is down
// delays the first flow by this much at most (what is left waits for the
// next start or "biokiosk cleanup").
const sweepTimeout = 20 * time.Second

// auditTimeout bounds writing one session to the audit log.
const auditTimeout = 5 * time.Second

// serverFailure says a flow failed on the server (not on the person or
// a device): its remembered checks no longer hold.
func serverFailure(code flow.Code) bool {
	switch code {
	case flow.CodeServerUnreachable, flow.CodeServerError, flow.CodeFlowDeadline, "MALFORMED_RESPONSE", "UNAUTHORIZED",
		flow.Code(biometrics.MsgInvalidAuthenticationHeaders), flow.Code(biometrics.MsgAuthenticationHeadersMissing),
		flow.Code(biometrics.MsgClientNotFound), flow.Code(biometrics.MsgRequestLimitReached):
		return true
	}
	return false
}

// SessionOf is the audit-log entry of a result that ended at end on the
// kiosk (ids and codes only).
func SessionOf(r flow.Result, kiosk string, end time.Time) records.Session {
	s := records.Session{StartedAt: end.Add(-time.Duration(r.MS) * time.Millisecond), KioskID: kiosk, Flow: string(r.Flow), Outcome: string(r.Outcome),
		UserID: r.UserID, CustomerNumber: r.CustomerNumber, MS: r.MS}
	if r.Error != nil {
		s.ErrorCode = string(r.Error.Code)
	}
	for _, st := range r.Steps {
		step := records.Step{Step: string(st.Step), Result: string(st.Result), Attempts: st.Attempts, MS: st.MS}
		for _, r := range st.Refusals {
			step.Refusals = append(step.Refusals, records.Refusal{Attempt: r.Attempt, Code: string(r.Code), Score: r.Score})
		}
		s.Steps = append(s.Steps, step)
	}
	return s
}
