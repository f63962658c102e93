package sandbox

import (
	"context"
	"testing"

	"biokiosk/biometrics"
	"biokiosk/capture/audio"
	"biokiosk/internal/testkit/voicetest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With the prompt check on, an English dialogue accepts a real speaker
// saying the promptCode and refuses, with PROMPT_MISMATCH and a new
// prompt, the same speaker saying other digits (a replayed earlier
// prompt); a verification is checked the same way. Without it (the
// default) other digits are accepted.
func TestVoicePromptChecked(t *testing.T) {
	set := voicetest.Load(t)
	say := func(code string, take int) []byte {
		p := set.Prompt("jackson", code, func(j int) int { return take + j%3 }, voicetest.Options{})
		return audio.WAVBytes(p.Clip)
	}
	other := func(code string) string { // every digit changed
		b := []byte(code)
		for i := range b {
			b[i] = '0' + (b[i]-'0'+5)%10
		}
		return string(b)
	}
	_, _, c := newSandbox(t, Config{CheckPrompt: true})
	ctx := context.Background()
	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "dave"})
	require.NoError(t, err)
	a, err := c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "en")
	require.NoError(t, err)
	a, err = c.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "en", say(other(a.PromptCode), 25))
	require.NoError(t, err)
	assert.True(t, a.Refused())
	assert.Equal(t, "PROMPT_MISMATCH", a.Reason)
	require.Len(t, a.PromptCode, 4, "a new prompt")
	for i := range 3 {
		a, err = c.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "en", say(a.PromptCode, 20+i))
		require.NoError(t, err)
		require.False(t, a.Refused(), "sample %d: %s", i, a.Reason)
	}
	assert.Equal(t, biometrics.MsgAudioEnrolledWithSuccess, a.Message)

	a, err = c.StartVoice(ctx, u.ID, biometrics.VoiceVerify, "en")
	require.NoError(t, err)
	v, err := c.SubmitVoice(ctx, u.ID, biometrics.VoiceVerify, "en", say(other(a.PromptCode), 26))
	require.NoError(t, err)
	assert.Equal(t, "PROMPT_MISMATCH", v.Reason)
	v, err = c.SubmitVoice(ctx, u.ID, biometrics.VoiceVerify, "en", say(v.PromptCode, 27))
	require.NoError(t, err)
	// The prompt is random: whether the voice then matches is the speaker
	// engine's (measured in sandbox/voice), not the prompt check's.
	assert.NotEqual(t, "PROMPT_MISMATCH", v.Reason, "the right digits pass the check")
	assert.True(t, v.Done(), "a sample that says the prompt ends the verification")

	_, _, off := newSandbox(t, Config{})
	u, err = off.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "erin"})
	require.NoError(t, err)
	a, err = off.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "en")
	require.NoError(t, err)
	a, err = off.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "en", say(other(a.PromptCode), 25))
	require.NoError(t, err)
	assert.False(t, a.Refused(), "not checked by default")
}
