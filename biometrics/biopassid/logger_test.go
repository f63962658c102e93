package biopassid

import (
	"bytes"
	"encoding/base64"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRateLimitWaitsAreLogged: each repeat after a 429 is logged with its
// reason and wait; neither the key, the CustomID nor an image is.
func TestRateLimitWaitsAreLogged(t *testing.T) {
	var logs bytes.Buffer
	face := []byte("FACE-IMAGE-BYTES")
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		reply(429, `{"statusCode": 429, "message": "Rate limit is exceeded."}`)(w, r)
	}, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	c.rateWait = func(time.Duration) time.Duration { return time.Millisecond }
	_, err := c.Enroll(t.Context(), Person{CustomID: "cust-secret-1", Face: face})
	assert.Equal(t, CodeRateLimited, codeOf(t, err))
	out := logs.String()
	assert.Contains(t, out, `msg="retrying call" client=biopassid op=enroll attempt=1 reason="rate limited, waiting the Retry-After" wait=2s`)
	assert.Contains(t, out, `attempt=3 reason="retries exhausted: rate limited, waiting the Retry-After"`)
	for _, secret := range []string{"sub-key", "cust-secret-1", base64.StdEncoding.EncodeToString(face), "Rate limit is exceeded"} {
		assert.NotContains(t, out, secret)
	}
	_, err = New("https://x", "k", WithLogger(nil))
	require.Error(t, err)
}
