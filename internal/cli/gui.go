package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/capture/audio"
	"biokiosk/capture/autocapture"
	"biokiosk/capture/camera"
	"biokiosk/capture/document"
	"biokiosk/capture/face"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/records"
	"biokiosk/sandbox"
	"biokiosk/ui"
)

// cmdGUI starts the Fyne app: the staff app, or the kiosk with --kiosk.
func cmdGUI(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("gui", flag.ContinueOnError)
	fs.SetOutput(st.err)
	kiosk := fs.Bool("kiosk", false, "full-screen kiosk mode (leave it with the staff gesture and PIN)")
	windowed := fs.Bool("windowed", false, "kiosk mode in a window (for trying it on a desktop)")
	contrast := fs.Bool("high-contrast", false, "high-contrast colours")
	scale := fs.Float64("scale", 0, "UI scale (default 1, 1.3 in kiosk mode)")
	shots := fs.String("screenshots", "", "walk the kiosk's main screens by itself and write a PNG of each into this folder (needs --camera)")
	cam := fs.String("camera", "", "camera source for --screenshots")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(st.err, "biokiosk: no display to show the app on. Run it in a desktop session (or under xvfb-run), or use the headless commands: biokiosk help")
		return 3
	}
	g, err := newGUIServices(ctx, st)
	if err != nil {
		return fail(st, "gui", err)
	}
	defer g.Close()
	if *shots != "" {
		if *cam == "" {
			fmt.Fprintln(st.err, "biokiosk gui --screenshots needs --camera (a video or an image file works)")
			return 2
		}
		if err := ui.Screenshots(g, configStore{}, *shots, *cam); err != nil {
			return fail(st, "gui", err)
		}
		fmt.Fprintln(st.out, "screenshots in", *shots)
		return 0
	}
	if err := ui.Run(g, configStore{}, ui.Options{Kiosk: *kiosk, Windowed: *windowed, HighContrast: *contrast, Scale: float32(*scale)}); err != nil {
		return fail(st, "gui", err)
	}
	return 0
}

// configStore keeps the GUI's server settings in the config file the CLI
// reads (the secret stays where it is: the file or the environment).
type configStore struct{}

func (configStore) LoadServer() (string, string, string) {
	path, err := config.Path(os.Getenv)
	if err != nil {
		return "", "", ""
	}
	f, err := config.Load(path)
	if err != nil {
		return "", "", ""
	}
	return f.Server, f.APIVersion, f.Key
}

// SaveSecret keeps the secret in the OS keyring (never in a file).
func (configStore) SaveSecret(key, secret string) error { return storeSecret(key, secret) }

func (configStore) SaveServer(url, version, key string) error {
	path, err := config.Path(os.Getenv)
	if err != nil {
		return err
	}
	f, err := config.Load(path)
	if err != nil {
		return err
	}
	f.Server, f.APIVersion, f.Key = url, version, key
	return config.Save(path, f)
}

// guiServices implement ui.Services on the same parts as the CLI.
type guiServices struct {
	st      *stdio
	records *records.Store
	models  *face.Models

	mu      sync.Mutex // guards sb
	sb      *embeddedSandbox
	devices sync.Mutex // one capture at a time: the models, camera and microphone
}

func newGUIServices(ctx context.Context, st *stdio) (*guiServices, error) {
	path, err := records.DefaultPath()
	if err != nil {
		return nil, err
	}
	store, err := records.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	g := &guiServices{st: st, records: store}
	if dir, err := face.FindModelsDir(os.Getenv); err == nil {
		if g.models, err = face.LoadModels(dir); err != nil {
			store.Close()
			return nil, err
		}
	}
	return g, nil
}

// Close stops the embedded sandbox and frees the models. The models are
// freed only once no session holds them (waiting up to 5 s): a capture
// still running on freed networks would crash; at exit, leaving them to
// the OS is harmless.
func (g *guiServices) Close() {
	idle := make(chan struct{})
	go func() {
		g.devices.Lock()
		close(idle)
	}()
	freed := false
	select {
	case <-idle:
		if g.models != nil {
			g.models.Close()
		}
		freed = true
	case <-time.After(5 * time.Second):
	}
	g.mu.Lock()
	if g.sb != nil {
		_ = g.sb.Close()
	}
	g.mu.Unlock()
	if freed {
		g.records.Close()
	}
}

// server resolves the configured server, or points at the embedded
// sandbox (started once, on first use).
func (g *guiServices) server(ctx context.Context) (config.Server, *embeddedSandbox, error) {
	srv, err := resolveServer(&serverFlags{})
	if err != nil || srv.Configured() {
		return srv, nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.sb == nil {
		db, err := sandboxDBPath()
		if err == nil {
			g.sb, err = startSandbox(ctx, "127.0.0.1:0", sandbox.Config{DB: db})
		}
		if err != nil {
			return srv, nil, fmt.Errorf("no server configured and the built-in sandbox did not start: %w", err)
		}
	}
	srv.URL, srv.Key, srv.Secret, srv.AllowInsecureHTTP = g.sb.URL, g.sb.Key, g.sb.Secret, true
	return srv, g.sb, nil
}

// guiFlags are the server options the GUI uses (the CLI's defaults).
func guiFlags() *serverFlags {
	return &serverFlags{pins: os.Getenv("BIOKIOSK_PIN_SPKI"), timeout: biometrics.DefaultTimeout}
}

// client is a BiometrID client on the configured server (look-ups,
// deletions and the server check are BiometrID calls).
func (g *guiServices) client(ctx context.Context) (*biometrics.Client, error) {
	srv, _, err := g.server(ctx)
	if err != nil {
		return nil, err
	}
	if srv.Backend != config.BackendBiometrID {
		return nil, fmt.Errorf("%w: look-ups, deletions and the server check use BiometrID calls; the configured back end is %s", errNotSupported, srv.Backend)
	}
	return newAPIClient(srv, guiFlags())
}

// backend is the configured back end.
func (g *guiServices) backend(ctx context.Context) (flow.Backend, error) {
	srv, sb, err := g.server(ctx)
	if err != nil {
		return nil, err
	}
	return backendFor(g.st, srv, sb, guiFlags(), nil)
}

// Capabilities implements ui.Services.
func (g *guiServices) Capabilities() flow.Capabilities {
	srv, err := resolveServer(&serverFlags{})
	if err != nil {
		return flow.AllCapabilities // the session itself will report the error
	}
	return capabilitiesOf(srv.Backend)
}

// analyzer is a fresh analyzer on the shared models (or the Haar
// fallback); callers hold g.devices.
func (g *guiServices) analyzer() (*face.Analyzer, func(), error) {
	if g.models != nil {
		a := face.NewAnalyzer(g.models, face.DefaultConfig())
		return a, a.Close, nil
	}
	a, err := face.NewFallbackAnalyzer(face.HaarCascade, face.DefaultConfig())
	if err != nil {
		return nil, nil, fmt.Errorf("face models missing (run make models) and no fallback: %w", err)
	}
	return a, a.Close, nil
}

var errBusy = errors.New("the camera is in use by another session")

// errNotSupported marks a staff action the configured back end lacks.
var errNotSupported = errors.New("not supported by this back end")

// NewRunner implements ui.Services.
func (g *guiServices) NewRunner(s ui.Session) (*flow.Runner, func(), error) {
	if !g.devices.TryLock() {
		return nil, nil, errBusy
	}
	var closers []func()
	release := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
		g.devices.Unlock()
	}
	probe, err := camera.Open(s.Camera, camera.Options{})
	if err != nil {
		release()
		return nil, nil, fmt.Errorf("no camera at %q (%v). Set a camera in Settings: a device such as 0 or /dev/video0, an IP camera URL, a video file or an image", s.Camera, err)
	}
	probe.Close()
	an, closeAn, err := g.analyzer()
	if err != nil {
		release()
		return nil, nil, err
	}
	closers = append(closers, closeAn)
	var mic flow.Microphone
	if s.Voice {
		src, closeMic, err := openMic(s.Microphone, true)
		if err != nil {
			release()
			return nil, nil, fmt.Errorf("no microphone (%v). Set one in Settings (a device or a WAV file), or switch the voice step off", err)
		}
		closers = append(closers, closeMic)
		mic = &adapters.Mic{Source: src}
	}
	b, err := g.backend(context.Background())
	if err != nil {
		release()
		return nil, nil, err
	}
	cam := &adapters.Camera{Source: s.Camera, Options: camera.Options{Realtime: true}, Analyzer: an,
		Capture: autocapture.Config{Preview: s.Preview}}
	cfg := flow.Config{Face: true, Voice: s.Voice, Language: s.Language, IdleTimeout: s.Idle, Document: s.Document}
	r, err := flow.New(b, cam, mic, g.records, cfg, s.Sink)
	if err != nil {
		release()
		return nil, nil, err
	}
	if s.Document != "" {
		src := s.DocumentCamera
		if src == "" {
			src = s.Camera // the person holds the document up to the face camera
		}
		r.SetDocumentCamera(&adapters.DocumentCamera{Source: src, Options: camera.Options{Realtime: true},
			Capture: document.CaptureOptions{Preview: s.DocumentPreview}})
	}
	return r, release, nil
}

// EnrollStatus implements ui.Services.
func (g *guiServices) EnrollStatus(ctx context.Context, userID string) (flow.EnrollStatus, error) {
	b, err := g.backend(ctx)
	if err != nil {
		return flow.EnrollStatus{}, err
	}
	return b.EnrollStatus(ctx, userID)
}

// ResolveReference implements ui.Services.
func (g *guiServices) ResolveReference(ctx context.Context, ref string) (string, bool, error) {
	return g.records.Lookup(ctx, ref)
}

// Delete implements ui.Services.
func (g *guiServices) Delete(ctx context.Context, what, userID string) error {
	c, err := g.client(ctx)
	if err != nil {
		return err
	}
	switch what {
	case "user":
		_, err = c.DeleteUser(ctx, userID)
	case "face":
		_, err = c.DeleteFace(ctx, userID)
	case "voice":
		_, err = c.DeleteVoice(ctx, userID, "")
	default:
		err = fmt.Errorf("unknown deletion %q", what)
	}
	return err
}

// CheckServer implements ui.Services.
func (g *guiServices) CheckServer(ctx context.Context) (int, error) {
	c, err := g.client(ctx)
	if err != nil {
		return 0, err
	}
	l, err := c.Languages(ctx)
	return len(l.Languages), err
}

// CameraTest implements ui.Services: live analysis on the camera (looping
// file sources) until ctx ends.
func (g *guiServices) CameraTest(ctx context.Context, source string, preview func(*autocapture.Preview)) error {
	if !g.devices.TryLock() {
		return errBusy
	}
	defer g.devices.Unlock()
	an, closeAn, err := g.analyzer()
	if err != nil {
		return err
	}
	defer closeAn()
	for ctx.Err() == nil {
		src, err := camera.Open(source, camera.Options{Realtime: true})
		if err != nil {
			return err
		}
		_, err = autocapture.Run(ctx, src, an, autocapture.Config{Options: autocapture.Options{Timeout: time.Hour, Dwell: time.Hour}, Preview: preview})
		src.Close()
		if err != nil && ctx.Err() == nil {
			return err
		}
	}
	return nil
}

// MicTest implements ui.Services.
func (g *guiServices) MicTest(ctx context.Context, source string, level func(flow.Level)) (flow.VoiceSample, error) {
	if !g.devices.TryLock() {
		return flow.VoiceSample{}, errBusy
	}
	defer g.devices.Unlock()
	src, closeMic, err := openMic(source, true)
	if err != nil {
		return flow.VoiceSample{}, err
	}
	defer closeMic()
	return (&adapters.Mic{Source: src, Config: audio.RecordConfig{}}).RecordUtterance(ctx, level)
}
