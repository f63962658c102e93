package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gui --camera / --mic override the saved sources for the run, in every
// mode (Run applies them to the one Settings both modes read).
func TestOverrideReplacesTheSavedDevices(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	st := NewSettings(a.Preferences(), nopStore{})
	require.NoError(t, st.Save(Values{Camera: "0", Microphone: "default", IdleSeconds: 60}))
	st.Override("clip.mp4", "")
	assert.Equal(t, "clip.mp4", st.Camera())
	assert.Equal(t, "default", st.Microphone(), "an empty override keeps the saved one")
	st.Override("", "voice.wav")
	assert.Equal(t, "0", st.Camera())
	assert.Equal(t, "voice.wav", st.Microphone())
}
