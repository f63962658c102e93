package sandbox

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveLimited serves h on loopback with l and returns the address.
func serveLimited(t *testing.T, h http.Handler, l Limits) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := HTTPServer(h, l)
	go func() { _ = srv.Serve(LimitListener(ln, l.MaxConns)) }()
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// A client dripping its request one byte at a time is cut off at the
// read timeout, and connections past MaxConns wait until one closes.
func TestSlowClientCutOff(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) })
	addr := serveLimited(t, ok, Limits{ReadHeaderTimeout: 200 * time.Millisecond, ReadTimeout: 300 * time.Millisecond,
		WriteTimeout: time.Second, IdleTimeout: 300 * time.Millisecond, MaxConns: 2})
	drip, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { drip.Close() })
	t0 := time.Now()
	var closed bool
	for range 40 { // up to 4 s of one byte every 100 ms
		if _, err := drip.Write([]byte("P")); err != nil {
			closed = true
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	assert.True(t, closed, "the dripping connection stayed open")
	assert.Less(t, time.Since(t0), 2*time.Second)

	idle := make([]net.Conn, 2)
	for i := range idle {
		idle[i], err = net.Dial("tcp", addr)
		require.NoError(t, err)
		t.Cleanup(func() { idle[i].Close() })
	}
	// Both slots are held by idle connections until the header timeout
	// frees them; then a request is served.
	resp, err := (&http.Client{Timeout: 3 * time.Second}).Get("http://" + addr + "/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// The database file, which holds the client secret, is 0600.
func TestDatabaseFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	newSandbox(t, Config{DB: path})
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}
