package biopassid

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"biokiosk/biometrics/httpcore"
)

// TestRedirectsNeverCarryKey: a same-origin redirect arrives without the
// subscription key; https to http on the same host is refused.
func TestRedirectsNeverCarryKey(t *testing.T) {
	var resent atomic.Bool
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			resent.Store(r.Header.Get("Ocp-Apim-Subscription-Key") != "")
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, "/moved", http.StatusTemporaryRedirect)
	})
	_, err := c.Enroll(t.Context(), Person{CustomID: "cust-1"})
	assert.Equal(t, CodeUnauthorized, codeOf(t, err))
	assert.False(t, resent.Load(), "key re-sent on a redirect")

	tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(tls.Close)
	c, err = New(tls.URL, "sub-key", WithHTTPClient(tls.Client()))
	require.NoError(t, err)
	_, err = c.Enroll(t.Context(), Person{CustomID: "cust-1"})
	assert.ErrorIs(t, err, httpcore.ErrRedirectRefused, "https to http")
}
