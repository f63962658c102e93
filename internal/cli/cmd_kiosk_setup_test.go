package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kiosk-setup enables the autostart for one account and --disable takes
// it back; the entry starts the systemd user unit the package installs.
func TestKioskSetup(t *testing.T) {
	home := t.TempDir()
	code, out, errs := runCLI(t, "kiosk-setup", "--user", "kiosk-test-account", "--home", home)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "enabled")
	entry, err := os.ReadFile(filepath.Join(home, ".config", "autostart", "biokiosk-kiosk.desktop"))
	require.NoError(t, err)
	assert.Contains(t, string(entry), "systemctl --user start biokiosk-kiosk.service")
	assert.NotContains(t, string(entry), "Hidden=true")
	target, err := os.Readlink(filepath.Join(home, ".config", "systemd", "user", "graphical-session.target.wants", "biokiosk-kiosk.service"))
	require.NoError(t, err)
	assert.Equal(t, "/usr/lib/systemd/user/biokiosk-kiosk.service", target)
	unit, err := os.ReadFile(filepath.Join("..", "..", "packaging", "biokiosk-kiosk.service"))
	require.NoError(t, err)
	assert.Contains(t, string(unit), "ExecStart=/usr/bin/biokiosk --kiosk")
	assert.Contains(t, string(unit), "Restart=always")

	code, _, errs = runCLI(t, "kiosk-setup", "--user", "kiosk-test-account", "--home", home, "--disable")
	require.Equal(t, 0, code, errs)
	_, err = os.Stat(filepath.Join(home, ".config", "autostart", "biokiosk-kiosk.desktop"))
	assert.True(t, os.IsNotExist(err))

	code, _, _ = runCLI(t, "kiosk-setup", "--user", "no-such-account-here")
	assert.Equal(t, 1, code, "an unknown account without --home")
}
