package sandbox

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"biokiosk/biometrics"
	"biokiosk/capture/audio"
)

// TestLongVoiceSampleRefused: two minutes of 8 kHz noise (1.9 MB, four
// times MaxVoiceSample) is refused TOO_LONG from its header, before any
// analysis; the dialogue goes on with a new prompt.
func TestLongVoiceSampleRefused(t *testing.T) {
	_, _, c := newSandbox(t, Config{})
	ctx := t.Context()
	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "long"})
	require.NoError(t, err)
	_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "en")
	require.NoError(t, err)

	noise := make([]int16, 120*8000)
	for i := range noise {
		noise[i] = int16(rand.N(20000) - 10000)
	}
	start := time.Now()
	a, err := c.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "en", audio.WAVBytes(audio.Clip{Rate: 8000, Samples: noise}))
	took := time.Since(start)
	require.NoError(t, err)
	assert.True(t, a.Refused())
	assert.Equal(t, reasonTooLong, a.Reason)
	assert.NotEmpty(t, a.PromptCode, "the dialogue goes on")
	assert.Less(t, took, 2*time.Second, "refused before analysis")
	t.Logf("120 s sample refused in %v", took)
}

// TestVoiceAnalysisStopsOnCancel: the analysis of a 20 s speech sample
// ends with the request's context: nothing is computed for a client that
// left.
func TestVoiceAnalysisStopsOnCancel(t *testing.T) {
	s, _, _ := newSandbox(t, Config{})
	wav := speech(t, "en.wav", 0, 20)
	vp, reason := s.samplePrint(t.Context(), wav, "", "")
	require.NotNil(t, vp, reason)

	clip, err := audio.DecodeWAV(bytes.NewReader(wav))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, ok := s.voice.Voiceprint(ctx, clip)
	assert.False(t, ok, "the voiceprint stops at the context's end")
	vp, reason = s.samplePrint(ctx, wav, "", "")
	assert.Nil(t, vp)
	assert.Empty(t, reason)
}
