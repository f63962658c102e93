package app

import (
	"context"
	"testing"
	"time"

	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/ui"
	"biokiosk/ui/flowscreen"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A registered customer confirms their identity at the kiosk: customer
// number, face (no photo review: the photo is compared, not kept), result
// in their language. A taken number at
// registration offers the same verification.
func TestKioskVerification(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "en", IdleSeconds: 60})
	runner, closeRunner, err := r.a.NewRunner(context.Background(), RunnerSpec{Session: ui.Session{Flow: flow.Config{Face: true}, Camera: facetest.PNG(t, "obama.jpg")}})
	require.NoError(t, err)
	res := runner.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "3131", Consent: true})
	closeRunner()
	require.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)

	verified := func() {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			switch r.screen() {
			case flowscreen.ScreenReview:
				t.Fatal("a verification's photo is compared, not kept: it is not shown for review")
			case flowscreen.ScreenResult:
				assert.True(t, r.shows("Thank you: your identity is confirmed."), "%+v", r.k.Result())
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("no result within 60 s (at %s)", r.screen())
	}
	r.tap("Confirm my identity")
	assert.Equal(t, flowscreen.ScreenCustomerNumber, r.screen(), "no consent screen before a verification")
	for _, b := range []string{"3", "1", "3", "1", "Continue"} {
		r.tap(b)
	}
	verified()
	assert.Equal(t, flow.OutcomeVerified, r.k.Result().Outcome)

	r.tap("Done")
	for _, b := range []string{"Register", "I agree", "3", "1", "3", "1", "Continue"} {
		r.tap(b)
	}
	waitScreen(t, r.loop, r.k, flowscreen.ScreenResult, 30*time.Second)
	require.Equal(t, flow.OutcomeAlreadyRegistered, r.k.Result().Outcome)
	r.tap("Confirm my identity instead")
	verified()
}

// untilResult answers the photo review with Continue until the result
// shows; seen collects the voice step's sample lines on the way.
func (r *kioskRig) untilResult(within time.Duration, seen map[string]bool) {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		switch r.screen() {
		case flowscreen.ScreenReview:
			r.tap("Continue")
		case flowscreen.ScreenVoice:
			for text := range seen {
				if r.shows(text) {
					seen[text] = true
				}
			}
		case flowscreen.ScreenResult:
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.t.Fatalf("no result within %v (at %s)", within, r.screen())
}

// tickVerifyVoice ticks the "also confirm with my voice" box shown.
func (r *kioskRig) tickVerifyVoice() {
	r.t.Helper()
	var shown, ticked bool
	r.loop.Wait(func() {
		shown, ticked = r.k.VerifyVoice != nil && r.k.VerifyVoice.Visible(), r.k.VerifyVoice != nil && r.k.VerifyVoice.Checked
	})
	require.True(r.t, shown, "the voice is offered")
	require.False(r.t, ticked, "unticked until the person ticks it")
	r.loop.Wait(func() { test.Tap(r.k.VerifyVoice) })
}

// A customer registered with face and voice confirms both at the kiosk:
// the voice box on the number screen, the face, one voice sample (the
// sandbox's verification takes one: "Sample 1 of 1"), and a result that
// says both were confirmed.
func TestKioskVerificationWithVoice(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	wav := testfiles.Path(t, "voice", "en.wav")
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Microphone: wav, Language: "en", IdleSeconds: 60, VoiceStep: true})
	runner, closeRunner, err := r.a.NewRunner(context.Background(), RunnerSpec{Session: ui.Session{Flow: flow.Config{Face: true, Voice: true}, Camera: facetest.PNG(t, "obama.jpg"), Microphone: wav}})
	require.NoError(t, err)
	res := runner.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "3232", Consent: true})
	closeRunner()
	require.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)

	r.tap("Confirm my identity")
	r.tickVerifyVoice()
	for _, b := range []string{"3", "2", "3", "2", "Continue"} {
		r.tap(b)
	}
	seen := map[string]bool{"Sample 1 of 1": false}
	r.untilResult(90*time.Second, seen)
	got := r.k.Result()
	require.Equal(t, flow.OutcomeVerified, got.Outcome, "%+v", got.Error)
	assert.True(t, r.shows("Thank you: your face and your voice confirm your identity."))
	assert.True(t, seen["Sample 1 of 1"], "the sample line names the sandbox's total")
	var voice string
	for _, s := range got.Steps {
		if s.Step == flow.StepVoice {
			voice = string(s.Result)
		}
	}
	assert.Equal(t, "verified", voice)
}

// A customer without a voice enrolled who asks to confirm with it (here
// from "verify instead" under a taken number) is confirmed by face, and
// the result says the voice was not checked and what to do, in words.
func TestKioskVerificationWithVoiceButNoneEnrolled(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Microphone: testfiles.Path(t, "voice", "en.wav"), Language: "en", IdleSeconds: 60, VoiceStep: true})
	runner, closeRunner, err := r.a.NewRunner(context.Background(), RunnerSpec{Session: ui.Session{Flow: flow.Config{Face: true}, Camera: facetest.PNG(t, "obama.jpg")}})
	require.NoError(t, err)
	res := runner.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "3333", Consent: true})
	closeRunner()
	require.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)

	r.tap("Português (Brasil)")
	for _, b := range []string{"Cadastrar", "Concordo", "3", "3", "3", "3", "Continuar"} {
		r.tap(b)
	}
	waitScreen(t, r.loop, r.k, flowscreen.ScreenResult, 30*time.Second)
	require.Equal(t, flow.OutcomeAlreadyRegistered, r.k.Result().Outcome)
	r.tickVerifyVoice()
	r.tap("Confirmar minha identidade")
	deadline := time.Now().Add(60 * time.Second)
	for r.screen() != flowscreen.ScreenResult && time.Now().Before(deadline) {
		if r.screen() == flowscreen.ScreenReview {
			r.tap("Continuar")
		}
		time.Sleep(50 * time.Millisecond)
	}
	require.Equal(t, flowscreen.ScreenResult, r.screen())
	got := r.k.Result()
	require.Equal(t, flow.OutcomeVerified, got.Outcome, "%+v", got.Error)
	assert.True(t, r.shows("Pronto: seu rosto confirma sua identidade. Sua voz não está cadastrada, por isso não foi verificada. Para confirmar com a voz da próxima vez, peça à equipe de atendimento que a cadastre."),
		"what was confirmed and what to do, in Brazilian Portuguese")
	var voice string
	for _, s := range got.Steps {
		if s.Step == flow.StepVoice {
			voice = string(s.Result)
		}
	}
	assert.Equal(t, "skipped_not_enrolled", voice)
}
