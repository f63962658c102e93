package adapters_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/capture/audio"
	"biokiosk/flow"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/sandbox"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newSandbox11 is a sandbox and a BiometrID client speaking API 1.1.
func newSandbox11(t *testing.T) (*sandbox.Server, *biometrics.Client) {
	t.Helper()
	sb, err := sandbox.New(context.Background(), sandbox.Config{DB: filepath.Join(t.TempDir(), "s.db"), Key: "k", Secret: "s"})
	require.NoError(t, err)
	t.Cleanup(func() { sb.Close() })
	hs := httptest.NewServer(sb.Handler())
	t.Cleanup(hs.Close)
	c, err := biometrics.New(hs.URL, biometrics.WithCredentials("k", "s"), biometrics.WithAllowInsecureHTTP(), biometrics.WithAPIVersion("1.1"),
		biometrics.WithRetry(biometrics.RetryPolicy{MaxRetries: 1, Base: 5 * time.Millisecond, Cap: 10 * time.Millisecond}))
	require.NoError(t, err)
	return sb, c
}

// speech returns real speech samples that pass the sandbox's checks.
func speech(t *testing.T) [][]byte {
	t.Helper()
	en, err := os.ReadFile(testfiles.Path(t, "voice", "en.wav"))
	require.NoError(t, err)
	clip, err := audio.ParseWAV(en)
	require.NoError(t, err)
	var wavs [][]byte
	for _, from := range []int{0, 5, 15, 20} {
		wavs = append(wavs, audio.WAVBytes(clip.Slice(from*16000, (from+5)*16000)))
	}
	return wavs
}

// silence is a WAV the local check would pass but the server refuses
// (no speech in it).
func silence() []byte {
	return audio.WAVBytes(audio.Clip{Rate: 16000, Samples: make([]int16, 5*16000)})
}

// The API 1.1 attempt model end to end on the sandbox: enrolment goes on
// after each VALID_ATTEMPT (which names no prompt) and after a refused
// sample; verify and adapt are single-shot, with no start call.
func TestVoice11EndToEnd(t *testing.T) {
	sb, c := newSandbox11(t)
	var prompts []flow.Prompt
	var refused []flow.Code
	sink := func(e flow.Event) {
		switch e := e.(type) {
		case flow.PromptToRead:
			prompts = append(prompts, e.Prompt)
		case flow.SampleRefused:
			refused = append(refused, e.Reason)
		}
	}
	wavs := speech(t)
	mic := &cannedMic{wavs: append([][]byte{silence()}, wavs...)}
	runner, err := flow.New(adapters.BiometrID{C: c}, nil, mic, nil, flow.Config{Voice: true}, sink)
	require.NoError(t, err)
	reg := runner.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "v11", Consent: true})
	require.Equal(t, flow.OutcomeEnrolled, reg.Outcome, "%+v", reg.Error)
	assert.Len(t, prompts, 1+sandbox.EnrollSamples, "one refused sample, then the valid attempts")
	for _, p := range prompts {
		assert.Equal(t, flow.Prompt{}, p, "1.1 names no prompt")
	}
	assert.NotEmpty(t, refused, "the silent sample was refused and the enrolment went on")

	prompts, refused = nil, nil
	verify, err := flow.New(adapters.BiometrID{C: c}, nil, &cannedMic{wavs: wavs}, nil, flow.Config{Voice: true}, sink)
	require.NoError(t, err)
	res := verify.Verify(context.Background(), flow.VerifyRequest{UserID: reg.UserID})
	assert.Equal(t, flow.OutcomeVerified, res.Outcome, "%+v", res.Error)
	assert.Len(t, prompts, 1, "single-shot")

	res = verify.Adapt(context.Background(), flow.AdaptRequest{UserID: reg.UserID})
	assert.Equal(t, flow.OutcomeAdapted, res.Outcome, "%+v", res.Error)

	// A refused single-shot verify is the verdict, not a retake.
	prompts = nil
	quiet, err := flow.New(adapters.BiometrID{C: c}, nil, &cannedMic{wavs: [][]byte{silence()}}, nil, flow.Config{Voice: true}, sink)
	require.NoError(t, err)
	res = quiet.Verify(context.Background(), flow.VerifyRequest{UserID: reg.UserID})
	assert.Equal(t, flow.OutcomeNotVerified, res.Outcome, "%+v", res.Error)
	assert.Len(t, prompts, 1)

	census, err := sb.Census(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 0, census.OpenDialogues, "no dialogue left open")
}
