package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"

	"biokiosk/config"
	"biokiosk/staffpin"
	"biokiosk/ui"
	uicore "biokiosk/ui/core"
)

// sessionUnit is the locked kiosk session's unit for an account
// (packaging/biokiosk-session@.service).
func sessionUnit(name string) string { return "biokiosk-session@" + name + ".service" }

// systemctl runs systemctl with args, its output on ours.
func systemctl(st *stdio, args ...string) error {
	cmd := exec.Command("systemctl", args...)
	cmd.Stdout, cmd.Stderr = st.out, st.err
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("systemctl %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// readPIN reads the staff PIN from path's first line ("-": stdin): 4 to 12
// digits (the kiosk's keypad has digits only), not the default PIN.
func readPIN(st *stdio, path string) (string, error) {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(st.in, 4096))
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return "", fmt.Errorf("PIN file: %w", err)
	}
	pin, _, _ := strings.Cut(string(b), "\n")
	pin = strings.TrimSpace(pin)
	if err := uicore.CheckNewPIN(pin); err != nil {
		return "", fmt.Errorf("PIN file: the first line must be the PIN alone: %w", err)
	}
	return pin, nil
}

// unitPath is where the Debian package installs the kiosk's systemd user
// unit (packaging/biokiosk-kiosk.service).
const unitPath = "/usr/lib/systemd/user/biokiosk-kiosk.service"

// autostartEntry starts the kiosk's user service when the desktop session
// starts (with the session's display), for desktops whose sessions do not
// reach graphical-session.target; systemd restarts the kiosk if it exits.
const autostartEntry = `[Desktop Entry]
Type=Application
Name=biokiosk kiosk
Comment=Starts the biokiosk kiosk service in this desktop session
Exec=sh -c 'systemctl --user import-environment DISPLAY XAUTHORITY WAYLAND_DISPLAY; systemctl --user start biokiosk-kiosk.service'
NoDisplay=true
X-GNOME-Autostart-enabled=true
`

// cmdKioskSetup enables (or, with --disable, disables) the kiosk's
// autostart for one account: the user's XDG autostart entry and the
// systemd user unit's link under graphical-session.target.wants, owned by
// that user. The package installs both disabled. Enabling also marks the
// account a fleet kiosk (config.FleetMarker: no embedded sandbox unless a
// config asks for it) and, with --pin-file, sets the staff PIN without a
// screen. --disable --purge also deletes what biokiosk kept for the
// account (its biokiosk config folder: the sandbox's and the records'
// SQLite databases, the PIN file; and its Fyne preferences).
func cmdKioskSetup(_ context.Context, st *stdio, args []string) int {
	flags := flag.NewFlagSet("kiosk-setup", flag.ContinueOnError)
	flags.SetOutput(st.err)
	name := flags.String("user", "", "the kiosk's account (required)")
	home := flags.String("home", "", "that account's home folder (default: from the system's user database)")
	disable := flags.Bool("disable", false, "remove the autostart instead")
	purge := flags.Bool("purge", false, "with --disable: also delete the account's biokiosk data (sandbox and records databases, staff PIN, settings)")
	pinFile := flags.String("pin-file", "", "set the staff exit PIN from this file's first line (4 to 12 digits; - for stdin); the file is not kept")
	session := flags.Bool("session", false, "run the kiosk in the locked session (cage on tty1, no desktop: biokiosk-session@NAME.service) instead of a desktop autostart")
	printEntry := flags.Bool("print-autostart", false, "print the autostart entry and exit (the package build uses it)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *printEntry {
		fmt.Fprint(st.out, autostartEntry)
		return 0
	}
	if *name == "" {
		fmt.Fprintln(st.err, "usage: biokiosk kiosk-setup --user NAME [--home DIR] [--pin-file FILE] [--session] | --disable [--purge]")
		return 2
	}
	u, err := user.Lookup(*name)
	switch {
	case err != nil && *home == "":
		return fail(st, "kiosk-setup", fmt.Errorf("no user %q: %w", *name, err))
	case err != nil:
		u = nil // --home given for an account this machine does not know
	}
	if *home == "" {
		*home = u.HomeDir
	}
	k := kioskAccount{name: *name, home: *home, u: u}
	if *disable {
		return k.disable(st, *purge)
	}
	if *purge {
		fmt.Fprintln(st.err, "kiosk-setup: --purge goes with --disable")
		return 2
	}
	return k.enable(st, *pinFile, *session)
}

// kioskAccount is the account kiosk-setup sets up (u nil: not known to
// this machine).
type kioskAccount struct {
	name, home string
	u          *user.User
}

// autostart is the account's XDG autostart entry.
func (k kioskAccount) autostart() string {
	return filepath.Join(k.home, ".config", "autostart", "biokiosk-kiosk.desktop")
}

// unitLink is the account's link to the user unit under
// graphical-session.target.wants.
func (k kioskAccount) unitLink() string {
	return filepath.Join(k.home, ".config", "systemd", "user", "graphical-session.target.wants", "biokiosk-kiosk.service")
}

// configDir is the account's biokiosk config folder.
func (k kioskAccount) configDir() string { return filepath.Join(k.home, ".config", "biokiosk") }

// marker is the account's fleet kiosk marker.
func (k kioskAccount) marker() string { return filepath.Join(k.configDir(), config.FleetMarkerName) }

// disable removes the autostart, the unit link, the fleet marker and the
// locked session; with purge also the account's biokiosk data.
func (k kioskAccount) disable(st *stdio, purge bool) int {
	if err := removeIfThere(k.autostart(), k.unitLink(), k.marker()); err != nil {
		return fail(st, "kiosk-setup", err)
	}
	if _, err := os.Stat(filepath.Join("/etc/systemd/system/graphical.target.wants", sessionUnit(k.name))); err == nil {
		if err := systemctl(st, "disable", sessionUnit(k.name)); err != nil {
			return fail(st, "kiosk-setup", err)
		}
	}
	fmt.Fprintf(st.out, "kiosk autostart disabled for %s\n", k.name)
	if !purge {
		return 0
	}
	for _, p := range []string{k.configDir(), filepath.Join(k.home, ".config", "fyne", ui.AppID)} {
		if err := os.RemoveAll(p); err != nil {
			return fail(st, "kiosk-setup", err)
		}
	}
	fmt.Fprintf(st.out, "deleted %s's biokiosk data: %s (sandbox and records databases, staff PIN) and its settings\n", k.name, k.configDir())
	return 0
}

// removeIfThere removes each path that exists.
func removeIfThere(paths ...string) error {
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// enable marks the account a fleet kiosk, sets the staff PIN from
// pinFile (when given) and enables the locked session or the desktop
// autostart.
func (k kioskAccount) enable(st *stdio, pinFile string, session bool) int {
	var pinHash string
	if pinFile != "" {
		pin, err := readPIN(st, pinFile)
		if err != nil {
			fmt.Fprintf(st.err, "kiosk-setup: %v\n", err)
			return 2
		}
		if pinHash, err = staffpin.Hash(pin); err != nil {
			return fail(st, "kiosk-setup", err)
		}
	}
	if err := writeOwned(k.marker(), []byte("This account is a biokiosk fleet kiosk (biokiosk kiosk-setup): without a server it is out of service, never on the embedded sandbox.\n"), k.u); err != nil {
		return fail(st, "kiosk-setup", err)
	}
	if pinHash != "" {
		pinPath := filepath.Join(k.configDir(), staffpin.FileName)
		chown := func(p string) error { return chownTo(p, k.u) }
		if err := staffpin.WriteFile(pinPath, staffpin.State{Hash: pinHash}, chown); err != nil {
			return fail(st, "kiosk-setup", err)
		}
		fmt.Fprintf(st.out, "staff PIN set for %s (%s, 0600)\n", k.name, pinPath)
	}
	if session {
		return k.enableSession(st)
	}
	return k.enableAutostart(st)
}

// enableSession enables the locked session; it replaces the desktop, so
// no autostart is left in one.
func (k kioskAccount) enableSession(st *stdio) int {
	if err := removeIfThere(k.autostart(), k.unitLink()); err != nil {
		return fail(st, "kiosk-setup", err)
	}
	if err := systemctl(st, "enable", sessionUnit(k.name)); err != nil {
		return fail(st, "kiosk-setup", err)
	}
	fmt.Fprintf(st.out, "kiosk session enabled for %s: %s runs biokiosk under cage on tty1 from the next boot (no desktop, no VT switch)\n", k.name, sessionUnit(k.name))
	return 0
}

// enableAutostart writes the desktop autostart entry and links the user
// unit under graphical-session.target.wants.
func (k kioskAccount) enableAutostart(st *stdio) int {
	if err := writeOwned(k.autostart(), []byte(autostartEntry), k.u); err != nil {
		return fail(st, "kiosk-setup", err)
	}
	if err := linkOwned(k.unitLink(), unitPath, k.u); err != nil {
		return fail(st, "kiosk-setup", err)
	}
	fmt.Fprintf(st.out, "kiosk autostart enabled for %s: %s, %s\n", k.name, k.autostart(), k.unitLink())
	return 0
}

// writeOwned writes data at path, creating its folders, owned by u when
// u is known and this process may chown.
func writeOwned(path string, data []byte, u *user.User) error {
	if err := mkdirOwned(filepath.Dir(path), u); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return chownTo(path, u)
}

// linkOwned (re)makes path as a symbolic link to target.
func linkOwned(path, target string, u *user.User) error {
	if err := mkdirOwned(filepath.Dir(path), u); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Symlink(target, path); err != nil {
		return fmt.Errorf("link %s: %w", path, err)
	}
	if u != nil && os.Geteuid() == 0 {
		uid, gid := ids(u)
		return os.Lchown(path, uid, gid)
	}
	return nil
}

// mkdirOwned creates dir and the missing folders above it, each owned by u.
func mkdirOwned(dir string, u *user.User) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := mkdirOwned(filepath.Dir(dir), u); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	return chownTo(dir, u)
}

func chownTo(path string, u *user.User) error {
	if u == nil || os.Geteuid() != 0 {
		return nil
	}
	uid, gid := ids(u)
	if err := os.Chown(path, uid, gid); err != nil {
		return fmt.Errorf("chown %s: %w", path, err)
	}
	return nil
}

func ids(u *user.User) (int, int) {
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return uid, gid
}
