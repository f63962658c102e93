package sdnotify

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The datagram reaches the socket systemd names, as a path or in the
// abstract namespace; with no socket nothing is sent.
func TestNotify(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "notify")
	ln, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	sent, err := Notify(envOf(map[string]string{"NOTIFY_SOCKET": sock}), Ready)
	require.NoError(t, err)
	assert.True(t, sent)
	buf := make([]byte, 64)
	require.NoError(t, ln.SetReadDeadline(time.Now().Add(5*time.Second)))
	n, err := ln.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "READY=1", string(buf[:n]))

	abstract := "biokiosk-test-" + strconv.Itoa(os.Getpid())
	aln, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: "\x00" + abstract, Net: "unixgram"})
	require.NoError(t, err)
	t.Cleanup(func() { aln.Close() })
	_, err = Notify(envOf(map[string]string{"NOTIFY_SOCKET": "@" + abstract}), Watchdog)
	require.NoError(t, err)
	require.NoError(t, aln.SetReadDeadline(time.Now().Add(5*time.Second)))
	n, err = aln.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "WATCHDOG=1", string(buf[:n]))

	sent, err = Notify(envOf(nil), Ready)
	assert.NoError(t, err)
	assert.False(t, sent)
}

func TestWatchdogInterval(t *testing.T) {
	assert.Equal(t, 15*time.Second, WatchdogInterval(envOf(map[string]string{"WATCHDOG_USEC": "30000000"})))
	assert.Equal(t, 15*time.Second, WatchdogInterval(envOf(map[string]string{"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": strconv.Itoa(os.Getpid())})))
	assert.Equal(t, 15*time.Second, WatchdogInterval(envOf(map[string]string{"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": strconv.Itoa(os.Getppid())})), "cage's, our parent")
	assert.Zero(t, WatchdogInterval(envOf(map[string]string{"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "999999999"})), "another process's")
	assert.Zero(t, WatchdogInterval(envOf(nil)))
}
