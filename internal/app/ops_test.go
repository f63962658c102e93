package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"biokiosk/biometrics"
	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/ui"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// After a headless registration the counters moved and the health check
// covers the devices it used; no label names the person.
func TestHealthAndMetricsAfterAFlow(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	a := New(Settings{Server: ServerSettings{Timeout: biometrics.DefaultTimeout}})
	t.Cleanup(a.Close)
	ops := httptest.NewServer(a.OpsHandler())
	t.Cleanup(ops.Close)

	code, body := get(t, ops.URL+"/healthz")
	var h Health
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	assert.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, "ok", h.Checks["server"])
	assert.Equal(t, "ok", h.Checks["directory"])
	assert.Contains(t, h.Checks["camera"], "not checked")

	r, closeRunner, err := a.NewRunner(context.Background(), RunnerSpec{Session: ui.Session{Flow: flow.Config{Face: true}, Camera: facetest.PNG(t, "obama.jpg")}})
	require.NoError(t, err)
	res := r.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "ref-31337", Consent: true})
	closeRunner()
	require.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)

	_, metrics := get(t, ops.URL+"/metrics")
	assert.Contains(t, metrics, `biokiosk_sessions_total{flow="enroll",outcome="ENROLLED"} 1`)
	assert.Contains(t, metrics, `biokiosk_api_calls_total{code="200",endpoint="POST /api/1.0/users"} 1`)
	assert.Contains(t, metrics, `endpoint="POST /api/1.0/users/:id/dialogue/enroll/face"`)
	assert.Contains(t, metrics, "biokiosk_face_step_seconds_count 1")
	assert.NotContains(t, metrics, res.UserID, "no user id in any label")
	assert.NotContains(t, metrics, "31337", "no customer number either")

	code, body = get(t, ops.URL+"/healthz")
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	assert.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, "ok", h.Checks["camera"], "the camera the session used")
}

// A camera that went away makes the kiosk unhealthy, with the reason.
func TestHealthSaysTheCameraIsGone(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	a := New(Settings{})
	t.Cleanup(a.Close)
	a.lastCamera = "/dev/video97"
	h := a.Health(context.Background())
	assert.False(t, h.OK)
	assert.True(t, strings.Contains(h.Checks["camera"], "CAMERA_UNAVAILABLE"), h.Checks["camera"])
}

func TestEndpointLabelsNameNoOne(t *testing.T) {
	for path, want := range map[string]string{
		"/api/1.1/users/5be3000bd3adgd3e152724f2/enroll/status":    "GET /api/1.1/users/:id/enroll/status",
		"/v2/face-recognition/persons/64f0c0ffee0123456789abcd":    "GET /v2/face-recognition/persons/:id",
		"/api/1.0/users/find-by-face":                              "GET /api/1.0/users/find-by-face",
		"/api/1.0/users/Ab_c/voice/delete":                         "GET /api/1.0/users/:id/voice/delete",
		"/api/1.0/users/000000000000000000000000/voice/is-pending": "GET /api/1.0/users/:id/voice/is-pending",
	} {
		assert.Equal(t, want, Endpoint("GET", path))
	}
}

// /healthz knows the kiosk's devices from its start-up self-check, so a
// kiosk out of service for its microphone is unhealthy before anyone
// uses it.
func TestHealthFollowsTheSelfCheck(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	a := New(Settings{})
	t.Cleanup(a.Close)
	missing := filepath.Join(t.TempDir(), "no-mic.wav")
	err := a.Services().SelfCheck(context.Background(), ui.Session{Flow: flow.Config{Voice: true}, Camera: facetest.PNG(t, "obama.jpg"), Microphone: missing})
	require.Error(t, err)
	h := a.Health(context.Background())
	assert.False(t, h.OK)
	assert.Equal(t, "ok", h.Checks["camera"])
	assert.Contains(t, h.Checks["microphone"], "no-mic.wav")
	assert.Equal(t, "ok", h.Checks["server"])
}
