package audio

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/require"
)

// needTools skips when espeak-ng or sox is missing.
func needTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			testfiles.Missing(t, "%s is not installed (make deps installs it): %v", tool, err)
		}
	}
}

// speech synthesises text with espeak-ng and shapes it with sox effects
// (e.g. "pad", "1", "1"), returning a 16 kHz mono clip.
func speech(t *testing.T, text string, effects ...string) Clip {
	t.Helper()
	needTools(t)
	dir := t.TempDir()
	raw := filepath.Join(dir, "espeak.wav")
	out := filepath.Join(dir, "out.wav")
	runTool(t, "espeak-ng", "-v", "en", "-s", "150", "-w", raw, text)
	args := append([]string{"-q", raw, "-r", "16000", "-c", "1", "-b", "16", out}, effects...)
	runTool(t, "sox", args...)
	return readClip(t, out)
}

// soxClip makes audio with sox alone (e.g. synthesised noise).
func soxClip(t *testing.T, args ...string) Clip {
	t.Helper()
	needTools(t)
	out := filepath.Join(t.TempDir(), "sox.wav")
	runTool(t, "sox", append([]string{"-q", "-n", "-r", "16000", "-c", "1", "-b", "16", out}, args...)...)
	return readClip(t, out)
}

func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), "%s %v: %s", name, args, stderr.String())
}

func readClip(t *testing.T, path string) Clip {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	c, err := DecodeWAV(f)
	require.NoError(t, err)
	return c
}

// mix adds b (scaled) onto a, sample by sample, saturating.
func mix(a, b Clip, gain float64) Clip {
	out := Clip{Rate: a.Rate, Samples: make([]int16, len(a.Samples))}
	for i, v := range a.Samples {
		x := float64(v)
		if i < len(b.Samples) {
			x += gain * float64(b.Samples[i])
		}
		out.Samples[i] = int16(math.Max(-32768, math.Min(32767, x)))
	}
	return out
}

// tone makes a sine at freq Hz, amplitude amp of full scale.
func tone(rate int, freq, amp, seconds float64) []float64 {
	n := int(float64(rate) * seconds)
	x := make([]float64, n)
	for i := range x {
		x[i] = amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))
	}
	return x
}

func rmsOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}
