package kiosk

import (
	"os"
	"path/filepath"
	"testing"

	"biokiosk/assets"
	"biokiosk/flow"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/internal/testkit/uitest/fakes"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A kiosk failure reads as a sentence in the person's language with what
// to do (the capture timeout's most frequent problem as a tip), offers Try
// again where it can help, and never shows the code or the detail.
func TestKioskFailuresAreTranslatedSentences(t *testing.T) {
	k, _, wait := testKiosk(t, "pt")
	wait(func() { k.tr.SetLanguage("es") })
	finish := func(code flow.Code, detail string) {
		wait(func() {
			k.Finish(flow.Result{Outcome: flow.OutcomeFailed, Error: &flow.Error{Code: code, Detail: detail}})
		})
	}
	has := func(text string) (ok bool) { wait(func() { ok = uitest.HasLabel(k.Root(), text) }); return }
	holds := func(text string) (ok bool) { wait(func() { ok = uitest.ContainsLabel(k.Root(), text) }); return }
	retry := func() (ok bool) {
		wait(func() { ok = widgets.FindButton(k.Root(), "Intentar de nuevo") != nil })
		return
	}

	finish(flow.CodeCaptureTimeout, "no compliant photo after 412 frames; most frequent problem MOVE_CLOSER")
	assert.True(t, has("No pudimos tomar una buena foto a tiempo. Consejo: Acérquese."))
	assert.True(t, retry(), "a timeout can be tried again")

	finish(flow.CodeCameraUnavailable, `no camera at "0" (camera unavailable: 0: Error opening device)`)
	assert.True(t, has("La cámara no funciona. Pida ayuda al personal del banco."))
	assert.False(t, retry(), "trying again does not bring a camera back")
	assert.False(t, holds("no camera"), "the detail is for the log, not the customer")
	assert.False(t, holds(string(flow.CodeCameraUnavailable)))

	var recheck bool
	wait(func() { recheck = k.recheck })
	assert.True(t, recheck, "a camera failure makes the welcome screen check the kiosk again")

	finish("SOMETHING_NEW", "boom")
	assert.True(t, has("Algo salió mal. Pida ayuda al personal del banco."), "an unknown code reads as a sentence too")
	assert.True(t, has("Volvemos al inicio en 30 s"), "the result says when it goes away (DefaultResultSeconds)")
}

// testKiosk builds a Kiosk with every capability, in lang, on a fresh
// test app; its UI work runs on a uitest.SerialLoop, which wait posts to.
func testKiosk(t *testing.T, lang string) (k *App, tr *i18n.Translator, wait func(func())) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, lang)
	require.NoError(t, err)
	do, wait := uitest.SerialLoop(t)
	wait(func() {
		k = New(a.NewWindow("t"), do, fakes.Services{Caps: flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil, nil)
	})
	return k, tr, wait
}

func TestNumbersFollowTheLanguage(t *testing.T) {
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	assert.Equal(t, "1,234.5", tr.Number(1234.5, 1))
	tr.SetLanguage("pt")
	assert.Equal(t, "1.234,5", tr.Number(1234.5, 1))
	assert.Equal(t, "-0,8", tr.Number(-0.8, 1))
	assert.Equal(t, "25", tr.Number(25, 0))
}

// A PIN store the kiosk cannot read is an error in the app's log (a
// level the journal's "-p err" finds, with the field names the rest of
// the app uses), never the PIN typed; the prompt stays closed.
func TestKioskLogsAnUnreadablePINStoreAsAnError(t *testing.T) {
	logs := uitest.CaptureLog(t)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	do, wait := uitest.SerialLoop(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	st := core.NewSettings(a.Preferences(), uitest.NopStore{})
	path := filepath.Join(t.TempDir(), "staff-pin.json")
	require.NoError(t, st.UsePINStore(uitest.FastPINs(path)))
	require.NoError(t, os.Mkdir(path, 0o700)) // a folder where the file should be: unreadable
	left := false
	var k *App
	wait(func() {
		k = New(w, do, fakes.Services{Caps: flow.AllCapabilities}, tr, st, nil, func() { left = true })
	})
	typePIN(w, k, wait, "9753")
	assert.False(t, left)
	out := logs.String()
	assert.Contains(t, out, "level=ERROR msg=\"staff PIN store\" err=")
	assert.NotContains(t, out, "9753")
	assert.NotContains(t, out, "biokiosk:", "a structured line, not a plain one")
}

// The staff gesture asks the PIN on an on-screen keypad; the right PIN
// typed there leaves kiosk mode.
func TestStaffPINOnAKeypad(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	do, wait := uitest.SerialLoop(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1024, 768))
	st := core.NewSettings(a.Preferences(), uitest.NopStore{})
	require.NoError(t, st.UsePINStore(uitest.FastPINs("")))
	require.NoError(t, st.Save(core.Values{PIN: "1357", IdleSeconds: 60}))
	left := false
	var k *App
	wait(func() {
		k = New(w, do, fakes.Services{Caps: flow.AllCapabilities}, tr, st, nil, func() { left = true })
	})
	typePIN(w, k, wait, "1357")
	assert.True(t, left, "the PIN typed on the keypad leaves kiosk mode")
}

// typePIN makes the staff gesture and types pin on the PIN dialog's
// keypad, then confirms.
func typePIN(w fyne.Window, k *App, wait func(func()), pin string) {
	wait(func() {
		for range 5 {
			k.cornerTap()
		}
	})
	wait(func() {
		for _, d := range pin {
			uitest.Visit(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
				if b, ok := o.(*widget.Button); ok && b.Text == string(d) {
					test.Tap(b)
				}
			})
		}
		k.PINDialog.Confirm()
	})
}

// A flow past its deadline and a kiosk that may not register read as
// sentences in the person's language; only the first offers Try again.
func TestDeadlineAndRegistrationRefusalAreSentences(t *testing.T) {
	k, _, wait := testKiosk(t, "pt")
	wait(func() { k.tr.SetLanguage("es") })
	finish := func(code flow.Code) {
		wait(func() {
			k.Finish(flow.Result{Outcome: flow.OutcomeFailed, Error: &flow.Error{Code: code, Detail: "detail"}})
		})
	}
	has := func(text string) (ok bool) { wait(func() { ok = uitest.HasLabel(k.Root(), text) }); return }
	retry := func() (ok bool) {
		wait(func() { ok = widgets.FindButton(k.Root(), "Intentar de nuevo") != nil })
		return
	}

	finish(flow.CodeFlowDeadline)
	assert.True(t, has("El servicio del banco tardó demasiado, así que la sesión se detuvo y no se guardó nada. Inténtelo de nuevo en un momento."))
	assert.True(t, retry())
	finish(flow.CodeDirectoryNotShared)
	assert.True(t, has("Este quiosco no puede registrar clientes. Pida ayuda al personal del banco."))
	assert.False(t, retry())
}
