package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/privacyscan"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonLines parses every line of a JSON log; each must be one object.
func jsonLines(t *testing.T, log string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), "not a JSON log line: %q", l)
		require.Contains(t, m, "level", l)
		out = append(out, m)
	}
	return out
}

// With PostgreSQL down at start, enroll --json still prints one JSON
// object (FAILED, DIRECTORY_UNAVAILABLE) and exits 3, not 1 (kept for
// refusals); sessions and cleanup answer JSON too; the log is JSON lines
// with their level.
func TestJSONErrorsWithTheDirectoryDown(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	down := "postgres://biokiosk:s3cret-pw@127.0.0.1:1/biokiosk?sslmode=disable&connect_timeout=2"
	code, out, errs := runCLI(t, "enroll", "--reference-id", "42", "--consent", "yes", "--no-voice", "--camera", facetest.PNG(t, "obama.jpg"),
		"--records", down, "--json", "--log-format", "json")
	assert.Equal(t, 3, code, "%s\n%s", out, errs)
	var r flowJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r), "stdout %q", out)
	assert.Equal(t, "FAILED", r.Outcome)
	require.NotNil(t, r.Error)
	assert.Equal(t, "DIRECTORY_UNAVAILABLE", r.Error.Code)
	lines := jsonLines(t, errs)
	require.NotEmpty(t, lines)
	assert.Equal(t, "ERROR", lines[len(lines)-1]["level"])
	assert.NotContains(t, out+errs, "s3cret-pw", "the DSN's password")

	for _, cmd := range [][]string{{"sessions", "--db", down, "--json"}, {"cleanup", "--records", down, "--json"}} {
		code, out, errs = runCLI(t, cmd...)
		assert.Equal(t, 3, code, "%v: %s\n%s", cmd, out, errs)
		var e struct {
			OK    *bool `json:"ok"`
			Error struct{ Code, Detail string }
		}
		require.NoError(t, json.Unmarshal([]byte(out), &e), "%v: stdout %q", cmd, out)
		require.NotNil(t, e.OK)
		assert.False(t, *e.OK)
		assert.Equal(t, "DIRECTORY_UNAVAILABLE", e.Error.Code, cmd)
	}

	code, out, _ = runCLI(t, "enroll", "--consent", "yes", "--json")
	assert.Equal(t, 2, code)
	require.NoError(t, json.Unmarshal([]byte(out), &r), "a usage error in JSON too: %q", out)
	assert.Equal(t, "BAD_REQUEST", r.Error.Code)
}

// The log of a registration and a verification holds the journal's
// fields (session, kiosk, step, code) and no biometric data, no person's
// ids (customer number, user id) and no secret.
func TestLogsHoldNoIdsBiometricsOrSecrets(t *testing.T) {
	apptest.NeedModels(t)
	dir := t.TempDir()
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(dir, "none.json"))
	t.Setenv("BIOKIOSK_STATE_DIR", filepath.Join(dir, "state"))
	const key, secret = "branch-key-5521", "Zq9-s3cr3t-of-the-bank-77"
	sb := exec.Command(os.Args[0], "sandbox", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "server.db"), "--key", key, "--secret", secret)
	sb.Env = append(os.Environ(), envRunMain+"=1")
	stdout, err := sb.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, sb.Start())
	t.Cleanup(func() { _ = sb.Process.Signal(syscall.SIGTERM); _ = sb.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	url := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))

	recordsDB := filepath.Join(dir, "records.db")
	common := []string{"--server", url, "--key", key, "--records", recordsDB, "--kiosk-id", "branch-9", "--no-voice", "--json", "--log-format", "json"}
	t.Setenv("BIOKIOSK_SECRET", secret)
	code, out, errs := runCLI(t, append([]string{"enroll", "--reference-id", "customer-731904", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg")}, common...)...)
	require.Equal(t, 0, code, "%s\n%s", out, errs)
	var r flowJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	log := errs
	code, out, errs = runCLI(t, append([]string{"verify", "--reference-id", "customer-731904", "--camera", facetest.PNG(t, "obama_small.jpg")}, common...)...)
	require.Equal(t, 0, code, "%s\n%s", out, errs)
	log += errs

	var sessions, steps, codes int
	for _, m := range jsonLines(t, log) {
		if m["session"] != nil {
			sessions++
			assert.Equal(t, "branch-9", m["kiosk"], m)
		}
		if m["step"] != nil {
			steps++
		}
		if m["code"] != nil {
			codes++
		}
	}
	assert.Positive(t, sessions, log)
	assert.Positive(t, steps, log)
	assert.Positive(t, codes, log)
	assert.Contains(t, log, `"code":"ENROLLED"`)
	assert.Contains(t, log, `"code":"VERIFIED"`)
	for _, never := range []string{"customer-731904", "731904", r.UserID, secret} {
		assert.NotContains(t, log, never)
	}
	assert.Empty(t, privacyscan.Bytes("log", []byte(log)), "no image, audio or base64 in the log")
}

// A fleet kiosk (a system config exists) that names no server refuses a
// flow with the code the kiosk's out-of-service screen and /healthz use,
// SERVER_NOT_CONFIGURED: nothing was unreachable, nothing was asked.
func TestFleetWithoutAServerIsNotConfiguredInJSON(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	sys := filepath.Join(dir, "system.json")
	require.NoError(t, os.WriteFile(sys, []byte(`{"kiosk_id": "branch-1"}`), 0o644))
	t.Setenv("BIOKIOSK_SYSTEM_CONFIG", sys)
	code, out, errs := runCLI(t, "enroll", "--reference-id", "42", "--consent", "yes", "--no-voice", "--camera", facetest.PNG(t, "obama.jpg"),
		"--records", filepath.Join(dir, "records.db"), "--json")
	assert.Equal(t, 3, code, "%s\n%s", out, errs)
	var r flowJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r), "stdout %q", out)
	require.NotNil(t, r.Error)
	assert.Equal(t, "SERVER_NOT_CONFIGURED", r.Error.Code)
	assert.Contains(t, r.Error.Detail, "fleet kiosk")
	assert.NoFileExists(t, filepath.Join(dir, "sandbox.db"), "no sandbox started")
}
