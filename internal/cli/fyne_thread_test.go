//go:build devtools

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The real app (Fyne's GL driver, under Xvfb) walks the kiosk — a real
// registration from a file camera, the voice and document steps, the
// failures, out of service — then the staff tabs and Diagnostics with the
// server, microphone (WAV) and camera tests running, and never touches a
// widget off the UI goroutine: Fyne's "Error in Fyne call thread" line
// appears nowhere in its output.
func TestAppNeverTouchesWidgetsOffTheUIGoroutine(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		testfiles.Missing(t, "no display: run the tests under xvfb-run")
	}
	dir := apptest.UseEmbeddedSandbox(t)
	out := filepath.Join(dir, "shots")
	cmd := exec.Command(os.Args[0], "screenshots", "--out", out, "--languages", "en",
		"--camera", facetest.PNG(t, "obama.jpg"), "--mic", testfiles.Path(t, "voice", "en.wav"))
	cmd.Env = append(os.Environ(), envRunMain+"=1", "LANG=en_US.UTF-8")
	done := make(chan struct{})
	var output []byte
	var err error
	go func() { output, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(4 * time.Minute):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("the walk did not end within 4 minutes:\n%s", output)
	}
	require.NoError(t, err, "%s", output)
	assert.NotContains(t, string(output), "Error in Fyne call thread")
	shots, _ := filepath.Glob(filepath.Join(out, "en", "*.png"))
	assert.GreaterOrEqual(t, len(shots), 30, "every state was walked")
	assert.True(t, strings.Contains(string(output), "screenshots in"), "%s", output)
}
