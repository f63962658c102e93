package biometrics

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"biokiosk/biometrics/httpcore"
)

// TestRedirectsNeverCarryCredentials: a same-origin redirect arrives
// without the key and secret; https to http on the same host is refused.
func TestRedirectsNeverCarryCredentials(t *testing.T) {
	var resent atomic.Bool
	c, mux, _ := setup(t, WithRetry(NoRetry))
	mux.HandleFunc("GET /api/1.0/languages", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/base/api/1.0/moved", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("GET /api/1.0/moved", func(w http.ResponseWriter, r *http.Request) {
		resent.Store(r.Header.Get("x-biometrid-key") != "" || r.Header.Get("x-biometrid-secret") != "")
		reply(w, 401, `{"status":false,"data":{"message":"AUTHENTICATION_HEADERS_MISSING"}}`)
	})
	_, err := c.Languages(t.Context())
	assert.ErrorIs(t, err, ErrAuthenticationHeadersMissing)
	assert.False(t, resent.Load(), "credentials re-sent on a redirect")

	tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(tls.Close)
	c, err = New(tls.URL, WithCredentials(testKey, testSecret), WithHTTPClient(tls.Client()), WithRetry(NoRetry))
	require.NoError(t, err)
	_, err = c.Languages(t.Context())
	assert.ErrorIs(t, err, httpcore.ErrRedirectRefused, "https to http")
}
