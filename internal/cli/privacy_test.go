package cli

import (
	"biokiosk/config"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"os"
	"path/filepath"
	"testing"

	"biokiosk/internal/testkit/privacyscan"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A full headless registration (face and voice) writes no image, audio or
// base64 anywhere under the kiosk's HOME, config dir or TMPDIR. The
// inputs live elsewhere, and so does the embedded sandbox's database (it
// stands in for the server).
func TestRegistrationWritesNoBiometricDataOnTheKiosk(t *testing.T) {
	apptest.NeedModels(t)
	inputs := t.TempDir()
	kiosk := t.TempDir()
	home, tmp := filepath.Join(kiosk, "home"), filepath.Join(kiosk, "tmp")
	require.NoError(t, os.MkdirAll(home, 0o700))
	require.NoError(t, os.MkdirAll(tmp, 0o700))

	obama := facetest.PNG(t, "obama.jpg")
	wav := spokenPrompts(t, "zero six five three", "four eight two one", "seven seven zero nine", "one two three four")

	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("TMPDIR", tmp)
	t.Setenv("BIOKIOSK_CONFIG", "")
	t.Setenv("BIOKIOSK_STATE_DIR", "") // the instance id and audit spool in the kiosk's home, scanned below
	t.Setenv("BIOKIOSK_SERVER", "")
	t.Setenv("BIOKIOSK_KEY", "")
	t.Setenv("BIOKIOSK_SECRET", "")
	t.Setenv(config.EnvSandboxDB, filepath.Join(inputs, "server-side.db"))

	code, r, errs := runFlowCLI(t, "enroll", "--reference-id", "private", "--consent", "yes", "--camera", obama, "--mic", wav)
	require.Equal(t, 0, code, "%+v\n%s", r, errs)
	require.Equal(t, "ENROLLED", r.Outcome)
	assert.FileExists(t, filepath.Join(home, ".config", "biokiosk", "records.db"), "the audit log is on the kiosk")
	for _, f := range []string{"audit-spool.db", "instance-id"} {
		fi, err := os.Stat(filepath.Join(home, ".config", "biokiosk", f))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), f)
	}

	findings, err := privacyscan.Tree(kiosk, 1<<30)
	require.NoError(t, err)
	assert.Empty(t, findings, "biometric data written on the kiosk")
}
