package verifik

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

func otherPin() string {
	sum := sha256.Sum256([]byte("another key"))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestPinnedSPKI(t *testing.T) {
	srv := httptest.NewTLSServer(answer(200, `{"data":{"_id":"p"}}`))
	t.Cleanup(srv.Close)
	pin := httpcore.SPKIPin(srv.Certificate())
	tok := WithToken(jwtExpiring(30 * 24 * time.Hour))

	c, err := New(srv.URL, tok, WithHTTPClient(srv.Client()), WithPinnedSPKI(pin))
	require.NoError(t, err)
	p, err := c.Person(context.Background(), "p")
	require.NoError(t, err)
	assert.Equal(t, "p", p.ID)

	// Refused whatever the order of WithHTTPClient.
	c, err = New(srv.URL, tok, WithPinnedSPKI(otherPin()), WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	_, err = c.Person(context.Background(), "p")
	assert.ErrorIs(t, err, ErrPinMismatch)
	var te *httpcore.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())

	_, err = New(srv.URL, WithPinnedSPKI())
	assert.Error(t, err)
	_, err = New(srv.URL, WithPinnedSPKI("not base64!"))
	assert.Error(t, err)
}

func TestInsecureHTTPPolicy(t *testing.T) {
	_, err := New("http://api.example.com")
	assert.ErrorIs(t, err, ErrInsecureURL)
	assert.ErrorIs(t, err, httpcore.ErrInsecureURL)
	_, err = New("http://api.example.com", WithAllowInsecureHTTP())
	assert.NoError(t, err)
	_, err = New("http://localhost:1")
	assert.NoError(t, err, "loopback")
	_, err = New("https://u:p@api.example.com")
	assert.Error(t, err, "credentials in the URL")
	_, err = New(DefaultURL, WithTimeout(0))
	assert.Error(t, err)
	_, err = New(DefaultURL, WithHTTPClient(nil))
	assert.Error(t, err)
}

func TestSharedErrorTypes(t *testing.T) {
	c := newTest(t, answer(200, `not json`))
	_, err := c.Person(context.Background(), "p")
	var de *httpcore.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
	assert.True(t, strings.HasPrefix(err.Error(), "verifik: "), err.Error())

	c = newTest(t, answer(200, `{"data":{"_id":"`+strings.Repeat("x", maxAnswerBytes)+`"}}`))
	_, err = c.Person(context.Background(), "p")
	require.ErrorAs(t, err, &de, "an answer over the limit is malformed")
	var tl *httpcore.TooLargeError
	assert.ErrorAs(t, err, &tl)

	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c, err = New(dead.URL, WithToken(jwtExpiring(30*24*time.Hour)))
	require.NoError(t, err)
	_, err = c.LookupPersons(context.Background(), "Jane Doe")
	var te *httpcore.TransportError
	require.ErrorAs(t, err, &te)
	assert.NotContains(t, err.Error(), "Jane", "no URL query in the error text")
}

func TestRedirectKeepsTokenOnOrigin(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Authorization") != ""
	}))
	t.Cleanup(other.Close)
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	_, err := c.Person(context.Background(), "p")
	assert.ErrorIs(t, err, httpcore.ErrRedirectRefused)
	assert.False(t, leaked)
}
