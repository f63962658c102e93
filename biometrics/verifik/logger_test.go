package verifik

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFailedRenewalIsLogged: a failed automatic renewal is logged with
// its backoff; the token is not, nor the answer.
func TestFailedRenewalIsLogged(t *testing.T) {
	var logs bytes.Buffer
	tok := jwtExpiring(time.Hour)
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/auth/session" {
			answer(500, `{"code":"InternalError","message":"ANSWER-TEXT"}`)(w, r)
			return
		}
		fmt.Fprint(w, `{"data":{"_id":"p1"}}`)
	}, WithToken(tok), WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.Person(t.Context(), "p1")
	require.NoError(t, err, "the old token still works")
	out := logs.String()
	assert.Contains(t, out, `level=WARN msg="token renewal failed" client=verifik op="renew token" reason="the current token stays in use; no automatic renewal before the backoff ends" backoff=1h0m0s`)
	for _, secret := range []string{tok, "ANSWER-TEXT"} {
		assert.NotContains(t, out, secret)
	}

	// A failed call is logged at Debug, never repeated.
	logs.Reset()
	c = newTest(t, answer(503, `{"code":"Unavailable","message":"x"}`), WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err = c.Person(t.Context(), "p1")
	require.Error(t, err)
	assert.Contains(t, logs.String(), `level=DEBUG msg="call failed" client=verifik op="get person" attempt=1 reason="not retryable"`)

	_, err = New(DefaultURL, WithLogger(nil))
	assert.ErrorContains(t, err, "verifik: nil logger")
}
