package app

import (
	"biokiosk/biometrics"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/flow"
	"biokiosk/internal/testkit/doctest"
	"biokiosk/staffpin"
	"biokiosk/ui"
	uicore "biokiosk/ui/core"
	"biokiosk/ui/kiosk"
	"biokiosk/ui/staff"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// memStore keeps server settings in memory for tests.
type memStore struct{ url, version, key string }

func (m *memStore) LoadServer() (string, string, string) { return m.url, m.version, m.key }
func (m *memStore) SaveServer(u, v, k string) error      { m.url, m.version, m.key = u, v, k; return nil }
func (m *memStore) SaveSecret(string, string) error      { return nil }

// labelled says whether a label under obj shows text.
func labelled(obj fyne.CanvasObject, text string) bool {
	return anyLabel(obj, func(l string) bool { return l == text })
}

// containsText says whether a label under obj holds sub.
func containsText(obj fyne.CanvasObject, sub string) bool {
	return anyLabel(obj, func(l string) bool { return strings.Contains(l, sub) })
}

// anyLabel says whether the text of a label under obj (in containers and
// scrolls) satisfies ok.
func anyLabel(obj fyne.CanvasObject, ok func(string) bool) bool {
	switch o := obj.(type) {
	case *widget.Label:
		return ok(o.Text)
	case *fyne.Container:
		for _, c := range o.Objects {
			if anyLabel(c, ok) {
				return true
			}
		}
	case *container.Scroll:
		return anyLabel(o.Content, ok)
	}
	return false
}

// serial is the tests' UI goroutine: Fyne's test driver runs fyne.Do on
// the caller's goroutine, so the tests and the flow hand all UI work to
// this one loop instead.
// Work posted after the test ended (a timer's) is dropped.
type serial struct {
	mu     sync.Mutex
	closed bool
	ch     chan func()
}

func newSerial(t *testing.T) *serial {
	s := &serial{ch: make(chan func(), 1024)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for f := range s.ch {
			f()
		}
	}()
	t.Cleanup(func() {
		s.mu.Lock()
		s.closed = true
		close(s.ch)
		s.mu.Unlock()
		<-done
	})
	return s
}

// Do queues f (the app's fyne.Do).
func (s *serial) Do(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.ch <- f
	}
}

// Wait runs f on the loop and waits for it.
func (s *serial) Wait(f func()) {
	done := make(chan struct{})
	s.ch <- func() { f(); close(done) }
	<-done
}

func waitScreen(t *testing.T, ui_ *serial, k *kiosk.App, want flowscreen.Screen, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		var s flowscreen.Screen
		ui_.Wait(func() { s = k.Screen() })
		if s == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("screen %s not reached within %v", want, within)
}

// kioskRig is a kiosk on the GUI services with settings v, in a test
// window driven through one UI loop.
type kioskRig struct {
	a    *App
	k    *kiosk.App
	w    fyne.Window
	loop *serial
	t    *testing.T
}

func newKioskRig(t *testing.T, v ui.Values) *kioskRig {
	t.Helper()
	fa := test.NewApp()
	t.Cleanup(fa.Quit)
	a := New(Settings{Server: ServerSettings{Timeout: biometrics.DefaultTimeout}})
	t.Cleanup(a.Close)
	st := uicore.NewSettings(fa.Preferences(), &memStore{})
	require.NoError(t, st.UsePINStore(&staffpin.Store{Iterations: 1000})) // 600 000 take seconds under -race
	require.NoError(t, st.Save(v))
	tr, err := i18n.NewTranslator(assets.Translations, st.Language())
	require.NoError(t, err)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1024, 768))
	r := &kioskRig{a: a, w: w, loop: newSerial(t), t: t}
	r.loop.Wait(func() { r.k = kiosk.New(w, r.loop.Do, a.Services(), tr, st, nil, nil) })
	return r
}

func (r *kioskRig) screen() (s flowscreen.Screen) { r.loop.Wait(func() { s = r.k.Screen() }); return }

// tap taps the visible button labelled text.
func (r *kioskRig) tap(text string) {
	r.t.Helper()
	var b *widget.Button
	r.loop.Wait(func() { b = widgets.FindButton(r.w.Content(), text) })
	require.NotNil(r.t, b, "no button %q on the %s screen", text, r.screen())
	r.loop.Wait(func() { test.Tap(b) })
}

// shows says a label shows exactly text; contains that one holds it.
func (r *kioskRig) shows(text string) (ok bool) {
	r.loop.Wait(func() { ok = labelled(r.w.Content(), text) })
	return
}

func (r *kioskRig) contains(text string) (ok bool) {
	r.loop.Wait(func() { ok = containsText(r.w.Content(), text) })
	return
}

// A customer taps through the kiosk: attract (in Portuguese), consent,
// customer number on the keypad, face capture from a file camera against
// the embedded sandbox, result; Done returns to the attract screen. The
// session is in the audit log the sessions command lists.
func TestKioskRegistrationTapThrough(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "en", PIN: "1234", IdleSeconds: 60, VoiceStep: false})
	a, k, loop, screen, tap, shows := r.a, r.k, r.loop, r.screen, r.tap, r.shows

	assert.Equal(t, flowscreen.ScreenAttract, screen())
	tap("Português (Brasil)")
	tap("Cadastrar") // the attract screen speaks Portuguese after the choice
	assert.Equal(t, flowscreen.ScreenConsent, screen())
	tap("Concordo")
	assert.Equal(t, flowscreen.ScreenCustomerNumber, screen())

	tap("Continuar")
	assert.True(t, shows("Digite seu número de cliente."), "an empty number is refused in words")
	for _, d := range []string{"4", "2", "0", "0", "7", "7"} {
		tap(d)
	}
	tap("Apagar")
	tap("Continuar")

	waitScreen(t, loop, k, flowscreen.ScreenReview, 60*time.Second)
	tap("Tirar outra") // another photo
	waitScreen(t, loop, k, flowscreen.ScreenFace, 10*time.Second)
	waitScreen(t, loop, k, flowscreen.ScreenReview, 60*time.Second)
	tap("Continuar")
	waitScreen(t, loop, k, flowscreen.ScreenResult, 60*time.Second)
	assert.True(t, shows("Cadastro concluído."), "result in (Brazilian) Portuguese")
	store, err := a.Records(context.Background())
	require.NoError(t, err)
	id, ok, err := store.Lookup(context.Background(), "42007")
	require.NoError(t, err)
	assert.True(t, ok, "the kiosk remembers the customer number")
	assert.Len(t, id, 24)
	logged, err := store.Latest(context.Background(), 10)
	require.NoError(t, err)
	require.Len(t, logged, 1, "the kiosk session is in the audit log")
	assert.Equal(t, "enroll", logged[0].Flow)
	assert.Equal(t, string(flow.OutcomeEnrolled), logged[0].Outcome)
	assert.Equal(t, "42007", logged[0].CustomerNumber)
	assert.Equal(t, id, logged[0].UserID)
	assert.NotEmpty(t, logged[0].Steps)

	tap("Concluir")
	assert.Equal(t, flowscreen.ScreenAttract, screen())
	tap("Register") // the next person starts in the default language
}

// On a machine without a camera the kiosk does not invite customers: its
// start-up self-check shows the out-of-service screen, with the reason
// for staff.
func TestKioskWithoutCameraIsOutOfService(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	apptest.UseEmbeddedSandbox(t)
	r := newKioskRig(t, ui.Values{Camera: "/dev/video97", Language: "pt", IdleSeconds: 60})
	waitScreen(t, r.loop, r.k, flowscreen.ScreenOutOfService, 20*time.Second)
	assert.True(t, r.contains("A câmera (/dev/video97) não dá imagem"), "the reason, in the kiosk's language, names the camera for staff")
	assert.True(t, r.contains("Peça ajuda à nossa equipe"), "whoever walks up is told what to do")
	assert.False(t, r.contains("no such device"), "no English technical text until staff ask for it")
	r.tap("Detalhes técnicos")
	assert.True(t, r.contains(`"/dev/video97"`), "the technical detail, on request")
}

// The staff app builds its tabs and its diagnostics reach the embedded
// sandbox.
func TestStaffDiagnosticsServerCheck(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	a := test.NewApp()
	defer a.Quit()
	ap := New(Settings{Server: ServerSettings{Timeout: biometrics.DefaultTimeout}})
	defer ap.Close()
	st := uicore.NewSettings(a.Preferences(), &memStore{})
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	w := test.NewWindow(nil)
	defer w.Close()
	loop := newSerial(t)
	var s *staff.App
	loop.Wait(func() { s = staff.New(w, loop.Do, ap.Services(), tr, st, nil) })
	var tabs []string
	loop.Wait(func() {
		for _, it := range s.Tabs.Items {
			tabs = append(tabs, it.Text)
		}
	})
	assert.Equal(t, []string{"Register", "Verify", "Identify", "Adapt", "Document", "Look up", "Diagnostics", "Settings"}, tabs)
	diag := s.Tabs.Items[6].Content
	var check *widget.Button
	loop.Wait(func() { check = widgets.FindButton(diag, "Check server") })
	require.NotNil(t, check)
	loop.Wait(func() { test.Tap(check) })
	deadline := time.Now().Add(10 * time.Second)
	var ok bool
	for !ok && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		loop.Wait(func() { ok = containsText(diag, "The server is reachable and accepted the credentials.") })
	}
	assert.True(t, ok)
}

// The kiosk with the document step: the card is shown front and back on
// the document screen, the sandbox reads it, and the matching face is
// registered.
func TestKioskRegistrationWithDocument(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	front, back := doctest.IDCard(t, doctest.Specimen())
	card := doctest.Camera(t, front, back)

	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama-480p.jpg"), DocumentCamera: card, Document: flow.DocIDCard,
		Language: "en", PIN: "1234", IdleSeconds: 60})
	k, loop, tap := r.k, r.loop, r.tap
	tap("Register")
	assert.True(t, r.contains("also photographs your identity document"), "the consent text names the document step")
	tap("I agree")
	for range 4 {
		tap("7")
	}
	tap("Continue")
	waitScreen(t, loop, k, flowscreen.ScreenDocument, 30*time.Second)
	waitScreen(t, loop, k, flowscreen.ScreenReview, 90*time.Second)
	tap("Continue")
	waitScreen(t, loop, k, flowscreen.ScreenResult, 60*time.Second)
	assert.True(t, r.shows("You are registered."))
}
