package biopassid

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"biokiosk/biometrics/httpcore"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const enrolled = `{"Person":{"ClientID":"c","CustomID":"cust-1","BioPassID":"b"}}`

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func newTest(t *testing.T, h http.HandlerFunc, opts ...Option) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, "sub-key", opts...)
	require.NoError(t, err)
	return c
}

func otherPin() string {
	sum := sha256.Sum256([]byte("another key"))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestEnrollSendsKeyAndDecodes(t *testing.T) {
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "sub-key", r.Header.Get("Ocp-Apim-Subscription-Key"))
		assert.Equal(t, "/multibiometrics/enroll", r.URL.Path)
		reply(200, enrolled)(w, r)
	})
	res, err := c.Enroll(context.Background(), Person{CustomID: "cust-1", Face: []byte{0xFF, 0xD8}})
	require.NoError(t, err)
	assert.Equal(t, "b", res.BioPassID)
}

func TestPinnedSPKI(t *testing.T) {
	srv := httptest.NewTLSServer(reply(200, enrolled))
	t.Cleanup(srv.Close)
	pin := httpcore.SPKIPin(srv.Certificate())
	p := Person{CustomID: "cust-1", Face: []byte{0xFF, 0xD8}}

	c, err := New(srv.URL, "k", WithHTTPClient(srv.Client()), WithPinnedSPKI(pin))
	require.NoError(t, err)
	_, err = c.Enroll(context.Background(), p)
	require.NoError(t, err)

	// Refused whatever the order of WithHTTPClient.
	c, err = New(srv.URL, "k", WithPinnedSPKI(otherPin()), WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	_, err = c.Enroll(context.Background(), p)
	assert.ErrorIs(t, err, ErrPinMismatch)
	var te *httpcore.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())

	_, err = New(srv.URL, "k", WithPinnedSPKI())
	assert.Error(t, err)
	_, err = New(srv.URL, "k", WithPinnedSPKI("not base64!"))
	assert.Error(t, err)
}

func TestInsecureHTTPPolicy(t *testing.T) {
	_, err := New("http://api.example.com", "k")
	assert.ErrorIs(t, err, ErrInsecureURL)
	assert.ErrorIs(t, err, httpcore.ErrInsecureURL)
	_, err = New("http://api.example.com", "k", WithAllowInsecureHTTP())
	assert.NoError(t, err)
	_, err = New("http://127.0.0.1:1", "k")
	assert.NoError(t, err, "loopback")
	for _, raw := range []string{"ftp://x", "https://", "https://u:p@api.example.com"} {
		_, err = New(raw, "k")
		assert.Error(t, err, raw)
	}
	_, err = New(DefaultURL, "")
	assert.Error(t, err)
	_, err = New(DefaultURL, "k", WithTimeout(0))
	assert.Error(t, err)
	_, err = New(DefaultURL, "k", WithHTTPClient(nil))
	assert.Error(t, err)
}

func TestSharedErrorTypes(t *testing.T) {
	c := newTest(t, reply(200, `{"Person":{"CustomID":"`+strings.Repeat("x", maxAnswerBytes)+`"}}`))
	_, err := c.Enroll(context.Background(), Person{CustomID: "cust-1"})
	var de *httpcore.DecodeError
	require.ErrorAs(t, err, &de, "an answer over the limit is malformed")
	assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
	assert.True(t, strings.HasPrefix(err.Error(), "biopassid: "), err.Error())

	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c, err = New(dead.URL, "k", WithTimeout(time.Second))
	require.NoError(t, err)
	_, err = c.Enroll(context.Background(), Person{CustomID: "cust-1"})
	var te *httpcore.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())
}

func TestErrorsStayVendorErrors(t *testing.T) {
	// The plain-text refusal has no documented status: it stays an *Error
	// with its code, even on 200.
	for _, status := range []int{200, 400} {
		c := newTest(t, reply(status, "Failed to extract face template"))
		_, err := c.Enroll(context.Background(), Person{CustomID: "cust-1"})
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "FAILED_TO_EXTRACT_FACE_TEMPLATE", e.Code())
	}
}

func TestRedirectKeepsKeyOnOrigin(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Ocp-Apim-Subscription-Key") != ""
	}))
	t.Cleanup(other.Close)
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	_, err := c.Enroll(context.Background(), Person{CustomID: "cust-1"})
	assert.ErrorIs(t, err, httpcore.ErrRedirectRefused)
	assert.False(t, leaked)
}
