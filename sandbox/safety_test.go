package sandbox

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"biokiosk/biometrics"
	"biokiosk/internal/testkit/privacyscan"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A handler that panics answers PROBLEM_OCURRED_REPEAT_REQUEST without a
// stack trace, and the server keeps serving.
func TestPanicsAnswerWithoutStackTraces(t *testing.T) {
	s, hs, c := newSandbox(t, Config{Key: "k", Secret: "s"})
	h := s.api(false, func(*req) { panic("boom at /secret/path.go:42") })
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/api/1.0/x", nil)
	r.Header.Set("x-biometrid-key", "k")
	r.Header.Set("x-biometrid-secret", "s")
	h(w, r)
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.JSONEq(t, `{"status":false,"data":{"message":"PROBLEM_OCURRED_REPEAT_REQUEST"}}`, w.Body.String())
	assert.NotContains(t, w.Body.String(), "goroutine")
	_, err := c.Languages(context.Background())
	require.NoError(t, err, "still serving on %s", hs.URL)
}

// The request log (-v) names routes and outcomes only: no credentials, no
// cookies, no images, audio or base64.
func TestLogsHoldNoSecretsOrBiometricData(t *testing.T) {
	var logs bytes.Buffer
	_, _, c := newSandbox(t, Config{Key: "kiosk-key-123", Secret: "very-secret-456", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	ctx := context.Background()
	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "log"})
	require.NoError(t, err)
	_, err = c.EnrollFace(ctx, u.ID, biometrics.FaceRequest{Photo: photo(t, "obama.jpg")})
	require.NoError(t, err)
	_, err = c.FindByFace(ctx, biometrics.FaceRequest{Photo: photo(t, "obama2.jpg")})
	require.NoError(t, err)
	_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "en")
	require.NoError(t, err)
	_, err = c.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "en", speech(t, "en.wav", 0, 5))
	require.NoError(t, err)
	out := logs.String()
	require.NotEmpty(t, out)
	for _, secret := range []string{"kiosk-key-123", "very-secret-456", "biometrid.sid"} {
		assert.NotContains(t, out, secret)
	}
	assert.Empty(t, privacyscan.Bytes("log", logs.Bytes()))
	assert.True(t, strings.Contains(out, "/dialogue/enroll/face"), "routes are logged")
}

// Bodies over the cap are refused without being read whole.
func TestBodyCap(t *testing.T) {
	_, hs, c := newSandbox(t, Config{Key: "k", Secret: "s"})
	u, err := c.CreateUser(context.Background(), biometrics.CreateUserParams{ReferenceID: "cap"})
	require.NoError(t, err)
	big := bytes.Repeat([]byte("A"), MaxBodyBytes+1024)
	body := append(append([]byte(`{"photo":"`), big...), '"', '}')
	req, _ := http.NewRequest("POST", hs.URL+"/api/1.0/users/"+u.ID+"/dialogue/enroll/face", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-biometrid-key", "k")
	req.Header.Set("x-biometrid-secret", "s")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	assert.Contains(t, b.String(), "NO_FILE_OR_INVALID_FORMAT")
}

// The liveness host's wrapper recovers a panic as the others do: its own
// answer, no stack trace, and the call in the client's request log.
func TestLivenessHostPanicRecovery(t *testing.T) {
	s, _, _ := newSandbox(t, Config{Key: "k", Secret: "s"})
	ctx := context.Background()
	tok, err := s.LivenessAppToken(ctx)
	require.NoError(t, err)
	h := s.livenessHost(func(http.ResponseWriter, *http.Request) { panic("boom at /secret/path.go:42") })
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/biometrics/liveness", nil)
	r.Header.Set("x-app-token", tok)
	h(w, r)
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.Contains(t, w.Body.String(), "problem occurred, repeat the request")
	assert.NotContains(t, w.Body.String(), "goroutine")
	var n int
	require.NoError(t, s.db.db.QueryRowContext(ctx, `SELECT count(*) FROM request_log WHERE client = 'k' AND status = 500`).Scan(&n))
	assert.Equal(t, 1, n)
}
