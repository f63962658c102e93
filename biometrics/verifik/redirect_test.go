package verifik

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"biokiosk/biometrics/httpcore"
)

// TestRedirectsNeverCarryToken: a same-origin redirect arrives without the
// bearer token; https to http on the same host is refused.
func TestRedirectsNeverCarryToken(t *testing.T) {
	var resent atomic.Bool
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			resent.Store(r.Header.Get("Authorization") != "")
			answer(401, `{"message":"Authentication required","code":"UNAUTHORIZED"}`)(w, r)
			return
		}
		http.Redirect(w, r, "/moved", http.StatusTemporaryRedirect)
	})
	_, err := c.Person(t.Context(), "p")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "UNAUTHORIZED", e.Code())
	assert.False(t, resent.Load(), "token re-sent on a redirect")

	tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(tls.Close)
	c, err = New(tls.URL, WithToken(jwtExpiring(30*24*time.Hour)), WithHTTPClient(tls.Client()))
	require.NoError(t, err)
	_, err = c.Person(t.Context(), "p")
	assert.ErrorIs(t, err, httpcore.ErrRedirectRefused, "https to http")
}
