package mic

import (
	"biokiosk/capture/audio"
	"biokiosk/internal/testkit/testfiles"
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// micResult is what the child process reports.
type micResult struct {
	Code      audio.Code
	Speech    float64
	DevRate   float64
	Overflows int
	Devices   int
	Err       string
}

// TestPortAudioMicViaALSAFile runs the real PortAudio capture path with
// no sound card: ALSA's file plugin feeds the default input device from a
// raw file of synthetic speech. ALSA reads ~/.asoundrc at initialisation,
// so the capture runs in a child process with its own HOME.
func TestPortAudioMicViaALSAFile(t *testing.T) {
	if out := os.Getenv("BIOKIOSK_MIC_CHILD"); out != "" {
		micChild(out)
		return
	}
	// Under 5 s in all, so the unpaced file plugin cannot overrun the
	// microphone's queue however slowly the reader is scheduled.
	c := speech(t, "zero six five three")
	dir := t.TempDir()
	raw := filepath.Join(dir, "mic.raw")
	buf := make([]byte, 2*len(c.Samples))
	for i, s := range c.Samples {
		binary.LittleEndian.PutUint16(buf[2*i:], uint16(s))
	}
	require.NoError(t, os.WriteFile(raw, buf, 0o600))
	asoundrc := `pcm.!default { type file; slave.pcm "null"; file "/dev/null"; infile "` + raw + `"; format "raw" }` + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".asoundrc"), []byte(asoundrc), 0o600))
	result := filepath.Join(dir, "result.json")

	cmd := exec.Command(os.Args[0], "-test.run=^TestPortAudioMicViaALSAFile$")
	cmd.Env = append(os.Environ(), "HOME="+dir, "BIOKIOSK_MIC_CHILD="+result)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "child: %s", out)
	assert.NotContains(t, string(out), "ALSA lib", "PortAudio's probing chatter is swallowed")

	b, err := os.ReadFile(result)
	require.NoError(t, err, "child output: %s", out)
	var r micResult
	require.NoError(t, json.Unmarshal(b, &r))
	require.Empty(t, r.Err)
	t.Logf("PortAudio via ALSA file plugin: %+v", r)
	assert.GreaterOrEqual(t, r.Devices, 1)
	assert.Equal(t, audio.CodeOK, r.Code)
	assert.Greater(t, r.Speech, 1.0)
}

func micChild(out string) {
	r := micResult{}
	defer func() {
		b, _ := json.Marshal(r)
		os.WriteFile(out, b, 0o600)
	}()
	h, err := OpenHost()
	if err != nil {
		r.Err = err.Error()
		return
	}
	defer h.Close()
	devs, err := h.Devices()
	if err != nil {
		r.Err = err.Error()
		return
	}
	r.Devices = len(devs)
	m, err := h.OpenMic("default")
	if err != nil {
		r.Err = err.Error()
		return
	}
	defer m.Close()
	r.DevRate = m.DevRate
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rec, err := audio.Record(ctx, m, audio.RecordConfig{}, nil)
	if err != nil {
		r.Err = err.Error()
		return
	}
	r.Code, r.Speech, r.Overflows = rec.Quality.Code, rec.Quality.Speech, m.Overflows()
}

func TestMissingMicrophoneIsClear(t *testing.T) {
	if os.Getenv("BIOKIOSK_MIC_CHILD") != "" {
		t.Skip("child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMissingMicChild$", "-test.v")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "BIOKIOSK_MISSING_CHILD=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "no input device named like")
}

// TestMissingMicChild asks for a device that cannot exist.
func TestMissingMicChild(t *testing.T) {
	if os.Getenv("BIOKIOSK_MISSING_CHILD") == "" {
		t.Skip("runs only as TestMissingMicrophoneIsClear's child")
	}
	h, err := OpenHost()
	require.NoError(t, err)
	defer h.Close()
	_, err = h.OpenMic("no-such-usb-headset")
	require.ErrorIs(t, err, ErrNoMicrophone)
	t.Log(err)
}

// speech synthesises text with espeak-ng, padded by sox with 0.5 s of
// silence before and 1 s after, as a 16 kHz mono clip.
func speech(t *testing.T, text string) audio.Clip {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			testfiles.Missing(t, "%s is not installed (make deps installs it): %v", tool, err)
		}
	}
	dir := t.TempDir()
	raw, out := filepath.Join(dir, "espeak.wav"), filepath.Join(dir, "out.wav")
	for _, args := range [][]string{
		{"espeak-ng", "-v", "en", "-s", "150", "-w", raw, text},
		{"sox", "-q", raw, "-r", "16000", "-c", "1", "-b", "16", out, "pad", "0.5", "1"},
	} {
		b, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		require.NoError(t, err, "%v: %s", args, b)
	}
	src, err := audio.OpenWAV(out, false)
	require.NoError(t, err)
	return src.Clip()
}
