package sandbox

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
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
	go func() { _ = srv.Serve(LimitListener(ln, srv, l)) }()
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// A client dripping its request one byte at a time is cut off at the
// read timeout, and a connection past MaxConns makes room by closing an
// idle one.
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
	// Both slots are held by idle connections: the request's connection
	// closes the one that waited longest and is served.
	resp, err := (&http.Client{Timeout: 3 * time.Second}).Get("http://" + addr + "/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// starve holds n loopback sockets open on addr that send nothing, each
// reconnecting as soon as the server closes it, until the test ends (or
// stop is called); it returns how many sockets the server closed.
func starve(t *testing.T, addr string, n int) (stop func() int64) {
	var closed atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 1)
			for {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					select {
					case <-done:
						return
					case <-time.After(10 * time.Millisecond):
						continue
					}
				}
				go func() { <-done; c.Close() }()
				_, _ = c.Read(buf) // until the server (or stop) closes it
				c.Close()
				select {
				case <-done:
					return
				default:
					closed.Add(1)
				}
			}
		}()
	}
	var once sync.Once
	stop = func() int64 {
		once.Do(func() { close(done); wg.Wait() })
		return closed.Load()
	}
	t.Cleanup(func() { stop() })
	return stop
}

// Sockets that connect and send nothing, reconnecting when closed,
// cannot starve real requests (issue 27, item 3: 600 such sockets left
// 1 of 7 requests served within 5 s). Here 3 times MaxConns of them,
// all from the requests' own address (the loopback a local attacker
// shares with the kiosk), and the header timeout far away: each request
// is still served within 1 s, from that address and from another.
func TestIdleSocketsDoNotStarve(t *testing.T) {
	l := Limits{ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second,
		IdleTimeout: 10 * time.Second, MaxConns: 32, MaxConnsPerIP: 24, Grace: 50 * time.Millisecond}
	n := 3 * l.MaxConns
	if v, err := strconv.Atoi(os.Getenv("BIOKIOSK_STARVE_SOCKETS")); err == nil && v > 0 { // the 600: docs/sandbox.md
		l, n = DefaultLimits, v
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })
	addr := serveLimited(t, ok, l)
	stop := starve(t, addr, n)
	time.Sleep(300 * time.Millisecond) // the sockets fill every slot

	other := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	var worst time.Duration
	for i := range 8 {
		tr := &http.Transport{DisableKeepAlives: true}
		if i%4 == 3 {
			tr.DialContext = other.DialContext
		}
		hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}
		t0 := time.Now()
		resp, err := hc.Get("http://" + addr + "/")
		took := time.Since(t0)
		require.NoError(t, err, "request %d", i)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, "ok", string(b))
		assert.Less(t, took, time.Second, "request %d", i)
		worst = max(worst, took)
	}
	t.Logf("%d idle sockets, limits %d/%d per address: slowest of 8 requests %v; %d idle sockets closed", n, l.MaxConns, l.MaxConnsPerIP, worst, stop())
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
