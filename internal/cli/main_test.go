package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"biokiosk/records"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLI runs biokiosk with args and returns exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), &stdio{in: strings.NewReader(""), out: &out, err: &errb}, args)
	return code, out.String(), errb.String()
}

func TestUsageAndUnknown(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "sessions")
	code, _, errs := runCLI(t, "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `level=ERROR msg="unknown command" command=frobnicate`)
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "biokiosk "))
}

// TestNoFyneNoiseUnderCUTF8 runs the real command as a child under the
// containers' default locale: Fyne must not log a locale error.
func TestNoFyneNoiseUnderCUTF8(t *testing.T) {
	for _, loc := range []string{"C.UTF-8", "C", "en_US.UTF-8"} {
		cmd := exec.Command(os.Args[0], "version")
		cmd.Env = append(os.Environ(), envRunMain+"=1", "LANG="+loc, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		require.NoError(t, cmd.Run(), loc)
		assert.True(t, strings.HasPrefix(out.String(), "biokiosk "), loc)
		assert.Empty(t, errb.String(), "LANG=%s", loc)
	}
}

func TestSessionsJSON(t *testing.T) {
	t.Setenv("BIOKIOSK_STATE_DIR", t.TempDir()) // no spool of the machine's own
	db := filepath.Join(t.TempDir(), "records.db")
	s, err := records.Open(t.Context(), db)
	require.NoError(t, err)
	require.NoError(t, s.Log(t.Context(), records.Session{StartedAt: time.Now(), Flow: "enroll", Outcome: "ENROLLED", CustomerNumber: "42", Steps: []records.Step{{Step: "face", Result: "enrolled", Attempts: 1}}}))
	require.NoError(t, s.Close())

	code, out, errs := runCLI(t, "sessions", "--records", db, "--json")
	require.Equal(t, 0, code, errs)
	var got struct{ Sessions []records.Session }
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got.Sessions, 1)
	assert.Equal(t, "ENROLLED", got.Sessions[0].Outcome)
	assert.Equal(t, "42", got.Sessions[0].CustomerNumber)

	// --db, the old name, still works and says it is deprecated; both
	// names naming different records is a usage error.
	code, out2, errs := runCLI(t, "sessions", "--db", db, "--json")
	require.Equal(t, 0, code, errs)
	assert.JSONEq(t, out, out2)
	assert.Contains(t, errs, "--db is deprecated: use --records")
	code, _, errs = runCLI(t, "sessions", "--db", db, "--records", db+".other")
	assert.Equal(t, 2, code, errs)
}
