package core

import (
	"path/filepath"
	"testing"
	"time"

	"biokiosk/internal/testkit/uitest"
	"biokiosk/staffpin"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The exit PIN is kept as a salted hash, never in plain preferences; a
// PIN from an older version (plain, or hashed in the preferences) moves
// to the PIN store.
func TestPINIsStoredHashed(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	st := NewSettings(a.Preferences(), uitest.NopStore{})
	require.NoError(t, st.UsePINStore(uitest.FastPINs("")))
	assert.True(t, st.DefaultPINInUse())
	assert.True(t, st.CheckPIN(DefaultPIN))

	require.NoError(t, st.Save(Values{PIN: "1357", IdleSeconds: 60}))
	assert.False(t, st.DefaultPINInUse())
	assert.True(t, st.CheckPIN("1357"))
	assert.False(t, st.CheckPIN(DefaultPIN))
	assert.False(t, st.CheckPIN("13570"))
	assert.Empty(t, a.Preferences().String(keyPIN))
	assert.Empty(t, a.Preferences().String(keyPINHash), "in the PIN store, not the preferences")
	assert.Empty(t, st.Values().PIN, "never read back")

	require.NoError(t, st.Save(Values{IdleSeconds: 60}))
	assert.True(t, st.CheckPIN("1357"), "an empty PIN in the form keeps the current one")

	old := NewSettings(test.NewApp().Preferences(), uitest.NopStore{})
	old.p.SetString(keyPIN, "8642") // as an older version stored it
	assert.False(t, old.DefaultPINInUse())
	require.NoError(t, old.UsePINStore(uitest.FastPINs("")))
	assert.Empty(t, old.p.String(keyPIN), "migrated to the hash")
	assert.True(t, old.CheckPIN("8642"))
}

// Five wrong PINs lock the prompt, and restarting the kiosk (new
// Settings on the same PIN file) neither reopens it nor gives five more
// guesses; a hash an older version kept in the preferences still opens.
func TestPINLockoutSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), staffpin.FileName)
	prefs := test.NewApp().Preferences()
	st := NewSettings(prefs, uitest.NopStore{})
	require.NoError(t, st.UsePINStore(uitest.FastPINs(path)))
	require.NoError(t, st.Save(Values{PIN: "1357", IdleSeconds: 60}))
	for range staffpin.MaxFailures - 1 {
		ok, locked, err := st.TryPIN("0000")
		require.NoError(t, err)
		assert.False(t, ok)
		assert.Zero(t, locked)
	}

	restarted := NewSettings(prefs, uitest.NopStore{})
	require.NoError(t, restarted.UsePINStore(uitest.FastPINs(path)))
	ok, locked, err := restarted.TryPIN("0000")
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, staffpin.FirstLockout, locked, "the fifth guess locks, restart or not")

	restarted = NewSettings(prefs, uitest.NopStore{})
	require.NoError(t, restarted.UsePINStore(uitest.FastPINs(path)))
	assert.Greater(t, restarted.PINLocked(), 50*time.Second)
	ok, locked, err = restarted.TryPIN("1357")
	require.NoError(t, err)
	assert.False(t, ok, "locked: not even the right PIN")
	assert.Positive(t, locked)
}

// Speech that cannot start is an error in the app's log, without the
// text that was to be said.
func TestSpeechThatCannotStartIsLogged(t *testing.T) {
	logs := uitest.CaptureLog(t)
	e := &Espeak{bin: filepath.Join(t.TempDir(), "no-espeak-ng")}
	e.Say("en", "Number so far: 4, 2, 0, 0, 7")
	assert.False(t, e.Speaking())
	out := logs.String()
	assert.Contains(t, out, "level=ERROR msg=\"speech output\" err=")
	assert.NotContains(t, out, "4, 2, 0")
}

// An older version's plain PIN that is the default moves nowhere: the
// kiosk still counts as having the default PIN (full screen refuses it),
// rather than as having had one set.
func TestAnOldPlainDefaultPINStaysTheDefault(t *testing.T) {
	prefs := test.NewApp().Preferences()
	st := NewSettings(prefs, uitest.NopStore{})
	prefs.SetString(keyPIN, DefaultPIN)
	require.NoError(t, st.UsePINStore(uitest.FastPINs("")))
	assert.Empty(t, prefs.String(keyPIN))
	assert.True(t, st.DefaultPINInUse())
	assert.True(t, st.CheckPIN(DefaultPIN), "a windowed trial still opens with it")
	assert.True(t, st.DefaultPINInUse())
}
