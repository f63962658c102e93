package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/staffpin"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The kiosk in a session with no window manager (as under cage, or a
// bare xinit), attacked from a USB keyboard: Alt+F4, Alt+Tab, Super,
// Super+D, Ctrl+Alt+Backspace and Ctrl+Alt+F2 sent with xdotool (XTEST)
// leave it running, full screen, its window still there: the app binds
// none of them, and with no window manager nothing else acts on them.
// (The VT switch itself is cage's, disabled without -s: a headless X
// server has no virtual terminals to test it on; see docs/fleet.md.)
func TestKioskSessionIgnoresEscapeKeys(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("needs a display (make test runs under xvfb-run)")
	}
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		testfiles.Missing(t, "xdotool not installed (make deps installs it)")
		return
	}
	dir := apptest.UseEmbeddedSandbox(t)
	require.NoError(t, staffpin.WriteFile(filepath.Join(dir, "biokiosk", staffpin.FileName),
		staffpin.State{Hash: mustHash(t, "80917")}, nil))
	cmd := exec.Command(os.Args[0], "--kiosk", "--metrics-addr", "off", "--camera", facetest.PNG(t, "obama.jpg"))
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	errb := &lockedBuffer{}
	cmd.Stderr = errb
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})

	pid := strconv.Itoa(cmd.Process.Pid)
	var win string
	deadline := time.Now().Add(60 * time.Second)
	for win == "" && time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("the kiosk exited before showing a window: %v\n%s", err, errb.String())
		case <-time.After(500 * time.Millisecond):
		}
		out, _ := exec.Command(xdotool, "search", "--pid", pid, "--onlyvisible", "--name", ".").Output()
		win = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	}
	require.NotEmpty(t, win, "no kiosk window: %s", errb.String())
	_ = exec.Command(xdotool, "windowfocus", "--sync", win).Run()

	for _, keys := range []string{"alt+F4", "alt+Tab", "super", "super+d", "ctrl+alt+BackSpace", "ctrl+alt+F2", "Escape"} {
		out, err := exec.Command(xdotool, "key", "--clearmodifiers", keys).CombinedOutput()
		require.NoError(t, err, "%s: %s", keys, out)
		select {
		case err := <-exited:
			t.Fatalf("%s ended the kiosk: %v\n%s", keys, err, errb.String())
		case <-time.After(700 * time.Millisecond):
		}
	}
	out, err := exec.Command(xdotool, "search", "--pid", pid, "--onlyvisible", "--name", ".").Output()
	require.NoError(t, err, "the kiosk's window is gone")
	assert.Contains(t, string(out), win)
}

func mustHash(t *testing.T, pin string) string {
	t.Helper()
	h, err := (&staffpin.Store{Iterations: 1000}).Hash(pin) // 600 000 take seconds under -race
	require.NoError(t, err)
	return h
}

// lockedBuffer is a child's stderr that the test may read while the
// child writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
