package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/biometrics"
	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/ui"
	uicore "biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"
	"biokiosk/ui/kiosk"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingSpeaker is a ui.Speaker that records the texts said.
type recordingSpeaker struct {
	mu   sync.Mutex
	said []string
}

func (s *recordingSpeaker) Say(_, text string) {
	s.mu.Lock()
	s.said = append(s.said, text)
	s.mu.Unlock()
}
func (s *recordingSpeaker) Speaking() bool { return false }
func (s *recordingSpeaker) Stop()          {}
func (s *recordingSpeaker) SetVolume(int)  {}
func (s *recordingSpeaker) Wait(context.Context) error {
	return nil
}

// take is what was said since the last take.
func (s *recordingSpeaker) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.said
	s.said = nil
	return out
}

// keyRig is a kiosk rig driven by keys only, as a blind customer drives
// it on an EPP keypad, with what is said recorded.
type keyRig struct {
	*kioskRig
	sp *recordingSpeaker
}

func newKeyRig(t *testing.T, v ui.Values) *keyRig {
	t.Helper()
	fa := test.NewApp()
	t.Cleanup(fa.Quit)
	a := New(Settings{Server: ServerSettings{Timeout: biometrics.DefaultTimeout}})
	t.Cleanup(a.Close)
	st := uicore.NewSettings(fa.Preferences(), &memStore{})
	require.NoError(t, st.Save(v))
	tr, err := i18n.NewTranslator(assets.Translations, st.Language())
	require.NoError(t, err)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1024, 768))
	r := &keyRig{kioskRig: &kioskRig{a: a, w: w, loop: newSerial(t), t: t}, sp: &recordingSpeaker{}}
	r.loop.Wait(func() { r.k = kiosk.New(w, r.loop.Do, a.Services(), tr, st, r.sp, nil) })
	return r
}

// key presses a named key as the driver delivers it: to the focused
// control, else to the window.
func (r *keyRig) key(name fyne.KeyName) {
	r.loop.Wait(func() {
		ev := &fyne.KeyEvent{Name: name}
		if f := r.w.Canvas().Focused(); f != nil {
			f.TypedKey(ev)
			return
		}
		r.w.Canvas().OnTypedKey()(ev)
	})
}

// typeRunes types characters (the keypad's digits, * and +).
func (r *keyRig) typeRunes(s string) {
	for _, c := range s {
		r.loop.Wait(func() {
			if f := r.w.Canvas().Focused(); f != nil {
				f.TypedRune(c)
				return
			}
			r.w.Canvas().OnTypedRune()(c)
		})
	}
}

// said says one text said since the last check holds each of want.
func (r *keyRig) said(want ...string) {
	r.t.Helper()
	all := strings.Join(r.sp.take(), "\n")
	for _, w := range want {
		assert.Contains(r.t, all, w)
	}
}

// focus moves the focus with the down arrow until the control named
// label is said (as a blind person finds it).
func (r *keyRig) focus(label string) {
	r.t.Helper()
	for range 30 {
		r.key(fyne.KeyDown)
		for _, s := range r.sp.take() {
			if strings.HasPrefix(s, label+", ") {
				return
			}
		}
	}
	r.t.Fatalf("no control %q was said while moving the focus", label)
}

// until waits for a screen, answering nothing.
func (r *keyRig) until(s flowscreen.Screen, within time.Duration) {
	r.t.Helper()
	waitScreen(r.t, r.loop, r.k, s, within)
}

// A blind customer registers in Spanish and then confirms their identity
// in Brazilian Portuguese, with keys only, hearing every step: speech
// turned on with the + key, the consent text, each digit counted (the
// number itself is not said aloud unless chosen: EN 301 549 5.1.3.9),
// the face step, the photo review's check and choices, the result; the
// language and the verification found with the arrows by their spoken
// names.
func TestKioskKeysAndSpeechOnly(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	r := newKeyRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "es", IdleSeconds: 60})
	assert.Empty(t, r.sp.take(), "silent until a customer asks")

	r.typeRunes("+")
	r.said("La voz está activada. Le damos la bienvenida.", "Pulse Enter para registrarse.")
	r.key(fyne.KeyEnter)
	require.Equal(t, flowscreen.ScreenConsent, r.screen())
	r.said("Antes de empezar.", "este quiosco toma una foto de su rostro", "Pulse Enter para aceptar")
	r.key(fyne.KeyEnter)
	require.Equal(t, flowscreen.ScreenCustomerNumber, r.screen())
	r.said("Su número de cliente.", "Tiene de 4 a 20 dígitos.")
	r.typeRunes("420")
	r.said("Dígito 1 de hasta 20 introducido.", "Dígito 2 de hasta 20 introducido.", "Dígito 3 de hasta 20 introducido.")
	r.key(fyne.KeyEnter)
	r.said("Un número de cliente tiene de 4 a 20 dígitos.")
	r.typeRunes("07")
	r.said("Dígito 5 de hasta 20 introducido.")
	r.key(fyne.KeyEnter)
	r.until(flowscreen.ScreenReview, 60*time.Second)
	r.said("Mire a la cámara.", "Se tomó una foto de su cara: el quiosco comprobó que es nítida", "Pulse Enter para Continuar con esta foto")
	r.key(fyne.KeyEnter)
	r.until(flowscreen.ScreenResult, 60*time.Second)
	require.Equal(t, flow.OutcomeEnrolled, r.k.Result().Outcome, "%+v", r.k.Result().Error)
	r.said("Registro completado. Por su privacidad, su número de cliente no se dice en voz alta.", "Pulse Enter para terminar")
	r.key(fyne.KeyEnter)
	require.Equal(t, flowscreen.ScreenAttract, r.screen())
	var speech bool
	r.loop.Wait(func() { speech, _, _ = r.k.Access() })
	assert.False(t, speech, "the next person starts without speech")

	// The next customer: Brazilian Portuguese, a verification.
	r.sp.take()
	r.typeRunes("*") // star turns speech on too
	r.said("La voz está activada.")
	r.focus("Português (Brasil)")
	r.key(fyne.KeyEnter)
	r.said("Boas-vindas.", "Aperte Enter para se cadastrar.")
	r.focus("Confirmar minha identidade")
	r.key(fyne.KeyEnter)
	require.Equal(t, flowscreen.ScreenCustomerNumber, r.screen())
	r.said("Confirme sua identidade.", "Ele tem de 4 a 20 dígitos.")
	r.typeRunes("42007")
	r.said("Dígito 5 de até 20 digitado.")
	r.key(fyne.KeyEnter)
	r.until(flowscreen.ScreenResult, 60*time.Second)
	require.Equal(t, flow.OutcomeVerified, r.k.Result().Outcome, "%+v", r.k.Result().Error)
	r.said("Olhe para a câmera.", "Aguarde, por favor…\n", "Pronto: sua identidade está confirmada. Para sua privacidade, seu número de cliente não é dito em voz alta.")
}
