package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"biokiosk/capture/audio"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// voiced makes 0.5 s of silence, 1.5 s of a voiced-like 220 Hz burst
// train, then 1.2 s of silence, as a WAV file.
func voiced(t *testing.T) string {
	t.Helper()
	n := int(3.2 * audio.Rate)
	s := make([]int16, n)
	for i := audio.Rate / 2; i < 2*audio.Rate; i++ {
		env := 0.5 + 0.5*math.Sin(2*math.Pi*3*float64(i)/audio.Rate)
		s[i] = int16(8000 * env * math.Sin(2*math.Pi*220*float64(i)/audio.Rate))
	}
	p := filepath.Join(t.TempDir(), "v.wav")
	require.NoError(t, os.WriteFile(p, audio.WAVBytes(audio.Clip{Rate: audio.Rate, Samples: s}), 0o600))
	return p
}

func TestAnalyzeVoiceCLI(t *testing.T) {
	silent := filepath.Join(t.TempDir(), "s.wav")
	require.NoError(t, os.WriteFile(silent, audio.WAVBytes(audio.Clip{Rate: audio.Rate, Samples: make([]int16, audio.Rate)}), 0o600))
	code, out, errs := runCLI(t, "analyze-voice", "--json", voiced(t))
	require.Equal(t, 0, code, errs)
	var v voiceJSON
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	assert.Equal(t, audio.CodeOK, v.Code)
	assert.InDelta(t, 1.5, v.Speech, 0.2)

	code, out, _ = runCLI(t, "analyze-voice", "--json", silent)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"NO_SPEECH"`)

	bad := filepath.Join(t.TempDir(), "bad.wav")
	require.NoError(t, os.WriteFile(bad, []byte("not a wav"), 0o600))
	code, out, _ = runCLI(t, "analyze-voice", "--json", bad)
	assert.Equal(t, 2, code, "an invalid file is usage")
	assert.Contains(t, out, "not a RIFF/WAVE file")
	code, _, _ = runCLI(t, "analyze-voice", "--json", silent, bad)
	assert.Equal(t, 2, code, "an invalid file outranks a refused sample")
	code, _, errs = runCLI(t, "analyze-voice", bad)
	assert.Equal(t, 2, code)
	assert.Equal(t, "biokiosk analyze-voice: "+bad+": audio: "+bad+": audio: not a RIFF/WAVE file\n", errs)
}

func TestRecordCLIFromWAV(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sample.wav")
	code, stdout, errs := runCLI(t, "record", "--mic", voiced(t), "--fast", "--out", out, "--json")
	require.Equal(t, 0, code, errs)
	var v voiceJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &v))
	assert.Equal(t, audio.CodeOK, v.Code)
	assert.Equal(t, "trailing_silence", v.End)
	src, err := audio.OpenWAV(out, false)
	require.NoError(t, err)
	assert.InDelta(t, 1.5+0.3, src.Clip().Seconds(), 0.15, "trimmed to the speech plus margins")
}

func TestRecordCLIMissingMic(t *testing.T) {
	code, _, errs := runCLI(t, "record", "--mic", "no-such-headset")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "no-such-headset")
	assert.Contains(t, errs, "--mic sample.wav")
}
