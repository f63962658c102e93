package cli

import (
	"context"
	"errors"
	"flag"
	"io"
	"log"
	"log/slog"
	"os"
	"time"

	"biokiosk/biometrics"
	"biokiosk/internal/app"
	"biokiosk/internal/cli/sdnotify"
	"biokiosk/logging"
	"biokiosk/ui"
)

// cmdGUI starts the Fyne app: the staff app, or the kiosk with --kiosk.
func cmdGUI(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("gui", flag.ContinueOnError)
	fs.SetOutput(st.err)
	kiosk := fs.Bool("kiosk", false, "full-screen kiosk mode (leave it with the staff gesture and PIN)")
	windowed := fs.Bool("windowed", false, "kiosk mode in a window (for trying it on a desktop)")
	contrast := fs.Bool("high-contrast", false, "high-contrast colours")
	scale := fs.Float64("scale", 0, "UI scale (default 1, 1.3 in kiosk mode)")
	records := fs.String("records", "", "directory and audit log: a PostgreSQL DSN (a fleet's shared directory) or a SQLite file (as enroll's --records)")
	kioskID := fs.String("kiosk-id", "", "this kiosk's name in the audit log (as enroll's --kiosk-id)")
	opsAddr := fs.String("metrics-addr", "127.0.0.1:9464", "serve /healthz and /metrics (Prometheus) here; \"off\" for none")
	cam := fs.String("camera", "", "camera source for this run (a device, URL, video or image; default: the saved setting)")
	mic := fs.String("mic", "", "microphone for this run (a device or a WAV file; default: the saved setting)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return 2
	}
	if !haveDisplay(st) {
		return 3
	}
	a := newGUIApp(st, *records, *kioskID)
	a.SetKiosk(*kiosk)
	// The GUI's own notes (package ui, and Fyne's through package log) go
	// to the same log while it runs.
	defer restoreDefaultLog(slog.Default(), log.Writer(), log.Flags())
	slog.SetDefault(st.log)
	defer a.Close()
	ctx, cancel := context.WithCancel(ctx)
	recovered := make(chan struct{})
	go func() { defer close(recovered); recoverAudit(ctx, a, st) }()
	defer func() { cancel(); <-recovered }() // before a.Close: it uses a's records
	if *opsAddr != "off" && *opsAddr != "" {
		url, stop, err := a.ServeOps(*opsAddr)
		if err != nil {
			st.log.Error("no health and metrics endpoint", logging.Err, err)
		} else {
			defer stop()
			st.log.Info("health and metrics on "+url+"/healthz and "+url+"/metrics", "url", url)
		}
	}
	opt := ui.Options{Kiosk: *kiosk, Windowed: *windowed, HighContrast: *contrast, Scale: float32(*scale), Camera: *cam, Microphone: *mic}
	systemdHooks(st, &opt)
	if err := ui.Run(a.Services(), a.ConfigStore(), opt); err != nil {
		if errors.Is(err, ui.ErrDefaultPIN) {
			// The unit's RestartPreventExitStatus: restarting cannot help.
			_, _ = sdnotify.Notify(os.Getenv, sdnotify.Status("not provisioned: "+err.Error()))
			st.log.Error("not provisioned", logging.Err, err)
			return ExitNotProvisioned
		}
		return fail(st, "gui", err)
	}
	return 0
}

// ExitNotProvisioned is the kiosk's exit code when it cannot start until
// IT does something (the exit PIN is still the default): the systemd
// unit does not restart it (RestartPreventExitStatus), so the reason is
// said once instead of in a loop.
const ExitNotProvisioned = 4

// systemdHooks makes the GUI a Type=notify service when systemd started
// it: READY=1 once the window is up and, with WatchdogSec=, WATCHDOG=1
// from the UI loop, so a kiosk whose UI hangs is restarted.
func systemdHooks(st *stdio, opt *ui.Options) {
	notify := func(state string) {
		if _, err := sdnotify.Notify(os.Getenv, state); err != nil {
			st.log.Error("systemd notification", logging.Err, err)
		}
	}
	opt.Started = func() { notify(sdnotify.Ready) }
	if d := sdnotify.WatchdogInterval(os.Getenv); d > 0 {
		opt.Heartbeat, opt.HeartbeatEvery = func() { notify(sdnotify.Watchdog) }, d
	}
}

// haveDisplay says whether there is a display to show the app on, and
// explains on stderr when not.
func haveDisplay(st *stdio) bool {
	if os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "" {
		return true
	}
	st.logger().Error("no display to show the app on. Run it in a desktop session (or under xvfb-run), or use the headless commands: biokiosk help")
	return false
}

// newGUIApp is the App the GUI runs on: no server flags (the
// environment, the config file and the keyring decide), the CLI's
// default timeout, the records and kiosk id given ("" for their
// defaults); its server settings are resolved here, before the UI asks
// for them.
func newGUIApp(st *stdio, records, kioskID string) *app.App {
	a := newApp(st, app.ServerSettings{Timeout: biometrics.DefaultTimeout, PinnedSPKI: splitList(os.Getenv(envPinSPKI))}, records, kioskID)
	a.Reload()
	return a
}

// restoreDefaultLog undoes slog.SetDefault, which also redirects
// package log (restoring slog's own default does not redirect it back).
func restoreDefaultLog(l *slog.Logger, out io.Writer, flags int) {
	slog.SetDefault(l)
	log.SetOutput(out)
	log.SetFlags(flags)
}

// recoverAudit, at the app's start, logs ABANDONED the sessions a killed
// process of this install left open and forwards what the audit spool
// holds (the next session's end and the lease's heartbeat retry).
func recoverAudit(ctx context.Context, a *app.App, st *stdio) {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, waiting, err := a.ForwardAudit(ctx); err != nil {
		st.log.Warn("audit spool not forwarded at start", "waiting", waiting, logging.Err, err)
	}
}
