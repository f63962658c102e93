package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"biokiosk/capture/audio"
	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/ui"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A customer who ticks "also register my voice (optional)" and whose
// microphone gives nothing usable (here a file of silence: every sample
// NO_SPEECH) is registered with the face: the result says the voice was
// not added, the user and its face stay on the server with no voice and
// no dialogue left open, and the number is theirs.
func TestKioskRegistrationOptionalVoiceUnusableKeepsTheFace(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	silence := filepath.Join(t.TempDir(), "silence.wav")
	require.NoError(t, os.WriteFile(silence, audio.WAVBytes(audio.Clip{Rate: audio.Rate, Samples: make([]int16, audio.Rate/5)}), 0o600))
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Microphone: silence, Language: "en", IdleSeconds: 60, VoiceStep: true})

	r.tap("Register")
	r.loop.Wait(func() { test.Tap(r.k.VoiceOptIn) })
	r.tap("I agree")
	for _, d := range "5150" {
		r.tap(string(d))
	}
	r.tap("Continue")
	r.untilResult(90*time.Second, map[string]bool{})
	got := r.k.Result()
	require.Equal(t, flow.OutcomeEnrolled, got.Outcome, "%+v", got.Error)
	assert.True(t, r.shows("You are registered with your face. We could not get a clear recording of your voice, so your voice was not added. You can add it later: ask a member of staff."))
	steps := map[flow.Step]string{}
	for _, s := range got.Steps {
		steps[s.Step] = string(s.Result)
	}
	assert.Equal(t, "enrolled", steps[flow.StepFace])
	assert.Equal(t, "no_usable_sample", steps[flow.StepVoice])

	_, sb, err := r.a.Server(context.Background())
	require.NoError(t, err)
	c, err := sb.sb.Census(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{got.UserID}, c.Users, "the user stays")
	assert.Equal(t, 1, c.FaceTemplates, "with its face")
	assert.Zero(t, c.VoiceTemplates)
	assert.Zero(t, c.OpenDialogues, "the voice dialogue is closed")
	st, err := r.a.Records(context.Background())
	require.NoError(t, err)
	id, ok, err := st.Lookup(context.Background(), "5150")
	require.NoError(t, err)
	assert.True(t, ok, "the number is bound")
	assert.Equal(t, got.UserID, id)
}
