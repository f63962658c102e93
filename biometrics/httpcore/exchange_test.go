package httpcore

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExchange(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big-ok":
			_, _ = w.Write([]byte(strings.Repeat("x", 20)))
		case "/big-error":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(strings.Repeat("e", 20)))
		default:
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte("slow down"))
		}
	}))
	t.Cleanup(srv.Close)
	get := func(path string) (Answer, error) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		return Exchange(srv.Client(), req, "test", "get", 10)
	}

	a, err := get("/small")
	require.NoError(t, err)
	assert.Equal(t, Answer{Status: 429, Header: a.Header, Body: []byte("slow down")}, a)
	assert.False(t, a.Success())
	assert.Equal(t, "2", a.Header.Get("Retry-After"))

	_, err = get("/big-ok")
	var de *DecodeError
	require.ErrorAs(t, err, &de, "a longer 2xx body is malformed")
	assert.Equal(t, "test: get: HTTP 200: malformed answer: answer larger than 10 bytes", err.Error())

	a, err = get("/big-error")
	require.NoError(t, err)
	assert.True(t, a.Cut)
	assert.Equal(t, strings.Repeat("e", 10), string(a.Body), "an error's first part")

	srv.Close()
	_, err = get("/x?name=Maria")
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.NotContains(t, err.Error(), "Maria", "no URL in the error text")
}
