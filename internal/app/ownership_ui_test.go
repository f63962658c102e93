package app

import (
	"context"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/biometrics"
	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/ui"
	uicore "biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"
	"biokiosk/ui/staff"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// registerAtKiosk taps one registration of ref through the kiosk in the
// given language's words.
func (r *kioskRig) registerAtKiosk(ref string, words map[string]string) {
	r.t.Helper()
	r.tap(words["lang"])
	r.tap(words["start"])
	r.tap(words["agree"])
	for _, d := range ref {
		r.tap(string(d))
	}
	r.tap(words["continue"])
}

// A customer number that is taken ends, at the kiosk, in the person's
// language, with nothing created on the server; the voice step is an
// opt-in on the consent screen, unticked by default.
func TestKioskTakenNumberSaysSoInThePersonsLanguage(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Microphone: testfiles.Path(t, "voice", "en.wav"), Language: "en", PIN: "1234", IdleSeconds: 60, VoiceStep: true})
	en := map[string]string{"lang": "English", "start": "Register", "agree": "I agree", "continue": "Continue"}
	es := map[string]string{"lang": "Español", "start": "Registrarme", "agree": "Estoy de acuerdo", "continue": "Continuar"}

	r.tap("Register")
	var shown, ticked bool
	r.loop.Wait(func() { shown, ticked = r.k.VoiceOptIn.Visible(), r.k.VoiceOptIn.Checked })
	assert.True(t, shown, "the voice step has its own choice on the consent screen")
	assert.False(t, ticked, "opt-in: unticked until the person ticks it")
	r.tap("No, thanks")

	r.registerAtKiosk("7700", en)
	waitScreen(t, r.loop, r.k, flowscreen.ScreenReview, 60*time.Second)
	r.tap("Continue")
	waitScreen(t, r.loop, r.k, flowscreen.ScreenResult, 60*time.Second)
	require.True(t, r.shows("You are registered."))
	steps := r.k.Result().Steps
	for _, s := range steps {
		assert.NotEqual(t, flow.StepVoice, s.Step, "no voice step without the opt-in")
	}
	r.tap("Done")

	r.registerAtKiosk("7700", es)
	waitScreen(t, r.loop, r.k, flowscreen.ScreenResult, 30*time.Second)
	assert.True(t, r.contains("Este número de cliente ya está registrado"), "in Spanish")
	assert.Equal(t, flow.OutcomeAlreadyRegistered, r.k.Result().Outcome)
	_, sb, err := r.a.Server(context.Background())
	require.NoError(t, err)
	c, err := sb.sb.Census(context.Background())
	require.NoError(t, err)
	assert.Len(t, c.Users, 1, "the second registration created nothing")
}

// A staff registration asks the person's consent first; declining runs
// nothing. A taken number offers the explicit replacement.
func TestStaffRegisterAsksConsentAndOffersReplacement(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	fa := test.NewApp()
	t.Cleanup(fa.Quit)
	ap := New(Settings{Server: ServerSettings{Timeout: biometrics.DefaultTimeout}})
	t.Cleanup(ap.Close)
	st := uicore.NewSettings(fa.Preferences(), &memStore{})
	require.NoError(t, st.Save(ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "en", IdleSeconds: 60}))
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1024, 768))
	loop := newSerial(t)
	var s *staff.App
	loop.Wait(func() { s = staff.New(w, loop.Do, ap.Services(), tr, st, nil) })
	tab := s.Tabs.Items[0].Content

	// Someone owns 770 already.
	runner, closeRunner, err := ap.NewRunner(context.Background(), RunnerSpec{Session: ui.Session{Flow: flow.Config{Face: true}, Camera: facetest.PNG(t, "obama.jpg")}})
	require.NoError(t, err)
	res := runner.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "770", Consent: true})
	closeRunner()
	require.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)

	loop.Wait(func() {
		var entry *widget.Entry
		walk(tab, func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok && entry == nil {
				entry = e
			}
		})
		entry.SetText("770")
		test.Tap(widgets.FindButton(tab, "Start"))
	})
	var d bool
	loop.Wait(func() { d = s.ConsentDialog != nil })
	require.True(t, d, "the consent dialog is shown")
	loop.Wait(func() { s.ConsentDialog.Dismiss() })
	time.Sleep(200 * time.Millisecond)
	var screen flowscreen.Screen
	loop.Wait(func() { screen = s.Register.Screen() })
	assert.Empty(t, screen, "declined: nothing runs")

	loop.Wait(func() { test.Tap(widgets.FindButton(tab, "Start")) })
	loop.Wait(func() { s.ConsentDialog.Confirm() })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && screen != flowscreen.ScreenResult {
		time.Sleep(50 * time.Millisecond)
		loop.Wait(func() { screen = s.Register.Screen() })
	}
	require.Equal(t, flowscreen.ScreenResult, screen)
	var got flow.Result
	var replace *widget.Button
	loop.Wait(func() { got, replace = s.Register.Result(), widgets.FindButton(tab, "Replace the existing enrolment") })
	assert.Equal(t, flow.OutcomeAlreadyRegistered, got.Outcome)
	assert.Equal(t, res.UserID, got.UserID)
	assert.NotNil(t, replace, "staff may replace the enrolment, explicitly")
	var named bool
	loop.Wait(func() { named = labelled(tab, "Person: user "+res.UserID+" (customer number 770)") })
	assert.True(t, named, "the owner's user id is shown with its customer number, from the records")

	// The reverse look-up behind it: the records' owner of a user id.
	ref, ok, err := ap.Services().CustomerNumber(context.Background(), res.UserID)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "770", ref)
	_, ok, err = ap.Services().CustomerNumber(context.Background(), "nobody")
	require.NoError(t, err)
	assert.False(t, ok, "a user the records do not know has no number")
}

// walk visits every object under obj.
func walk(obj fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(obj)
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			walk(c, f)
		}
	case *widget.Form:
		for _, it := range o.Items {
			walk(it.Widget, f)
		}
	}
}
