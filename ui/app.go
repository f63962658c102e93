package ui

import (
	"errors"
	"log/slog"
	"time"

	"biokiosk/assets"
	"biokiosk/logging"
	"biokiosk/staffpin"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/kiosk"
	"biokiosk/ui/staff"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
)

// AppID is the Fyne application id (preferences live under it).
const AppID = core.AppID

// Options choose how the app starts.
type Options struct {
	// Kiosk starts full screen in kiosk mode (else the staff app);
	// Windowed keeps kiosk mode in a window, for trying it on a desktop.
	Kiosk, Windowed bool
	// HighContrast and Scale tune the theme (Scale 0: 1.3 in kiosk mode).
	HighContrast bool
	Scale        float32
	// Camera and Microphone, when set, replace the saved sources for
	// this run.
	Camera, Microphone string
	// Started runs (on the UI goroutine) once the window is up: the
	// systemd unit's READY=1.
	Started func()
	// Heartbeat runs on the UI goroutine every HeartbeatEvery: the
	// systemd watchdog's ping, which stops when the UI loop hangs.
	Heartbeat      func()
	HeartbeatEvery time.Duration
}

// ErrDefaultPIN refuses full-screen kiosk mode while the exit PIN is
// still DefaultPIN: anyone who read the manual could leave the kiosk.
var ErrDefaultPIN = errors.New("the kiosk's exit PIN is still the default " + core.DefaultPIN + ": set one with biokiosk kiosk-setup --user NAME --pin-file FILE, or in the staff app's Settings (biokiosk gui) before running full screen (a windowed trial, --kiosk --windowed, may use it)")

// Run starts the GUI and returns when its window closes. srv keeps the
// server settings shared with the command line. Full-screen kiosk mode
// with the default exit PIN is refused (ErrDefaultPIN).
func Run(svc Services, srv ServerStore, opt Options) error {
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.svg", assets.Icon))
	st := core.NewSettings(a.Preferences(), srv)
	st.Override(opt.Camera, opt.Microphone)
	pinPath, err := staffpin.DefaultPath()
	if err != nil {
		return err
	}
	if err := st.UsePINStore(&staffpin.Store{Path: pinPath}); err != nil {
		return err
	}
	if opt.Kiosk && !opt.Windowed && st.DefaultPINInUse() {
		return ErrDefaultPIN
	}
	tr, err := i18n.NewTranslator(assets.Translations, st.Language())
	if err != nil {
		return err
	}
	scale := opt.Scale
	if scale == 0 {
		scale = 1
		if opt.Kiosk {
			scale = 1.3
		}
	}
	// Large text and high contrast from Settings are each kiosk
	// session's defaults (the kiosk applies them per person);
	// --high-contrast forces high contrast for the whole run.
	a.Settings().SetTheme(widgets.Theme{Scale: scale, HighContrast: opt.HighContrast})
	var speak Speaker
	if e, err := core.NewEspeak(); err == nil {
		speak = e
	} else {
		slog.Warn("speech output is off", logging.Err, err)
	}
	w := a.NewWindow(tr.T("app.title"))
	w.Resize(fyne.NewSize(1024, 768))
	if opt.Kiosk {
		w.SetFullScreen(!opt.Windowed)
		kiosk.New(w, nil, svc, tr, st, speak, func() {
			w.SetFullScreen(false)
			staff.New(w, nil, svc, tr, st, speak)
		})
	} else {
		staff.New(w, nil, svc, tr, st, speak)
	}
	if opt.Started != nil {
		a.Lifecycle().SetOnStarted(opt.Started)
	}
	if opt.Heartbeat != nil && opt.HeartbeatEvery > 0 {
		stop := make(chan struct{})
		defer close(stop)
		go heartbeat(stop, opt.HeartbeatEvery, opt.Heartbeat)
	}
	w.ShowAndRun()
	return nil
}

// heartbeat hands beat to the UI goroutine every d until stop: a UI loop
// that hangs stops beating.
func heartbeat(stop <-chan struct{}, d time.Duration, beat func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			fyne.Do(beat)
		}
	}
}
