// Package app composes biokiosk: from plain settings it builds the server
// resolution, the embedded sandbox, the back ends, the records store, the
// audio host, the face models and the flow runner, for the command line
// and the GUI alike (one runner constructor, so both write the same audit
// log). Services adapts an App to ui.Services.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"biokiosk/adapters"
	"biokiosk/capture/audio/mic"
	"biokiosk/capture/face"
	"biokiosk/config"
	"biokiosk/flow"
	_ "biokiosk/internal/app/locale" // before Fyne reads the locale
	"biokiosk/logging"
	"biokiosk/records"
)

// Settings configure an App.
type Settings struct {
	// Server are the server options given besides the environment and
	// the config file (the command line's flags; zero for the GUI).
	Server ServerSettings
	// Records is where the directory and the audit log live: a
	// PostgreSQL DSN or a SQLite path (the flag; "" falls back on
	// $BIOKIOSK_DIRECTORY_DSN, the config file's directory_dsn, then
	// records.DefaultPath).
	Records string
	// KioskID names this kiosk in the audit log ("" falls back on
	// $BIOKIOSK_KIOSK_ID, the config file's kiosk_id, the host name).
	KioskID string
	// Kiosk says the app runs as a kiosk (biokiosk --kiosk): on a
	// configured server with a per-kiosk (SQLite) directory it refuses to
	// register unless the config file declares "single_kiosk".
	Kiosk bool
	// StateDir is where the instance id and the audit spool are kept
	// ("" falls back on $BIOKIOSK_STATE_DIR, then <config dir>/biokiosk).
	StateDir string
	// Logger receives notes for the operator (the embedded sandbox
	// started, a face-model fallback, an audit-log failure); nil drops
	// them. Nothing logged holds biometric data, a person's ids or a
	// secret (package logging).
	Logger *slog.Logger
}

// App holds what the process shares: resolved server settings, the
// embedded sandbox, the records store, the audio host and the face
// models. Each is opened on first use and closed by Close.
type App struct {
	set     Settings
	log     *slog.Logger
	metrics *Metrics

	rtOnce sync.Once // builds rt, the metered (and pinned) transport
	rt     http.RoundTripper
	rtErr  error

	mu       sync.Mutex // guards the resolved settings and checks: never held for I/O
	resolved bool
	srv      config.Server
	srvErr   error
	caps     flow.Capabilities
	fleet    bool   // config.Fleet: no silent sandbox
	fleetWhy string // why it is a fleet kiosk

	// hc caches the server's health check (healthServerTTL): /healthz
	// may be scraped often, and each check is a billable call.
	hc serverCheckCache

	sbMu sync.Mutex // guards sb
	sb   *Sandbox

	checks map[string]*adapters.CheckCache // per server (journalKey): remembered server checks (mu)

	instOnce sync.Once // resolves instance (InstanceID)
	instance string
	instErr  error

	leaseMu              sync.Mutex // guards the lease's goroutine (startLease)
	leaseStop, leaseDone chan struct{}
	// heartbeatEvery and sweepEvery are the lease's heartbeat period and
	// how often a running kiosk cleans up after dead ones (0:
	// records.HeartbeatEvery and records.LeaseTTL; tests shorten them).
	heartbeatEvery, sweepEvery time.Duration

	resMu   sync.Mutex // guards the resources below
	store   *records.Store
	spool   *records.Spool
	fwdMu   sync.Mutex // one ForwardAudit at a time
	kioskID string
	// lastCamera, lastMic and lastVoice are the devices the last runner
	// used, for Health.
	lastCamera, lastMic string
	lastVoice           bool
	swept               sync.Once // the start-up clean-up (Sweep), before the first runner
	host                *mic.Host
	openHost            func() (*mic.Host, error) // mic.OpenHost; tests count calls
	models              *face.Models
	noModel             bool // models looked for and absent: the Haar fallback

	// devices allows one capture at a time on the models, camera and
	// microphone; Close waits for it, up to closeWait (0: 5 s), and
	// keeps it: nothing captures on what Close freed.
	devices   deviceGate
	closeWait time.Duration
}

// New builds an App; nothing is opened or resolved yet. The server
// settings are resolved on first use, or by Reload (the GUI calls it at
// start-up so that no UI call has to).
func New(set Settings) *App {
	a := &App{set: set, log: set.Logger, openHost: mic.OpenHost, metrics: newMetrics(), devices: newDeviceGate()}
	if a.log == nil {
		a.log = logging.Discard()
	}
	return a
}

// SetKiosk says the app runs as a kiosk (Settings.Kiosk); call it before
// the first runner.
func (a *App) SetKiosk(on bool) { a.set.Kiosk = on }

// Metrics are the App's counters for /metrics.
func (a *App) Metrics() *Metrics { return a.metrics }

// Logger is the App's logger.
func (a *App) Logger() *slog.Logger { return a.log }

// Records returns the records store (ids and the audit log), opened on
// first use.
func (a *App) Records(ctx context.Context) (*records.Store, error) {
	a.resMu.Lock()
	defer a.resMu.Unlock()
	if a.store != nil {
		return a.store, nil
	}
	rec, err := a.recordsSettings()
	if err != nil {
		return nil, err
	}
	s, err := records.Open(ctx, rec.Where)
	if err != nil {
		return nil, fmt.Errorf("records: %w", err)
	}
	a.store, a.kioskID = s, rec.KioskID
	if _, err := a.InstanceID(); err != nil {
		a.log.Error("no instance id", logging.Err, err)
	}
	return s, nil
}

// recordsSettings resolves where the records live and the kiosk id.
func (a *App) recordsSettings() (config.Records, error) {
	file, err := config.LoadEffective(os.Getenv)
	if err != nil {
		return config.Records{}, fmt.Errorf("records: %w", err)
	}
	rec := config.ResolveRecords(a.set.Records, a.set.KioskID, os.Getenv, file)
	if rec.Where == "" {
		p, err := records.DefaultPath()
		if err != nil {
			return config.Records{}, fmt.Errorf("records: %w", err)
		}
		rec.Where = p
	}
	return rec, nil
}

// Close releases what the App opened. The models are freed only once no
// capture holds them (waiting up to 5 s): a capture still running on
// freed networks would crash; at exit, leaving them to the OS is
// harmless. The records store and the audio host close with them.
// When the wait gives up, nothing is left waiting for the devices: the
// capture that holds them releases them as usual.
func (a *App) Close() {
	a.stopLease()
	wait := a.closeWait
	if wait <= 0 {
		wait = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	freed := a.devices.acquire(ctx) == nil
	cancel()
	a.sbMu.Lock()
	if a.sb != nil {
		_ = a.sb.Close()
		a.sb = nil
	}
	a.sbMu.Unlock()
	if !freed {
		return
	}
	a.resMu.Lock()
	defer a.resMu.Unlock()
	if a.models != nil {
		_ = a.models.Close()
		a.models = nil
	}
	if a.store != nil {
		_ = a.store.Close()
		a.store = nil
	}
	if a.spool != nil {
		_ = a.spool.Close()
		a.spool = nil
	}
	if a.host != nil {
		_ = a.host.Close()
		a.host = nil
	}
}
