package biometrics

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPinnedSPKI(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"status":true,"data":{"languages":[],"default":"en"}}`))
	}))
	defer srv.Close()
	pin := SPKIPin(srv.Certificate())
	trusting := func(opts ...Option) *Client {
		// Trust the test server's self-signed CA, as a fleet's CA bundle would.
		hc := srv.Client()
		c, err := New(srv.URL, append([]Option{WithHTTPClient(hc), WithCredentials("k", "s"), WithRetry(NoRetry)}, opts...)...)
		require.NoError(t, err)
		return c
	}
	_, err := trusting(WithPinnedSPKI(pin)).Languages(context.Background())
	require.NoError(t, err)

	other := sha256.Sum256([]byte("another key"))
	_, err = trusting(WithPinnedSPKI(base64.StdEncoding.EncodeToString(other[:]))).Languages(context.Background())
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrPinMismatch), "%v", err)
	var te *TransportError
	assert.ErrorAs(t, err, &te)

	_, err = New(srv.URL, WithPinnedSPKI("not base64!"))
	assert.Error(t, err)
	_, err = New(srv.URL, WithPinnedSPKI())
	assert.Error(t, err)
}
