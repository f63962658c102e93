package httpcore

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseBaseURLAndScheme(t *testing.T) {
	for _, raw := range []string{"api.example.com", "ftp://x", "https://", "https://u:p@x", "://x"} {
		_, err := ParseBaseURL(raw)
		assert.Error(t, err, raw)
	}
	u, err := ParseBaseURL("https://api.example.com/v1/")
	require.NoError(t, err)
	assert.Equal(t, "https://api.example.com/v1", u.String())

	for raw, ok := range map[string]bool{
		"https://api.example.com": true, "http://127.0.0.1:8080": true, "http://localhost": true,
		"http://[::1]:9": true, "http://api.example.com": false, "http://10.0.0.5": false,
	} {
		u, err := ParseBaseURL(raw)
		require.NoError(t, err)
		err = CheckScheme(u, false)
		if ok {
			assert.NoError(t, err, raw)
		} else {
			assert.ErrorIs(t, err, ErrInsecureURL, raw)
		}
		assert.NoError(t, CheckScheme(u, true), raw)
	}
}

func TestReadBody(t *testing.T) {
	b, err := ReadBody(strings.NewReader("12345"), 5)
	require.NoError(t, err)
	assert.Equal(t, "12345", string(b))
	b, err = ReadBody(strings.NewReader("123456"), 5)
	var tl *TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, int64(5), tl.Limit)
	assert.Equal(t, "12345", string(b))
	assert.Contains(t, err.Error(), "larger than 5 bytes")
}

func TestErrorCodes(t *testing.T) {
	te := &TransportError{Client: "x", Op: "op", Err: errors.New("boom")}
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())
	assert.Equal(t, "x: op: boom", te.Error())
	de := &DecodeError{Op: "op", HTTPStatus: 200, Err: errors.New("bad")}
	assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
	assert.Equal(t, "op: HTTP 200: malformed answer: bad", de.Error())
}

func TestPinning(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	t.Cleanup(srv.Close)
	base := srv.Client() // trusts the test CA
	other := sha256.Sum256([]byte("another key"))

	hc, err := NewClient(base, Config{Pins: []string{SPKIPin(srv.Certificate())}})
	require.NoError(t, err)
	resp, err := hc.Get(srv.URL)
	require.NoError(t, err)
	_ = resp.Body.Close()

	hc, err = NewClient(base, Config{Pins: []string{base64.StdEncoding.EncodeToString(other[:])}})
	require.NoError(t, err)
	_, err = hc.Get(srv.URL)
	assert.ErrorIs(t, err, ErrPinMismatch)
	assert.Nil(t, base.Transport.(*http.Transport).TLSClientConfig.VerifyConnection, "base client untouched")

	_, err = NewClient(nil, Config{Pins: []string{}})
	assert.Error(t, err)
	_, err = NewClient(nil, Config{Pins: []string{"not base64!"}})
	assert.Error(t, err)
}

func TestRedirectsStayOnOrigin(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { leaked = true }))
	t.Cleanup(other.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/x", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/done", http.StatusFound)
		default:
			_, _ = w.Write([]byte(r.Header.Get("X-Secret")))
		}
	}))
	t.Cleanup(srv.Close)
	hc, err := NewClient(nil, Config{Timeout: 5 * time.Second, CredentialHeaders: []string{"X-Secret"}})
	require.NoError(t, err)
	assert.Equal(t, 5*time.Second, hc.Timeout)

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/away", nil)
	req.Header.Set("X-Secret", "s")
	_, err = hc.Do(req)
	assert.ErrorIs(t, err, ErrRedirectRefused)
	assert.False(t, leaked)

	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/here", nil)
	req.Header.Set("X-Secret", "s")
	resp, err := hc.Do(req)
	require.NoError(t, err)
	body, _ := ReadBody(resp.Body, 10)
	_ = resp.Body.Close()
	assert.Empty(t, string(body), "a same-origin redirect does not carry the credential again")
}

// TestRedirectDowngradeRefused: https to http on the same host and port
// is another origin.
func TestRedirectDowngradeRefused(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+"/x", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	hc, err := NewClient(srv.Client(), Config{})
	require.NoError(t, err)
	_, err = hc.Get(srv.URL + "/start")
	assert.ErrorIs(t, err, ErrRedirectRefused)
}

func TestSleepCtx(t *testing.T) {
	assert.NoError(t, SleepCtx(context.Background(), time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, SleepCtx(ctx, time.Hour), context.Canceled)
}
