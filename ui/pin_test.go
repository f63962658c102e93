package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The exit PIN is kept as a salted hash, never in plain preferences; a
// plain PIN from an older version is hashed on first use.
func TestPINIsStoredHashed(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	st := NewSettings(a.Preferences(), nopStore{})
	assert.True(t, st.DefaultPINInUse())
	assert.True(t, st.CheckPIN(DefaultPIN))

	require.NoError(t, st.Save(Values{PIN: "1357", IdleSeconds: 60}))
	assert.False(t, st.DefaultPINInUse())
	assert.True(t, st.CheckPIN("1357"))
	assert.False(t, st.CheckPIN(DefaultPIN))
	assert.False(t, st.CheckPIN("13570"))
	assert.Empty(t, a.Preferences().String(keyPIN))
	assert.NotContains(t, a.Preferences().String(keyPINHash), "1357")
	assert.Empty(t, st.Values().PIN, "never read back")

	require.NoError(t, st.Save(Values{IdleSeconds: 60}))
	assert.True(t, st.CheckPIN("1357"), "an empty PIN in the form keeps the current one")

	old := NewSettings(test.NewApp().Preferences(), nopStore{})
	old.p.SetString(keyPIN, "8642") // as an older version stored it
	assert.False(t, old.DefaultPINInUse())
	assert.True(t, old.CheckPIN("8642"))
	assert.Empty(t, old.p.String(keyPIN), "migrated to the hash")
	assert.True(t, old.CheckPIN("8642"))
}

// Five wrong PINs lock the prompt for a minute, then longer each time.
func TestPINLockout(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	g := &pinGuard{now: func() time.Time { return now }}
	for range maxPINFailures - 1 {
		g.result(false)
	}
	assert.Zero(t, g.locked())
	g.result(false)
	assert.Equal(t, time.Minute, g.locked())
	now = now.Add(time.Minute)
	assert.Zero(t, g.locked())
	for range maxPINFailures {
		g.result(false)
	}
	assert.Equal(t, 2*time.Minute, g.locked(), "doubles")
	now = now.Add(3 * time.Minute)
	g.result(true)
	for range maxPINFailures - 1 {
		g.result(false)
	}
	assert.Zero(t, g.locked(), "a success resets the count")
}
