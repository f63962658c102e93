package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/ui"
	"biokiosk/ui/flowscreen"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fleetKiosk makes the test's machine a fleet kiosk: a system config that
// names no server (the user has none either).
func fleetKiosk(t *testing.T, sys string) {
	t.Helper()
	require.NoError(t, os.WriteFile(os.Getenv(config.EnvSystemConfig), []byte(sys), 0o644))
}

func healthOf(t *testing.T, url string) (int, Health) {
	t.Helper()
	code, body := get(t, url+"/healthz")
	var h Health
	require.NoError(t, json.Unmarshal([]byte(body), &h), body)
	return code, h
}

// A fleet kiosk whose config names no server does not enrol anyone into
// a local sandbox: the back end refuses with the reason, the self-check
// puts it out of service, /healthz and /metrics say so.
func TestFleetKioskWithoutServerIsOutOfService(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	fleetKiosk(t, `{"kiosk_id": "branch-214"}`)
	a := New(Settings{})
	t.Cleanup(a.Close)
	a.Reload()

	_, sb, err := a.Server(context.Background())
	require.ErrorIs(t, err, ErrNoServer)
	assert.Nil(t, sb, "no sandbox started")
	assert.Contains(t, err.Error(), "fleet kiosk")

	err = a.Services().SelfCheck(context.Background(), ui.Session{Camera: facetest.PNG(t, "obama.jpg")})
	var fe *flow.Error
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, flow.CodeServerNotConfigured, fe.Code)

	ops := httptest.NewServer(a.OpsHandler())
	t.Cleanup(ops.Close)
	code, h := healthOf(t, ops.URL)
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Equal(t, KindNone, h.Backend.Kind)
	assert.True(t, h.Backend.Fleet)
	assert.Contains(t, h.Checks["server"], "no server configured")
	_, metrics := get(t, ops.URL+"/metrics")
	assert.Contains(t, metrics, `biokiosk_backend_info{api="biometrid",fleet="true",kind="none"} 1`)
}

// kiosk-setup's marker makes an account a fleet kiosk without any
// system config.
func TestKioskSetupMarkerMakesAFleetKiosk(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "biokiosk"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "biokiosk", config.FleetMarkerName), nil, 0o644))
	a := New(Settings{})
	t.Cleanup(a.Close)
	_, _, err := a.Server(context.Background())
	require.ErrorIs(t, err, ErrNoServer)
}

// The sandbox on a fleet kiosk only when asked for, and then /healthz
// calls the kiosk unhealthy; on a developer's machine it stays the
// default, healthy.
func TestSandboxOnlyWhenAskedOnAFleetKiosk(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	dev := New(Settings{})
	t.Cleanup(dev.Close)
	_, sb, err := dev.Server(context.Background())
	require.NoError(t, err)
	require.NotNil(t, sb, "make run: the sandbox by default")
	h := dev.Health(context.Background())
	assert.True(t, h.OK, "%v", h.Checks)
	assert.Equal(t, BackendKind{Kind: KindSandbox, API: config.BackendBiometrID}, h.Backend)

	fleetKiosk(t, `{"backend": "sandbox"}`)
	a := New(Settings{})
	t.Cleanup(a.Close)
	_, sb, err = a.Server(context.Background())
	require.NoError(t, err)
	require.NotNil(t, sb)
	h = a.Health(context.Background())
	assert.False(t, h.OK)
	assert.Equal(t, "ok", h.Checks["server"])
	assert.Contains(t, h.Checks["backend"], "sandbox on a fleet kiosk")
	assert.Equal(t, KindSandbox, h.Backend.Kind)
}

var apiCallRE = regexp.MustCompile(`(?m)^biokiosk_api_calls_total\{[^}]*\} (\d+)$`)

// apiCalls is how many calls the App made to the biometric API.
func apiCalls(t *testing.T, opsURL string) int {
	_, m := get(t, opsURL+"/metrics")
	n := 0
	for _, s := range apiCallRE.FindAllStringSubmatch(m, -1) {
		v, err := strconv.Atoi(s[1])
		require.NoError(t, err)
		n += v
	}
	return n
}

// /healthz scraped 50 times (half of them at once) makes one call to the
// biometric API, not 50: the server check is cached for a minute; a new
// config forgets it.
func TestHealthzCachesTheServerCheck(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	a := New(Settings{})
	t.Cleanup(a.Close)
	ops := httptest.NewServer(a.OpsHandler())
	t.Cleanup(ops.Close)
	var wg sync.WaitGroup
	for range 25 {
		wg.Go(func() {
			code, _ := get(t, ops.URL+"/healthz")
			assert.Equal(t, http.StatusOK, code)
		})
	}
	wg.Wait()
	var first Health
	for range 25 {
		_, first = healthOf(t, ops.URL)
	}
	assert.Equal(t, "ok", first.Checks["server"])
	assert.False(t, first.ServerCheckedAt.IsZero())
	assert.LessOrEqual(t, apiCalls(t, ops.URL), 1, "50 hits")

	a.Reload()
	healthOf(t, ops.URL)
	assert.Equal(t, 2, apiCalls(t, ops.URL), "checked again after a reload")
}

// The kiosk of a fleet whose config lost its server shows the
// out-of-service screen with the reason for staff (not a crash, not the
// sandbox's welcome screen).
func TestFleetKioskWithoutServerShowsWhy(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	fleetKiosk(t, `{"kiosk_id": "branch-214"}`)
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "en", IdleSeconds: 60})
	waitScreen(t, r.loop, r.k, flowscreen.ScreenOutOfService, 20*time.Second)
	assert.True(t, r.contains("No biometric server is configured on this kiosk"), "the reason for staff")
	r.tap("Technical details")
	assert.True(t, r.contains("fleet kiosk"))
}

// A reload (the staff saving Settings, on the UI goroutine) does not wait
// for a /healthz server check that is under way.
func TestReloadDoesNotWaitForARunningServerCheck(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	a := New(Settings{})
	t.Cleanup(a.Close)
	a.hc.run.Lock() // a check under way
	done := make(chan struct{})
	go func() { a.Reload(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("Reload waited for the running server check")
	}
	a.hc.run.Unlock()
	<-done
}
