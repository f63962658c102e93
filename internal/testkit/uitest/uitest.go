// Package uitest holds the helpers the tests of ui and its sub-packages
// share: a server store that keeps nothing, a cheap PIN store and a log
// capture.
package uitest

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"

	"biokiosk/staffpin"
)

// NopStore is a server store (core.ServerStore) that holds nothing.
type NopStore struct{}

// LoadServer returns no server.
func (NopStore) LoadServer() (string, string, string) { return "", "", "" }

// SaveServer keeps nothing.
func (NopStore) SaveServer(string, string, string) error { return nil }

// SaveSecret keeps nothing.
func (NopStore) SaveSecret(string, string) error { return nil }

// FastPINs is a PIN store whose hashes are cheap (600 000 iterations take
// seconds under the race detector); path "" keeps it in memory.
func FastPINs(path string) *staffpin.Store {
	return &staffpin.Store{Path: path, Iterations: 1000}
}

// Log is a log destination safe for the UI goroutine and the test's.
type Log struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write adds p to the log.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is what was logged so far.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// CaptureLog sends the default slog logger (which ui's packages write to:
// the CLI makes it the app's) to a buffer for the test.
func CaptureLog(t *testing.T) *Log {
	var buf Log
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}
