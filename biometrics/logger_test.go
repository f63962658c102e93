package biometrics

import (
	"bytes"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRetriesAreLoggedWithTheirReason: each repeat is logged with why,
// and nothing of the request or the answer (credentials, user id, body)
// reaches the log.
func TestRetriesAreLoggedWithTheirReason(t *testing.T) {
	var logs bytes.Buffer
	c, mux, _ := setup(t, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	mux.HandleFunc("GET /api/1.0/users/{id}/enroll/status", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 503, `{"status": false, "data": {"message": "SERVICE_UNAVAILABLE", "reason": "BODY-TEXT"}}`)
	})
	_, err := c.EnrollStatus(t.Context(), uid)
	require.Error(t, err)
	out := logs.String()
	assert.Contains(t, out, `msg="retrying call" client=biometrics op="enroll status" attempt=1 reason="server error on an idempotent call"`)
	assert.Contains(t, out, `attempt=4 reason="retries exhausted: server error on an idempotent call"`)
	for _, secret := range []string{testKey, testSecret, uid, "BODY-TEXT"} {
		assert.NotContains(t, out, secret)
	}
	_, err = New("https://x", WithLogger(nil))
	assert.Error(t, err)
}
