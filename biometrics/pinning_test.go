package biometrics

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"biokiosk/biometrics/httpcore"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// otherPin is a well-formed pin of no test server's key.
func otherPin() string {
	sum := sha256.Sum256([]byte("another key"))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestPinnedSPKI(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"status":true,"data":{"languages":[],"default":"en"}}`))
	}))
	t.Cleanup(srv.Close)
	pin := SPKIPin(srv.Certificate())
	assert.Equal(t, httpcore.SPKIPin(srv.Certificate()), pin)
	trusting := func(opts ...Option) *Client {
		// Trust the test server's self-signed CA, as a fleet's CA bundle would.
		hc := srv.Client()
		c, err := New(srv.URL, append([]Option{WithHTTPClient(hc), WithCredentials("k", "s"), WithRetry(NoRetry)}, opts...)...)
		require.NoError(t, err)
		return c
	}
	_, err := trusting(WithPinnedSPKI(pin)).Languages(context.Background())
	require.NoError(t, err)

	_, err = trusting(WithPinnedSPKI(otherPin())).Languages(context.Background())
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrPinMismatch), "%v", err)
	var te *TransportError
	assert.ErrorAs(t, err, &te)

	// The pins hold whatever the order of WithHTTPClient.
	c, err := New(srv.URL, WithPinnedSPKI(otherPin()), WithHTTPClient(srv.Client()), WithCredentials("k", "s"), WithRetry(NoRetry))
	require.NoError(t, err)
	_, err = c.Languages(context.Background())
	assert.ErrorIs(t, err, ErrPinMismatch)

	_, err = New(srv.URL, WithPinnedSPKI("not base64!"))
	assert.Error(t, err)
	_, err = New(srv.URL, WithPinnedSPKI())
	assert.Error(t, err)
}

func TestSharedErrorTypes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`not json`))
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, WithCredentials("k", "s"), WithRetry(NoRetry))
	require.NoError(t, err)
	_, err = c.Languages(context.Background())
	var de *httpcore.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
	assert.Contains(t, err.Error(), "biometrics: ")

	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c, err = New(dead.URL, WithCredentials("k", "s"), WithRetry(NoRetry))
	require.NoError(t, err)
	_, err = c.Languages(context.Background())
	var te *httpcore.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())
	assert.NotContains(t, err.Error(), dead.URL, "no URL in the error text")
}

func TestInsecureHTTPPolicy(t *testing.T) {
	_, err := New("http://api.example.com", WithCredentials("k", "s"))
	assert.ErrorIs(t, err, ErrInsecureURL)
	assert.ErrorIs(t, err, httpcore.ErrInsecureURL)
	_, err = New("http://api.example.com", WithCredentials("k", "s"), WithAllowInsecureHTTP())
	assert.NoError(t, err)
	_, err = New("http://127.0.0.1:1", WithCredentials("k", "s"))
	assert.NoError(t, err, "loopback")
}

func TestRedirectKeepsCredentialsOnOrigin(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("x-biometrid-secret") != ""
	}))
	t.Cleanup(other.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, WithCredentials("k", "s"), WithRetry(NoRetry))
	require.NoError(t, err)
	_, err = c.Languages(context.Background())
	assert.ErrorIs(t, err, httpcore.ErrRedirectRefused)
	assert.False(t, leaked)
}
