package kiosk

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"strings"
	"sync"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/capture/preview"
	"biokiosk/flow"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/internal/testkit/uitest/fakes"
	"biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSpeaker records what the kiosk says; while busy it is "speaking"
// and Wait blocks until release.
type fakeSpeaker struct {
	mu      sync.Mutex
	said    []string
	langs   []string
	busy    bool
	volume  int
	release chan struct{}
}

func newFakeSpeaker() *fakeSpeaker { return &fakeSpeaker{release: make(chan struct{})} }

func (f *fakeSpeaker) Say(lang, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.said = append(f.said, text)
	f.langs = append(f.langs, lang)
}

func (f *fakeSpeaker) Stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.said = append(f.said, "<stop>")
}

func (f *fakeSpeaker) SetVolume(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.volume = v
}

func (f *fakeSpeaker) Speaking() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.busy }

func (f *fakeSpeaker) Wait(ctx context.Context) error {
	f.mu.Lock()
	busy, rel := f.busy, f.release
	f.mu.Unlock()
	if !busy {
		return nil
	}
	select {
	case <-rel:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// hold makes the speaker busy until done.
func (f *fakeSpeaker) hold() (done func()) {
	f.mu.Lock()
	f.busy = true
	f.release = make(chan struct{})
	rel := f.release
	f.mu.Unlock()
	return func() {
		f.mu.Lock()
		f.busy = false
		f.mu.Unlock()
		close(rel)
	}
}

// texts is everything said since the last call.
func (f *fakeSpeaker) texts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.said
	f.said = nil
	return out
}

// saidContaining says one text said holds want.
func saidContaining(texts []string, want string) bool {
	for _, s := range texts {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// speakingKiosk is testKiosk with a fake speaker and settings v.
func speakingKiosk(t *testing.T, v core.Values) (k *App, sp *fakeSpeaker, w fyne.Window, wait func(func())) {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	a.Settings().SetTheme(widgets.Theme{Scale: 1})
	st := core.NewSettings(a.Preferences(), uitest.NopStore{})
	require.NoError(t, st.Save(v))
	tr, err := i18n.NewTranslator(assets.Translations, st.Language())
	require.NoError(t, err)
	do, wait := uitest.SerialLoop(t)
	w = test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1024, 768))
	sp = newFakeSpeaker()
	wait(func() { k = New(w, do, fakes.Services{Caps: flow.AllCapabilities}, tr, st, sp, nil) })
	t.Cleanup(func() { wait(func() { k.checkGen++; k.idle.Stop() }) })
	return k, sp, w, wait
}

// A customer turns on speech, large text and high contrast on the
// welcome screen, each by itself; they apply at once and only to this
// session: the next person starts with the staff's defaults.
func TestAccessibilityIsTheCustomersForTheirSession(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "es", IdleSeconds: 60})
	cur := func() widgets.Theme { return fyne.CurrentApp().Settings().Theme().(widgets.Theme) }
	tap := func(text string) {
		t.Helper()
		var b fyne.Tappable
		wait(func() {
			if fb := widgets.FindButton(k.Root(), text); fb != nil {
				b = fb
			}
		})
		require.NotNil(t, b, "no %q", text)
		wait(func() { test.Tap(b) })
	}
	tick := func(text string) {
		t.Helper()
		var c *widgets.Check
		wait(func() {
			uitest.Visit(k.Root(), func(o fyne.CanvasObject) {
				if x, ok := o.(*widgets.Check); ok && x.Label() == text {
					c = x
				}
			})
		})
		require.NotNil(t, c, "no %q", text)
		wait(func() { test.Tap(c) })
	}
	tap("Accesibilidad: voz, letra grande, contraste")
	assert.Equal(t, ScreenAccess, k.Screen())
	assert.Empty(t, sp.texts(), "silent until speech is chosen")
	tick("Voz (leer la pantalla en voz alta)")
	assert.True(t, saidContaining(sp.texts(), "Voz (leer la pantalla en voz alta), casilla, activada"), "the change is said in the person's language")
	tick("Letra grande")
	assert.True(t, cur().LargeText)
	assert.False(t, cur().HighContrast, "each choice by itself")
	assert.InDelta(t, 1.5*theme.DefaultTheme().Size(theme.SizeNameText), cur().Size(theme.SizeNameText), 0.01, "≥ 150 %")
	tick("Alto contraste")
	assert.True(t, cur().HighContrast)
	tap("Listo")
	assert.Equal(t, flowscreen.ScreenAttract, k.Screen())
	assert.True(t, saidContaining(sp.texts(), "Pulse Enter para registrarse"), "the welcome screen is said with its keys")

	wait(k.Attract) // the next person
	var speech, large, contrast bool
	wait(func() { speech, large, contrast = k.Access() })
	assert.False(t, speech || large || contrast, "for this session only")
	assert.Equal(t, widgets.Theme{Scale: 1}, cur())
}

// Staff defaults stay in Settings: a kiosk set to large text starts
// every session with it.
func TestAccessibilityDefaultsFromSettings(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 60, LargeText: true, SpokenGuidance: true})
	var speech, large, contrast bool
	wait(func() { speech, large, contrast = k.Access() })
	assert.True(t, speech)
	assert.True(t, large)
	assert.False(t, contrast)
	assert.True(t, fyne.CurrentApp().Settings().Theme().(widgets.Theme).LargeText)
	assert.True(t, saidContaining(sp.texts(), "Welcome."))
}

// The keypad's + key, and a long press anywhere on the welcome screen,
// turn speech on for someone who cannot see the control; any other key
// on a silent welcome screen says how.
func TestSpeechByKeyAndLongPress(t *testing.T) {
	old := AccessHold
	AccessHold = 50 * time.Millisecond
	t.Cleanup(func() { AccessHold = old })
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "pt-BR", IdleSeconds: 60})
	wait(func() { k.typedRune('5') })
	assert.Equal(t, []string{"Para ouvir as instruções, aperte + no teclado ou mantenha o dedo na tela por 3 segundos."}, sp.texts())
	wait(func() { k.typedRune('+') })
	said := sp.texts()
	require.Len(t, said, 1)
	assert.True(t, strings.HasPrefix(said[0], "A voz está ligada. Boas-vindas."), said[0])
	wait(func() { k.typedRune('*') })
	assert.True(t, saidContaining(sp.texts(), "Aperte Enter para se cadastrar"), "star repeats")
	wait(func() { k.typedRune('#') })
	assert.Equal(t, []string{"<stop>"}, sp.texts(), "# silences")
	for range 3 {
		wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyF6}) })
	}
	assert.Equal(t, []string{"Volume 120 %", "Volume 140 %", "Volume 160 %"}, sp.texts(), "louder, said at the new volume")
	assert.Equal(t, 160, sp.volume)
	wait(k.Attract)
	assert.Equal(t, 100, sp.volume, "the next person starts at the usual volume")

	wait(k.Attract)
	var hold *widgets.HoldArea
	wait(func() {
		uitest.Visit(k.Root(), func(o fyne.CanvasObject) {
			if h, ok := o.(*widgets.HoldArea); ok {
				hold = h
			}
		})
	})
	require.NotNil(t, hold)
	var _ desktop.Mouseable = hold
	hold.MouseDown(&desktop.MouseEvent{})
	hold.MouseUp(&desktop.MouseEvent{}) // a tap: nothing
	time.Sleep(150 * time.Millisecond)
	var on bool
	wait(func() { on, _, _ = k.Access() })
	assert.False(t, on, "a short tap is not the gesture")
	hold.MouseDown(&desktop.MouseEvent{})
	time.Sleep(200 * time.Millisecond)
	wait(func() { on, _, _ = k.Access() })
	assert.True(t, on, "a long press turns speech on")
}

// The customer number is private (EN 301 549 5.1.3.9): by default the
// speaker says how many digits are typed, never which, and the result
// says the number was kept without saying it; the number is said only
// once the person chose "Say my number aloud" on the accessibility
// screen, and the next person starts private again.
func TestCustomerNumberNotSpokenUnlessChosen(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 60, SpokenGuidance: true, RefMinDigits: 4, RefMaxDigits: 6})
	digitsSaid := func(texts []string) {
		t.Helper()
		for _, s := range texts {
			for _, leak := range []string{"Number so far", "Customer number:", "4, 2", "42007", "4. "} {
				assert.NotContains(t, s, leak, "the number was said: %q", s)
			}
		}
	}
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) }) // register
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) }) // agree
	require.Equal(t, flowscreen.ScreenCustomerNumber, k.Screen())
	assert.True(t, saidContaining(sp.texts(), "For your privacy, the digits you type are not said aloud, only how many."))
	for _, r := range "42007" {
		wait(func() { k.typedRune(r) })
	}
	said := sp.texts()
	assert.Equal(t, []string{"Digit 1 of up to 6 entered.", "Digit 2 of up to 6 entered.", "Digit 3 of up to 6 entered.",
		"Digit 4 of up to 6 entered.", "Digit 5 of up to 6 entered."}, said)
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) })
	assert.Equal(t, []string{"Delete. Digits entered: 4."}, sp.texts())
	wait(func() { k.typedRune('*') }) // repeat
	said = append(said, sp.texts()...)
	wait(func() { k.Finish(flow.Result{Flow: "enroll", Outcome: flow.OutcomeEnrolled, CustomerNumber: "42007"}) })
	res := sp.texts()
	assert.True(t, saidContaining(res, "You are registered. For your privacy, your customer number is not said aloud."), "%q", res)
	digitsSaid(append(said, res...))

	// The next person chooses to hear it.
	wait(k.Attract)
	wait(k.showAccess)
	var number *widgets.Check
	wait(func() {
		uitest.Visit(k.Root(), func(o fyne.CanvasObject) {
			if x, ok := o.(*widgets.Check); ok && x.Label() == "Say my number aloud (people nearby may hear it)" {
				number = x
			}
		})
	})
	require.NotNil(t, number, "the choice is on the accessibility screen")
	assert.False(t, number.Checked, "off by default")
	wait(func() { test.Tap(number) })
	assert.True(t, saidContaining(sp.texts(), "Say my number aloud (people nearby may hear it), check box, on"))
	wait(k.Reference)
	assert.False(t, saidContaining(sp.texts(), "For your privacy"), "the number is said: no privacy note")
	for _, r := range "42" {
		wait(func() { k.typedRune(r) })
	}
	assert.Equal(t, []string{"4. Number so far: 4.", "2. Number so far: 4, 2."}, sp.texts())
	wait(func() { k.Finish(flow.Result{Flow: "enroll", Outcome: flow.OutcomeEnrolled, CustomerNumber: "42007"}) })
	assert.True(t, saidContaining(sp.texts(), "You are registered. Customer number: 4, 2, 0, 0, 7."))

	wait(k.Attract) // and the one after is private again
	wait(k.Reference)
	assert.True(t, saidContaining(sp.texts(), "For your privacy"))
	wait(func() { k.typedRune('4') })
	assert.Equal(t, []string{"Digit 1 of up to 6 entered."}, sp.texts())
}

// The customer number is typed on the keypad: each key and the number so
// far are said (the person chose to hear the number); its length is
// checked, with the error shown and said.
func TestKeypadNumberSpokenAndValidated(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 60, SpokenGuidance: true, RefMinDigits: 4, RefMaxDigits: 6})
	wait(func() { a := k.access; a.sayNumber = true; k.setAccess(a) })
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) }) // Enter: register
	assert.Equal(t, flowscreen.ScreenConsent, k.Screen())
	assert.True(t, saidContaining(sp.texts(), "To register you for biometric identification"), "the consent text is said in full")
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) }) // Enter: agree
	assert.Equal(t, flowscreen.ScreenCustomerNumber, k.Screen())
	assert.True(t, saidContaining(sp.texts(), "Your customer number. Type the number on your bank card or letter. It has 4 to 6 digits."))
	for _, r := range "42" {
		wait(func() { k.typedRune(r) })
	}
	assert.Equal(t, []string{"4. Number so far: 4.", "2. Number so far: 4, 2."}, sp.texts())
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) })
	assert.Equal(t, flowscreen.ScreenCustomerNumber, k.Screen(), "two digits are refused")
	assert.Equal(t, []string{"A customer number has 4 to 6 digits. Please check it and type it again."}, sp.texts())
	var shown string
	wait(func() { shown = k.refError.Text })
	assert.Equal(t, "A customer number has 4 to 6 digits. Please check it and type it again.", shown)
	for _, r := range "00779" {
		wait(func() { k.typedRune(r) })
	}
	var typed string
	wait(func() { typed = k.ref.Text })
	assert.Equal(t, "420077", typed, "no more than the most digits")
	assert.Contains(t, sp.texts(), "A customer number has at most 6 digits.")
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace}) })
	assert.Equal(t, []string{"Delete. Number so far: 4, 2, 0, 0, 7."}, sp.texts())
	wait(func() { k.ref.SetText("42a7") })
	wait(func() { typed = k.ref.Text })
	assert.Equal(t, "427", typed, "digits only")
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	assert.Equal(t, flowscreen.ScreenConsent, k.Screen(), "Escape (Cancel) goes back")
}

// Tab and the arrows move a visible focus ring, which stands out by 3:1
// from the page and from the button; the focused control is said with
// its role, and Enter presses it.
func TestFocusRingAndSpokenFocus(t *testing.T) {
	k, sp, w, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 60, SpokenGuidance: true})
	sp.texts()
	var focused *widgets.Button
	wait(func() {
		w.Canvas().FocusNext()
		focused, _ = w.Canvas().Focused().(*widgets.Button)
	})
	require.NotNil(t, focused)
	assert.Equal(t, []string{"Register, button"}, sp.texts())
	var outer, inner *canvas.Rectangle
	wait(func() {
		ring, ok := test.WidgetRenderer(focused).(interface {
			Ring() (outer, inner *canvas.Rectangle)
		})
		require.True(t, ok, "the button draws a focus ring")
		outer, inner = ring.Ring()
	})
	assert.True(t, outer.Visible() && inner.Visible())
	bg := theme.Color(theme.ColorNameBackground)
	assert.GreaterOrEqual(t, widgets.Contrast(outer.StrokeColor, bg), 3.0, "against the page")
	assert.GreaterOrEqual(t, widgets.Contrast(inner.StrokeColor, theme.Color(theme.ColorNamePrimary)), 3.0, "against the button")
	wait(func() { focused.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) })
	assert.False(t, outer.Visible(), "the ring moves with the focus")
	assert.Equal(t, []string{"Confirm my identity, button"}, sp.texts())
	wait(func() { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	assert.Equal(t, flowscreen.ScreenCustomerNumber, k.Screen(), "Enter presses the focused button")
}

// The voice step says "say these numbers" and the digits, and the flow
// opens the microphone only once the kiosk is silent; "Listening…" shows
// only then.
func TestVoicePromptWaitsForTheKioskToBeSilent(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "es", IdleSeconds: 60, SpokenGuidance: true})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var sink flow.Sink
	wait(func() { sink = k.Sink(ctx, func(f func()) { k.do(f) }) })
	sink(flow.StepEntered{Step: flow.StepVoice})
	release := sp.hold()
	returned := make(chan struct{})
	go func() {
		sink(flow.PromptToRead{Prompt: flow.Prompt{Code: "4719"}, Attempt: 1, Sample: 1, Of: 3})
		close(returned)
	}()
	time.Sleep(200 * time.Millisecond)
	select {
	case <-returned:
		t.Fatal("the flow went on to record while the kiosk was speaking")
	default:
	}
	var shown bool
	wait(func() { shown = uitest.HasLabel(k.Root(), "Escuche los números…") })
	assert.True(t, shown, "the status asks to listen")
	said := sp.texts()
	assert.True(t, saidContaining(said, "Diga estos números: 4, 7, 1, 9. Ahora dígalos."), "%q", said)
	release()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("the flow was not let go once the kiosk was silent")
	}
	wait(func() { shown = uitest.HasLabel(k.Root(), "Escuchando…") })
	assert.True(t, shown, "the status says it listens")
}

// Idle time asks "Do you need more time?", shown and said, before the
// reset; a key keeps the session, and without an answer the welcome
// screen returns after the warning's time.
func TestIdleWarningBeforeTheReset(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 1, IdleWarningSeconds: 2, SpokenGuidance: true})
	wait(k.Consent)
	screenWarned := func() (s flowscreen.Screen, warned bool) {
		wait(func() { s, warned = k.Screen(), k.IdleWarningShown() })
		return
	}
	time.Sleep(1300 * time.Millisecond)
	s, warned := screenWarned()
	assert.Equal(t, flowscreen.ScreenConsent, s)
	require.True(t, warned)
	assert.True(t, saidContaining(sp.texts(), "Do you need more time? Going back to the start in 2 seconds."))
	wait(func() { k.typedRune('1') })
	s, warned = screenWarned()
	assert.Equal(t, flowscreen.ScreenConsent, s, "the key keeps the session, and does nothing else")
	assert.False(t, warned)
	time.Sleep(1300 * time.Millisecond)
	_, warned = screenWarned()
	require.True(t, warned, "warned again after another idle time")
	time.Sleep(2500 * time.Millisecond)
	s, _ = screenWarned()
	assert.Equal(t, flowscreen.ScreenAttract, s)
}

// The result stays while it is being said and the person can ask for
// more time; it says the number registered.
func TestResultStaysWhileSpokenAndOnRequest(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 60, SpokenGuidance: true, ResultSeconds: 2})
	wait(func() { a := k.access; a.sayNumber = true; k.setAccess(a) })
	release := sp.hold()
	wait(func() { k.Finish(flow.Result{Flow: "enroll", Outcome: flow.OutcomeEnrolled, CustomerNumber: "42007"}) })
	assert.True(t, saidContaining(sp.texts(), "You are registered. Customer number: 4, 2, 0, 0, 7."))
	time.Sleep(2500 * time.Millisecond)
	var s flowscreen.Screen
	wait(func() { s = k.Screen() })
	assert.Equal(t, flowscreen.ScreenResult, s, "still being said")
	release()
	var more fyne.Tappable
	wait(func() {
		if b := widgets.FindButton(k.Root(), "More time"); b != nil {
			more = b
		}
	})
	require.NotNil(t, more)
	wait(func() { test.Tap(more) })
	time.Sleep(2500 * time.Millisecond)
	wait(func() { s = k.Screen() })
	assert.Equal(t, flowscreen.ScreenResult, s, "more time was asked for")
	for deadline := time.Now().Add(5 * time.Second); s != flowscreen.ScreenAttract && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		wait(func() { s = k.Screen() })
	}
	assert.Equal(t, flowscreen.ScreenAttract, s)
}

// Cancel on a step asks first; Cancel again stops, Enter keeps going.
func TestCancelAsksFirst(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 60, SpokenGuidance: true})
	wait(func() { k.ShowFace() })
	sp.texts()
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	assert.Equal(t, []string{"Stop and go back to the start? Nothing will be kept. Press Cancel again to stop, or Enter to keep going."}, sp.texts())
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) })
	assert.Equal(t, flowscreen.ScreenFace, k.Screen(), "kept going")
	assert.True(t, saidContaining(sp.texts(), "Look at the camera."), "and the step is said again")
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	assert.Equal(t, flowscreen.ScreenAttract, k.Screen())
}

// The photo review, for someone who cannot see it, says what the kiosk
// checked and names the two choices.
func TestPhotoReviewSaysWhatWasChecked(t *testing.T) {
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 60, SpokenGuidance: true})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan bool, 1)
	go func() { retake, _ := k.ReviewPhoto(ctx, flow.Photo{JPEG: tinyJPEG(t)}); done <- retake }()
	deadline := time.Now().Add(5 * time.Second)
	var s flowscreen.Screen
	for s != flowscreen.ScreenReview && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		wait(func() { s = k.Screen() })
	}
	require.Equal(t, flowscreen.ScreenReview, s)
	assert.Contains(t, sp.texts(), "A photo of your face was taken: the kiosk checked that it is clear, well lit and facing the camera. Press Enter for Continue, to use this photo, or move to Retake with the arrow keys to take another.")
	wait(func() { k.typedKey(&fyne.KeyEvent{Name: fyne.KeyEnter}) })
	assert.False(t, <-done, "Enter continues with the photo")
}

// tinyJPEG is a small grey JPEG.
func tinyJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, img, nil))
	return b.Bytes()
}

// A face hint that still applies is said again at a calm interval; when
// the person stays out of position, the kiosk offers staff help instead
// of repeating an instruction they may not be able to follow (seated).
func TestFaceHintRepeatedThenHelpOffered(t *testing.T) {
	old := flowscreen.HintRepeat
	flowscreen.HintRepeat = 60 * time.Millisecond
	t.Cleanup(func() { flowscreen.HintRepeat = old })
	k, sp, _, wait := speakingKiosk(t, core.Values{Language: "en", IdleSeconds: 60, SpokenGuidance: true})
	wait(k.ShowFace)
	sp.texts()
	k.Preview().Push(&preview.Face{Image: image.NewRGBA(image.Rect(0, 0, 4, 3)), Guidance: "MOVE_UP"}) // any goroutine
	wait(func() {})                                                                                    // drawn
	time.Sleep(flowscreen.HintRepeat*time.Duration(flowscreen.HelpAfter) + 150*time.Millisecond)
	var shown string
	wait(func() { shown = k.Preview().Guidance() })
	said := sp.texts()
	require.GreaterOrEqual(t, len(said), flowscreen.HelpAfter+1, "%q", said)
	assert.Equal(t, said[0], said[1], "the same hint again")
	assert.True(t, saidContaining(said[flowscreen.HelpAfter:], "Press Cancel and ask a member of staff"), "%q", said)
	assert.Contains(t, shown, "ask a member of staff", "shown as well as said")
}
