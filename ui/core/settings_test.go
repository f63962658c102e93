package core

import (
	"testing"

	"biokiosk/assets"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/ui/i18n"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gui --camera / --mic override the saved sources for the run, in every
// mode (Run applies them to the one Settings both modes read).
func TestOverrideReplacesTheSavedDevices(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	st := NewSettings(a.Preferences(), uitest.NopStore{})
	require.NoError(t, st.Save(Values{Camera: "0", Microphone: "default", IdleSeconds: 60}))
	st.Override("clip.mp4", "")
	assert.Equal(t, "clip.mp4", st.Camera())
	assert.Equal(t, "default", st.Microphone(), "an empty override keeps the saved one")
	st.Override("", "voice.wav")
	assert.Equal(t, "0", st.Camera())
	assert.Equal(t, "voice.wav", st.Microphone())
}

// Until staff save a default language, the kiosk speaks the system
// locale's, when it ships one: a kiosk installed in Brazil starts in
// Brazilian Portuguese, one in France in English.
func TestDefaultLanguageFollowsTheSystemLocale(t *testing.T) {
	for locale, want := range map[string]string{"pt_BR.UTF-8": "pt-BR", "pt_PT": "pt-PT", "es_MX.UTF-8": "es", "fr_FR.UTF-8": "en", "en_GB": "en"} {
		t.Run(locale, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			t.Setenv("LC_ALL", locale)
			a := test.NewApp()
			t.Cleanup(a.Quit)
			st := NewSettings(a.Preferences(), uitest.NopStore{})
			assert.Equal(t, want, st.Language())
			require.NoError(t, st.Save(Values{Language: "es", IdleSeconds: 60}))
			assert.Equal(t, "es", st.Language(), "a saved language wins")
		})
	}
}

// Fewest digits above the most is refused before anything is stored (the
// PIN, the camera and the server stay as they were), with its figures.
func TestSaveRefusesACustomerNumberRangeWholly(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	st := NewSettings(a.Preferences(), uitest.NopStore{})
	require.NoError(t, st.UsePINStore(uitest.FastPINs("")))
	require.NoError(t, st.Save(Values{Camera: "0", PIN: "1357", IdleSeconds: 60}))

	err := st.Save(Values{Camera: "/dev/video2", PIN: "8642", IdleSeconds: 60, RefMinDigits: 12, RefMaxDigits: 6})
	var rng *RefRangeError
	require.ErrorAs(t, err, &rng)
	assert.Equal(t, RefRangeError{Min: 12, Max: 6}, *rng)
	assert.Equal(t, "0", st.Camera(), "nothing stored")
	assert.True(t, st.CheckPIN("1357"), "the PIN unchanged")
	lo, hi := st.RefDigits()
	assert.Equal(t, []int{DefaultRefMin, DefaultRefMax}, []int{lo, hi})

	tr, err := i18n.NewTranslator(assets.Translations, "pt-BR")
	require.NoError(t, err)
	assert.Equal(t, "O mínimo de dígitos do número de cliente (12) não pode ser maior que o máximo (6). Nada foi salvo.", tr.T("settings.ref_range", rng.Min, rng.Max))
}

// The staff Settings take a new exit PIN by kiosk-setup's rule: 4 to 12
// digits (the keypad has no letters) and never the default, which would
// let full-screen kiosk mode start with a PIN everyone knows. A refused
// PIN stores nothing.
func TestSaveRefusesAPINTheKioskCannotUse(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	st := NewSettings(a.Preferences(), uitest.NopStore{})
	require.NoError(t, st.UsePINStore(uitest.FastPINs("")))
	require.NoError(t, st.Save(Values{Camera: "0", IdleSeconds: 60}))
	for _, pin := range []string{DefaultPIN, "7", "abcd", "1234567890123"} {
		err := st.Save(Values{Camera: "1", PIN: pin, IdleSeconds: 60})
		var bad *PINError
		require.ErrorAs(t, err, &bad, pin)
		assert.Equal(t, pin == DefaultPIN, bad.Default, pin)
		assert.True(t, st.DefaultPINInUse(), "%s: no PIN stored", pin)
		assert.Equal(t, "0", st.Camera(), "%s: nothing stored", pin)
	}
	require.NoError(t, st.Save(Values{PIN: "80917", IdleSeconds: 60}))
	assert.False(t, st.DefaultPINInUse())

	tr, err := i18n.NewTranslator(assets.Translations, "es")
	require.NoError(t, err)
	assert.Contains(t, tr.T("settings.pin_invalid", DefaultPIN), "4 a 12 dígitos")
}
