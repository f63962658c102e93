package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"biokiosk/adapters"
	"biokiosk/capture/camera"
	"biokiosk/flow"
	"biokiosk/logging"
)

// Health is the kiosk's verdict for operations: each part "ok", "not
// checked" (with why) or what is wrong.
type Health struct {
	OK         bool              `json:"ok"`
	Checks     map[string]string `json:"checks"`
	CheckedAt  time.Time         `json:"checked_at"`
	DurationMS int64             `json:"duration_ms"`
	// Backend is what the kiosk talks to; a sandbox on a fleet kiosk is
	// unhealthy (checks.backend says why).
	Backend BackendKind `json:"backend"`
	// ServerCheckedAt is when the server was last checked: the check is
	// cached for HealthServerTTL, so that scraping /healthz costs at
	// most one billable call a minute.
	ServerCheckedAt time.Time `json:"server_checked_at"`
}

// healthTimeout bounds one health check.
const healthTimeout = 10 * time.Second

// HealthServerTTL is how long /healthz reuses its last server check: the
// check is an authenticated call the bank pays for. The devices and the
// directory are checked live.
const HealthServerTTL = time.Minute

// serverCheckCache is the last server check. run is held during a
// check, so hits that arrive meanwhile wait for it instead of making their
// own; mu guards the verdict, so a forget (a reload on the UI goroutine)
// never waits for a running check: it bumps gen, and the check that
// started before it drops its verdict.
type serverCheckCache struct {
	run sync.Mutex
	mu  sync.Mutex
	at  time.Time // zero: none yet (or forgotten by Reload)
	err error
	gen uint64
}

// forgetServerCheck drops the cached check, /healthz's and the back
// ends' preflight results alike: the settings changed.
func (a *App) forgetServerCheck() {
	a.hc.mu.Lock()
	a.hc.at, a.hc.err = time.Time{}, nil
	a.hc.gen++
	a.hc.mu.Unlock()
	a.forgetChecks()
}

// cachedServerCheck is checkServer at most once per HealthServerTTL.
func (a *App) cachedServerCheck(ctx context.Context) (time.Time, error) {
	a.hc.run.Lock()
	defer a.hc.run.Unlock()
	a.hc.mu.Lock()
	at, err, gen := a.hc.at, a.hc.err, a.hc.gen
	a.hc.mu.Unlock()
	if !at.IsZero() && time.Since(at) < HealthServerTTL {
		return at, err
	}
	err = a.checkServer(ctx)
	at = time.Now()
	if ctx.Err() != nil && err != nil {
		return at, err // the caller gave up: not the server's verdict
	}
	a.hc.mu.Lock()
	if a.hc.gen == gen { // not forgotten meanwhile
		a.hc.at, a.hc.err = at, err
	}
	a.hc.mu.Unlock()
	return at, err
}

// Health checks the server (it answers and accepts the credentials), the
// directory, and the camera and microphone of the last self-check or flow
// (a kiosk's devices are set in its settings: until its start-up
// self-check they are not known here). A device held by a running session
// counts as working.
func (a *App) Health(ctx context.Context) Health {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	t0 := time.Now()
	h := Health{OK: true, Checks: map[string]string{}, CheckedAt: t0.UTC()}
	set := func(part string, err error) {
		if err != nil {
			h.OK = false
			h.Checks[part] = err.Error()
			return
		}
		h.Checks[part] = "ok"
	}
	h.Backend = a.BackendKind()
	if h.Backend.Fleet && h.Backend.Kind == KindSandbox {
		set("backend", fmt.Errorf("the embedded sandbox on a fleet kiosk (%s): customers are enrolled into a local test server", h.Backend.FleetWhy))
	} else {
		set("backend", nil)
	}
	var serverErr error
	h.ServerCheckedAt, serverErr = a.cachedServerCheck(ctx)
	h.ServerCheckedAt = h.ServerCheckedAt.UTC()
	set("server", serverErr)
	set("directory", a.checkDirectory(ctx))
	a.resMu.Lock()
	cam, mic, voice := a.lastCamera, a.lastMic, a.lastVoice
	a.resMu.Unlock()
	switch {
	case cam == "":
		h.Checks["camera"] = "not checked: no session yet"
		h.Checks["microphone"] = "not checked: no session yet"
	case !a.devices.try():
		h.Checks["camera"] = "ok: in use by a session"
		h.Checks["microphone"] = "ok: in use by a session"
	default:
		camErr, micErr := a.checkDevices(ctx, cam, mic, voice)
		a.devices.release()
		set("camera", camErr)
		if voice {
			set("microphone", micErr)
		} else {
			h.Checks["microphone"] = "not used: the voice step is off"
		}
	}
	h.DurationMS = time.Since(t0).Milliseconds()
	return h
}

// useDevices records the devices a kiosk uses, for Health.
func (a *App) useDevices(cam, mic string, voice bool) {
	a.resMu.Lock()
	a.lastCamera, a.lastMic, a.lastVoice = cam, mic, voice
	a.resMu.Unlock()
}

// checkDevices checks that the camera gives a frame and, with voice, that
// the microphone opens; callers hold a.devices.
func (a *App) checkDevices(ctx context.Context, cam, mic string, voice bool) (camErr, micErr error) {
	camErr = (&adapters.Camera{Source: cam, Options: camera.Options{}}).Check(ctx)
	if voice {
		var closeMic func()
		if _, closeMic, micErr = a.Mic(mic, false); micErr == nil {
			closeMic()
		}
	}
	return camErr, micErr
}

// checkServer checks that the back end answers and accepts the
// credentials (flow.Checker).
func (a *App) checkServer(ctx context.Context) error {
	b, err := a.Backend(ctx, nil)
	if err != nil {
		return err
	}
	if c, ok := b.(flow.Checker); ok {
		return c.Check(ctx)
	}
	return nil
}

func (a *App) checkDirectory(ctx context.Context) error {
	store, err := a.Records(ctx)
	if err != nil {
		return err
	}
	_, _, err = store.Lookup(ctx, "biokiosk-health-probe")
	return err
}

// OpsHandler serves /healthz (JSON; 200 when every check passes, 503
// otherwise) and /metrics (Prometheus text format).
func (a *App) OpsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		h := a.Health(r.Context())
		w.Header().Set("Content-Type", "application/json")
		if !h.OK {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(h)
	})
	return mux
}

// ServeOps serves OpsHandler on addr (loopback by default: a fleet's
// monitoring scrapes it through its own agent) until the returned stop
// is called.
func (a *App) ServeOps(addr string) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: a.OpsHandler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("health and metrics endpoint stopped", logging.Err, err)
		}
	}()
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
