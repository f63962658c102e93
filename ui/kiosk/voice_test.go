package kiosk

import (
	"testing"

	"biokiosk/assets"
	"biokiosk/flow"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/internal/testkit/uitest/fakes"
	"biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A verification with a voice step says what was confirmed, in words.
func TestVerificationResultSaysWhatWasConfirmed(t *testing.T) {
	k, tr, wait := testKiosk(t, "en")
	wait(func() { k.holdResult = true })
	shown := func(lang string, out flow.Outcome, voice flow.StepResult) {
		r := flow.Result{Flow: "verify", Outcome: out, Steps: []flow.StepReport{{Step: flow.StepFindUser, Result: "found"}, {Step: flow.StepFace, Result: "verified"}}}
		if voice != "" {
			r.Steps = append(r.Steps, flow.StepReport{Step: flow.StepVoice, Result: voice})
		}
		wait(func() { tr.SetLanguage(lang); k.Finish(r) })
	}
	has := func(text string) (ok bool) { wait(func() { ok = uitest.HasLabel(k.Root(), text) }); return }

	shown("en", flow.OutcomeVerified, "")
	assert.True(t, has("Thank you: your identity is confirmed."), "face only, as before")
	shown("en", flow.OutcomeVerified, "verified")
	assert.True(t, has("Thank you: your face and your voice confirm your identity."))
	shown("en", flow.OutcomeVerified, "skipped_not_enrolled")
	assert.True(t, has("Thank you: your face confirms your identity. Your voice is not registered, so it was not checked. To confirm with your voice next time, ask a member of staff to register it."))
	shown("en", flow.OutcomeVerified, "no_usable_sample")
	assert.True(t, has("Thank you: your face confirms your identity. We could not get a clear recording of your voice, so your voice was not checked this time."))
	shown("pt-PT", flow.OutcomeVerified, "no_usable_sample")
	assert.True(t, has("Pronto: o seu rosto confirma a sua identidade. Não conseguimos uma gravação clara da sua voz, por isso esta não foi verificada desta vez."))
	shown("en", flow.OutcomeNotVerified, "not_verified")
	assert.True(t, has("We recognised your face, but we could not confirm your voice. You can try again, or ask a member of staff."))
	shown("pt-BR", flow.OutcomeVerified, "verified")
	assert.True(t, has("Pronto: seu rosto e sua voz confirmam sua identidade."))
}

// A registration whose optional voice got no usable sample says the face
// was registered, the voice was not added, and that it can be added
// later, in the person's language; face and voice registered reads as before.
func TestRegistrationResultSaysTheVoiceWasNotAdded(t *testing.T) {
	k, tr, wait := testKiosk(t, "en")
	wait(func() { k.holdResult = true })
	shown := func(lang string, voice flow.StepResult) {
		r := flow.Result{Flow: "enroll", Outcome: flow.OutcomeEnrolled, Steps: []flow.StepReport{{Step: flow.StepFace, Result: "enrolled"}, {Step: flow.StepVoice, Result: voice}}}
		wait(func() { tr.SetLanguage(lang); k.Finish(r) })
	}
	has := func(text string) (ok bool) { wait(func() { ok = uitest.HasLabel(k.Root(), text) }); return }

	shown("en", "enrolled")
	assert.True(t, has("You are registered."))
	for lang, text := range map[string]string{
		"en":    "You are registered with your face. We could not get a clear recording of your voice, so your voice was not added. You can add it later: ask a member of staff.",
		"es":    "Registro completado con su rostro. No pudimos obtener una grabación clara de su voz, así que su voz no se ha añadido. Puede añadirla más adelante: pida ayuda al personal del banco.",
		"pt-BR": "Cadastro concluído com seu rosto. Não conseguimos uma gravação clara da sua voz, por isso ela não foi cadastrada. Você pode cadastrá-la depois: peça ajuda à equipe de atendimento.",
		"pt-PT": "Registo concluído com o seu rosto. Não conseguimos uma gravação clara da sua voz, por isso esta não foi registada. Pode registá-la mais tarde: peça ajuda à equipa de atendimento.",
	} {
		shown(lang, "no_usable_sample")
		assert.True(t, has(text), lang)
	}
}

// The verification number screen offers the voice, unticked, only where
// the kiosk's voice step is on and the back end has voice biometrics.
func TestVerifyVoiceBoxWhereItApplies(t *testing.T) {
	for name, c := range map[string]struct {
		caps      flow.Capabilities
		voiceStep bool
		shown     bool
	}{
		"voice":            {flow.AllCapabilities, true, true},
		"no voice backend": {flow.Capabilities{}, true, false},
		"voice step off":   {flow.AllCapabilities, false, false},
	} {
		t.Run(name, func(t *testing.T) {
			a := test.NewApp()
			t.Cleanup(a.Quit)
			tr, err := i18n.NewTranslator(assets.Translations, "en")
			require.NoError(t, err)
			st := core.NewSettings(a.Preferences(), uitest.NopStore{})
			require.NoError(t, st.Save(core.Values{Language: "en", IdleSeconds: 60, VoiceStep: c.voiceStep}))
			do, wait := uitest.SerialLoop(t)
			var k *App
			wait(func() { k = New(a.NewWindow("t"), do, fakes.Services{Caps: c.caps}, tr, st, nil, nil) })
			t.Cleanup(func() { wait(k.Attract) })
			var shown, ticked bool
			var screen flowscreen.Screen
			wait(func() { k.Verify(); screen, shown, ticked = k.Screen(), k.VerifyVoice.Visible(), k.VerifyVoice.Checked })
			assert.Equal(t, flowscreen.ScreenCustomerNumber, screen)
			assert.Equal(t, c.shown, shown)
			assert.False(t, ticked, "unticked until the person ticks it")
		})
	}
}
