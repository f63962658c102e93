package voice

import (
	"os"
	"testing"

	"biokiosk/capture/audio"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func clipOf(t *testing.T, name string) audio.Clip {
	f, err := os.Open(testfiles.Path(t, "voice", name))
	require.NoError(t, err)
	defer f.Close()
	c, err := audio.DecodeWAV(f)
	require.NoError(t, err)
	return c
}

// Silence has no voiceprint; a voiceprint matches itself best.
func TestVoiceprintOfSilenceAndSelf(t *testing.T) {
	e := New()
	_, ok := e.Voiceprint(t.Context(), audio.Clip{Rate: 16000, Samples: make([]int16, 16000)})
	assert.False(t, ok, "silence has no voiceprint")
	en, de := clipOf(t, "en.wav"), clipOf(t, "de.wav")
	a, ok := e.Voiceprint(t.Context(), en.Slice(0, 3*16000))
	require.True(t, ok)
	b, ok := e.Voiceprint(t.Context(), de.Slice(0, 3*16000))
	require.True(t, ok)
	assert.Greater(t, Similarity(a, a), Similarity(a, b))
	assert.Greater(t, Similarity(a, Mean([][]float32{a, a})), Threshold)
	assert.Zero(t, Similarity(a[:10], a), "a malformed voiceprint matches nothing")
}
