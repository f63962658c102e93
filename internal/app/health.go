package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"biokiosk/adapters"
	"biokiosk/capture/camera"
	"biokiosk/flow"
	"biokiosk/internal/logging"
)

// Health is the kiosk's verdict for operations: each part "ok", "not
// checked" (with why) or what is wrong.
type Health struct {
	OK         bool              `json:"ok"`
	Checks     map[string]string `json:"checks"`
	CheckedAt  time.Time         `json:"checked_at"`
	DurationMS int64             `json:"duration_ms"`
}

// healthTimeout bounds one health check.
const healthTimeout = 10 * time.Second

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
	set("server", a.checkServer(ctx))
	set("directory", a.checkDirectory(ctx))
	a.resMu.Lock()
	cam, mic, voice := a.lastCamera, a.lastMic, a.lastVoice
	a.resMu.Unlock()
	switch {
	case cam == "":
		h.Checks["camera"] = "not checked: no session yet"
		h.Checks["microphone"] = "not checked: no session yet"
	case !a.devices.TryLock():
		h.Checks["camera"] = "ok: in use by a session"
		h.Checks["microphone"] = "ok: in use by a session"
	default:
		camErr, micErr := a.checkDevices(ctx, cam, mic, voice)
		a.devices.Unlock()
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
