package ui

import (
	"errors"

	"biokiosk/assets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
)

// AppID is the Fyne application id (preferences live under it).
const AppID = "io.biokiosk.app"

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
}

// ErrDefaultPIN refuses full-screen kiosk mode while the exit PIN is
// still DefaultPIN: anyone who read the manual could leave the kiosk.
var ErrDefaultPIN = errors.New("the kiosk's exit PIN is still the default " + DefaultPIN + ": set one in the staff app's Settings (biokiosk gui) before running full screen (a windowed trial, --kiosk --windowed, may use it)")

// Run starts the GUI and returns when its window closes. srv keeps the
// server settings shared with the command line. Full-screen kiosk mode
// with the default exit PIN is refused (ErrDefaultPIN).
func Run(svc Services, srv ServerStore, opt Options) error {
	a := app.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.svg", assets.Icon))
	st := NewSettings(a.Preferences(), srv)
	st.Override(opt.Camera, opt.Microphone)
	if opt.Kiosk && !opt.Windowed && st.DefaultPINInUse() {
		return ErrDefaultPIN
	}
	tr, err := NewTranslator(assets.Translations, st.Language())
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
	a.Settings().SetTheme(kioskTheme{scale: scale, highContrast: opt.HighContrast})
	var speak Speaker
	if e, err := NewEspeak(); err == nil {
		speak = e
	} else {
		fyne.LogError("speech output is off", err)
	}
	w := a.NewWindow(tr.T("app.title"))
	w.Resize(fyne.NewSize(1024, 768))
	if opt.Kiosk {
		w.SetFullScreen(!opt.Windowed)
		NewKiosk(w, nil, svc, tr, st, speak, func() {
			w.SetFullScreen(false)
			NewStaff(w, nil, svc, tr, st, speak)
		})
	} else {
		NewStaff(w, nil, svc, tr, st, speak)
	}
	w.ShowAndRun()
	return nil
}
