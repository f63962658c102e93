package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"biokiosk/config"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/staffpin"

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
	assert.Contains(t, string(unit), "Restart=on-failure")

	code, _, errs = runCLI(t, "kiosk-setup", "--user", "kiosk-test-account", "--home", home, "--disable")
	require.Equal(t, 0, code, errs)
	_, err = os.Stat(filepath.Join(home, ".config", "autostart", "biokiosk-kiosk.desktop"))
	assert.True(t, os.IsNotExist(err))

	code, _, _ = runCLI(t, "kiosk-setup", "--user", "no-such-account-here")
	assert.Equal(t, 1, code, "an unknown account without --home")
}

// kiosk-setup --pin-file sets the staff PIN without a screen: its hash in
// the account's 0600 PIN file (never the PIN), and marks the account a
// fleet kiosk; a PIN the keypad cannot type, or the default one, is
// refused. --disable --purge deletes the account's biokiosk data.
func TestKioskSetupSetsThePIN(t *testing.T) {
	home := t.TempDir()
	pinFile := filepath.Join(t.TempDir(), "pin")
	require.NoError(t, os.WriteFile(pinFile, []byte("80917\n"), 0o600))
	code, out, errs := runCLI(t, "kiosk-setup", "--user", "kiosk-test-account", "--home", home, "--pin-file", pinFile)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "staff PIN set")
	own := filepath.Join(home, ".config", "biokiosk")
	path := filepath.Join(own, staffpin.FileName)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "80917")
	assert.Contains(t, string(b), "pbkdf2-sha256$600000$")
	_, err = os.Stat(filepath.Join(own, config.FleetMarkerName))
	require.NoError(t, err, "a fleet kiosk from now on")

	for _, bad := range []string{"12", "12a4", "2468", ""} {
		require.NoError(t, os.WriteFile(pinFile, []byte(bad+"\n"), 0o600))
		code, _, errs = runCLI(t, "kiosk-setup", "--user", "kiosk-test-account", "--home", home, "--pin-file", pinFile)
		assert.Equal(t, 2, code, "PIN %q: %s", bad, errs)
	}

	require.NoError(t, os.WriteFile(filepath.Join(own, "sandbox.db"), []byte("x"), 0o600))
	code, _, errs = runCLI(t, "kiosk-setup", "--user", "kiosk-test-account", "--home", home, "--disable", "--purge")
	require.Equal(t, 0, code, errs)
	_, err = os.Stat(own)
	assert.True(t, os.IsNotExist(err), "the account's biokiosk data is gone")
}

// Full screen with the default PIN says why once and exits 4, which the
// units do not restart (RestartPreventExitStatus=4): no crash loop.
func TestKioskNotProvisionedExitsOnce(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("needs a display (make test runs under xvfb-run)")
	}
	apptest.UseEmbeddedSandbox(t)
	// A child, as systemd runs it (Fyne keeps writing its preferences
	// in the background of an app that never ran).
	cmd := exec.Command(os.Args[0], "--kiosk", "--metrics-addr", "off")
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	var errb strings.Builder
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, errb.String())
	assert.Equal(t, ExitNotProvisioned, ee.ExitCode(), errb.String())
	assert.Contains(t, errb.String(), "kiosk-setup --user NAME --pin-file")
	assert.Equal(t, 1, strings.Count(errb.String(), "exit PIN is still the default"), "said once")
	for _, f := range []string{"biokiosk-kiosk.service", "biokiosk-session@.service"} {
		unit, err := os.ReadFile(filepath.Join("..", "..", "packaging", f))
		require.NoError(t, err)
		assert.Contains(t, string(unit), "RestartPreventExitStatus="+strconv.Itoa(ExitNotProvisioned), f)
	}
}

// systemd accepts both units as written: no unknown key, no bad value
// (the binaries are replaced by /bin/true: the build machine has neither
// the installed biokiosk nor, perhaps, cage).
func TestUnitsVerify(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	require.NoError(t, err, "systemd-analyze (systemd)")
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "run"), 0o700))
	for f, name := range map[string]string{"biokiosk-kiosk.service": "biokiosk-kiosk.service", "biokiosk-session@.service": "biokiosk-session@kiosk.service"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "packaging", f))
		require.NoError(t, err)
		unit := strings.NewReplacer("/usr/bin/biokiosk", "/bin/true", "/usr/bin/cage", "/bin/true").Replace(string(b))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(unit), 0o644))
		args := []string{"verify", "--man=no", "./" + name}
		if !strings.Contains(name, "@") {
			args = append([]string{"--user"}, args...)
		}
		cmd := exec.Command(sa, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+filepath.Join(dir, "run"), "SYSTEMD_LOG_LEVEL=notice")
		cmd.WaitDelay = 10 * time.Second
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s: %s", f, out)
		assert.Empty(t, strings.TrimSpace(string(out)), f)
		assert.Contains(t, unit, "Type=notify", f)
		assert.Contains(t, unit, "WatchdogSec=", f)
		assert.Contains(t, unit, "StartLimitBurst=", f)
	}
}
