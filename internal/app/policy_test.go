package app

import (
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"biokiosk/biometrics/httpcore"
	"biokiosk/config"
	"biokiosk/flow"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain makes the system trust httptest's TLS certificate (the same
// fixed localhost certificate for every test server), as a real server's
// CA is trusted, so the pinning tests see the pin decide and not the
// chain. SSL_CERT_FILE is read once, at the process's first TLS use.
func TestMain(m *testing.M) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	pem := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	srv.Close()
	dir, err := os.MkdirTemp("", "biokiosk-app-test-")
	if err != nil {
		panic(err)
	}
	file := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(file, pem, 0o600); err != nil {
		panic(err)
	}
	os.Setenv("SSL_CERT_FILE", file)
	// The instance id and audit spool of tests that choose no folder.
	os.Setenv("BIOKIOSK_STATE_DIR", filepath.Join(dir, "state"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// The server policy (--pin-spki, --allow-insecure-http) applies to every
// back end, not only BiometrID: a foreign pin refuses the TLS server, the
// right one reaches it, and plain http off loopback needs the opt-in.
func TestServerPolicyReachesEveryBackend(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	good := httpcore.SPKIPin(srv.Certificate())
	foreign := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(t.TempDir(), "none.json"))
	t.Setenv(EnvVerifikToken, testJWT(t))
	t.Setenv(EnvVerifikProject, "p")
	t.Setenv(EnvVerifikFlow, "f")

	for _, backend := range []string{config.BackendBiometrID, config.BackendBioPassID, config.BackendVerifik} {
		t.Run(backend, func(t *testing.T) {
			check := func(url string, pins []string, insecure bool) error {
				a := New(Settings{Server: ServerSettings{PinnedSPKI: pins,
					Flags: config.Flags{Server: url, Key: "k", Secret: "s", Backend: backend, AllowInsecureHTTP: insecure}}})
				t.Cleanup(a.Close)
				b, err := a.Backend(t.Context(), nil)
				if err != nil {
					return err
				}
				return b.(flow.Checker).Check(t.Context())
			}
			before := hits.Load()
			err := check(srv.URL, []string{foreign}, false)
			require.Error(t, err)
			assert.True(t, errors.Is(err, httpcore.ErrPinMismatch), "a foreign pin is refused: %v", err)
			assert.Equal(t, before, hits.Load(), "no request got through")

			assert.NotErrorIs(t, check(srv.URL, []string{good}, false), httpcore.ErrPinMismatch, "the server's own pin passes")
			assert.Greater(t, hits.Load(), before, "and the request reached the server")

			err = check("http://203.0.113.7", nil, false)
			require.Error(t, err)
			assert.ErrorIs(t, err, httpcore.ErrInsecureURL, "plain http off loopback is refused")
			_, err = New(Settings{Server: ServerSettings{Flags: config.Flags{Server: "http://203.0.113.7", Key: "k", Secret: "s",
				Backend: backend, AllowInsecureHTTP: true}}}).Backend(t.Context(), nil)
			assert.NoError(t, err, "unless allowed")
		})
	}
}

// testJWT is an unsigned-looking client JWT that expires in 30 days.
func testJWT(t *testing.T) string {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256"}`)) + "." + enc([]byte(fmt.Sprintf(`{"exp":%d}`, time.Now().Add(30*24*time.Hour).Unix()))) + ".c2ln"
}
