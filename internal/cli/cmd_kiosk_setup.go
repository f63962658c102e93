package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
)

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
// that user. The package installs both disabled.
func cmdKioskSetup(_ context.Context, st *stdio, args []string) int {
	flags := flag.NewFlagSet("kiosk-setup", flag.ContinueOnError)
	flags.SetOutput(st.err)
	name := flags.String("user", "", "the kiosk's account (required)")
	home := flags.String("home", "", "that account's home folder (default: from the system's user database)")
	disable := flags.Bool("disable", false, "remove the autostart instead")
	printEntry := flags.Bool("print-autostart", false, "print the autostart entry and exit (the package build uses it)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *printEntry {
		fmt.Fprint(st.out, autostartEntry)
		return 0
	}
	if *name == "" {
		fmt.Fprintln(st.err, "usage: biokiosk kiosk-setup --user NAME [--home DIR] [--disable]")
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
	auto := filepath.Join(*home, ".config", "autostart", "biokiosk-kiosk.desktop")
	link := filepath.Join(*home, ".config", "systemd", "user", "graphical-session.target.wants", "biokiosk-kiosk.service")
	if *disable {
		for _, p := range []string{auto, link} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fail(st, "kiosk-setup", err)
			}
		}
		fmt.Fprintf(st.out, "kiosk autostart disabled for %s\n", *name)
		return 0
	}
	if err := writeOwned(auto, []byte(autostartEntry), u); err != nil {
		return fail(st, "kiosk-setup", err)
	}
	if err := linkOwned(link, unitPath, u); err != nil {
		return fail(st, "kiosk-setup", err)
	}
	fmt.Fprintf(st.out, "kiosk autostart enabled for %s: %s, %s\n", *name, auto, link)
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
