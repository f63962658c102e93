package adapters_test

import (
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/testfiles"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/capture/audio"
	"biokiosk/flow"
	"biokiosk/sandbox"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// rig is the sandbox behind an optional fault-injecting handler, a
// client, and a camera on a kiosk-framed portrait.
type rig struct {
	sb     *sandbox.Server
	client *biometrics.Client
	camera *adapters.Camera
}

// census is what the sandbox holds now.
func (r rig) census(t *testing.T) sandbox.Census {
	t.Helper()
	c, err := r.sb.Census(context.Background())
	require.NoError(t, err)
	return c
}

func newRig(t *testing.T, wrap func(http.Handler) http.Handler) rig {
	return newRigWith(t, wrap, false)
}

// newRigWith can switch on the sandbox's liveness requirement (the client
// then speaks API 1.1, where livenessId exists).
func newRigWith(t *testing.T, wrap func(http.Handler) http.Handler, liveness bool) rig {
	t.Helper()
	an := facetest.Analyzer(t) // skips without the models
	sb, err := sandbox.New(context.Background(), sandbox.Config{DB: filepath.Join(t.TempDir(), "s.db"), Key: "k", Secret: "s", LivenessRequired: liveness})
	require.NoError(t, err)
	h := sb.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(func() { hs.Close(); sb.Close() })
	version := "1.0"
	if liveness {
		version = "1.1"
	}
	c, err := biometrics.New(hs.URL, biometrics.WithCredentials("k", "s"), biometrics.WithAllowInsecureHTTP(), biometrics.WithAPIVersion(version),
		biometrics.WithRetry(biometrics.RetryPolicy{MaxRetries: 3, Base: 5 * time.Millisecond, Cap: 20 * time.Millisecond}))
	require.NoError(t, err)
	return rig{sb: sb, client: c, camera: &adapters.Camera{Source: facetest.PNG(t, "obama.jpg"), Analyzer: an}}
}

// silentMic never hears anything: it waits until the flow gives up.
type silentMic struct{}

func (silentMic) RecordUtterance(ctx context.Context, _ func(flow.Level)) (flow.VoiceSample, error) {
	<-ctx.Done()
	return flow.VoiceSample{}, ctx.Err()
}

// A person who walks away during the voice step: the flow is abandoned
// and nothing is left on the server (no user, no template, no dialogue).
func TestAbandonedRegistrationLeavesNothing(t *testing.T) {
	r := newRig(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sink := func(e flow.Event) {
		if _, ok := e.(flow.PromptToRead); ok {
			cancel() // the person leaves when asked to speak
		}
	}
	runner, err := flow.New(adapters.BiometrID{C: r.client}, r.camera, silentMic{}, nil, flow.Config{Face: true, Voice: true}, sink)
	require.NoError(t, err)
	res := runner.Register(ctx, flow.RegisterRequest{CustomerNumber: "walks-away", Consent: true})
	assert.Equal(t, flow.OutcomeAbandoned, res.Outcome)
	assert.Empty(t, res.UserID, "the unfinished user is gone")
	assert.Equal(t, sandbox.Census{Users: []string{}}, r.census(t), "the face enrolled before the voice step went with its user")
}

// A server that answers PROBLEM_OCURRED_REPEAT_REQUEST twice and then
// works: the registration still completes, with one user.
func TestRegistrationSurvivesTwoServerProblems(t *testing.T) {
	var faults atomic.Int32
	r := newRig(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if strings.HasSuffix(req.URL.Path, "/users") && faults.Add(1) <= 2 {
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(`{"status":false,"data":{"message":"PROBLEM_OCURRED_REPEAT_REQUEST"}}`))
				return
			}
			h.ServeHTTP(w, req)
		})
	})
	runner, err := flow.New(adapters.BiometrID{C: r.client}, r.camera, nil, nil, flow.Config{Face: true}, nil)
	require.NoError(t, err)
	res := runner.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "retry", Consent: true})
	require.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)
	assert.EqualValues(t, 3, faults.Load(), "two faults, then the answered attempt")
	found, err := r.client.FindByFace(context.Background(), biometrics.FaceRequest{Photo: mustJPEG(t, r)})
	require.NoError(t, err)
	assert.Equal(t, res.UserID, found.UserID)
}

func mustJPEG(t *testing.T, r rig) []byte {
	p, err := r.camera.CaptureFace(context.Background(), nil)
	require.NoError(t, err)
	return p.JPEG
}

// A server that requires liveness: without the liveness step the face
// call is refused with LIVENESS_REQUIRED; with it the registration works.
func TestLivenessStepWhenTheServerRequiresIt(t *testing.T) {
	r := newRigWith(t, nil, true)
	without, err := flow.New(adapters.BiometrID{C: r.client}, r.camera, nil, nil, flow.Config{Face: true}, nil)
	require.NoError(t, err)
	res := without.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "no-liveness", Consent: true})
	assert.Equal(t, flow.OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.Equal(t, flow.Code("LIVENESS_REQUIRED"), res.Error.Code)

	with, err := flow.New(adapters.BiometrID{C: r.client}, r.camera, nil, nil, flow.Config{Face: true, Liveness: true}, nil)
	require.NoError(t, err)
	res = with.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "liveness", Consent: true})
	assert.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)
}

// cannedMic answers each prompt with the next of a few real speech
// samples.
type cannedMic struct {
	wavs [][]byte
	n    int
}

func (m *cannedMic) RecordUtterance(context.Context, func(flow.Level)) (flow.VoiceSample, error) {
	// A copy: the sample belongs to the flow, which zeroes it once sent.
	w := append([]byte(nil), m.wavs[m.n%len(m.wavs)]...)
	m.n++
	return flow.VoiceSample{WAV: w, Code: "OK", SpeechSeconds: 3}, nil
}

// Registrations against a sandbox that drops connections, fails, and
// garbles answers: each ends ENROLLED, ALREADY_ENROLLED or FAILED with a
// code, within a bound; the server then holds exactly the enrolled users
// (none twice, no dialogue left open), apart from deletions that the
// faults themselves failed, which stay in the journal for a retry.
func TestRegistrationsUnderFaults(t *testing.T) {
	faults, err := sandbox.ParseFaults("latency=2ms,reset=0.05,error=0.15,malformed=0.04,truncate=0.04,seed=11")
	require.NoError(t, err)
	var inner http.Handler
	r := newRig(t, func(h http.Handler) http.Handler { inner = h; return faults.Wrap(h) })
	clean := httptest.NewServer(inner)
	defer clean.Close()
	direct, err := biometrics.New(clean.URL, biometrics.WithCredentials("k", "s"), biometrics.WithAllowInsecureHTTP())
	require.NoError(t, err)

	en, err := os.ReadFile(testfiles.Path(t, "voice", "en.wav"))
	require.NoError(t, err)
	clip, err := audio.ParseWAV(en)
	require.NoError(t, err)
	var wavs [][]byte
	for _, from := range []int{0, 5, 15, 20} { // slices the quality check passes
		wavs = append(wavs, audio.WAVBytes(clip.Slice(from*16000, (from+5)*16000)))
	}

	outcomes := map[flow.Outcome]int{}
	var users []string
	faces, lostCreates := 0, 0
	journal := &memJournal{}
	for i := 0; i < 8; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		// One face is available, so after the first registration the
		// gallery refuses it (ALREADY_ENROLLED); odd runs are voice-only so
		// dialogues are exercised under faults too.
		runner, err := flow.New(adapters.BiometrID{C: r.client}, r.camera, &cannedMic{wavs: wavs}, nil, flow.Config{Face: i%2 == 0, Voice: true}, nil)
		require.NoError(t, err)
		runner.SetJournal(journal)
		res := runner.Register(ctx, flow.RegisterRequest{CustomerNumber: fmt.Sprintf("f%d", i), Consent: true})
		cancel()
		outcomes[res.Outcome]++
		switch res.Outcome {
		case flow.OutcomeEnrolled, flow.OutcomeAlreadyEnrolled:
		case flow.OutcomeFailed:
			require.NotNil(t, res.Error)
			// Only the injected faults may fail a registration.
			assert.Contains(t, []flow.Code{"SERVER_UNREACHABLE", "MALFORMED_RESPONSE", "PROBLEM_OCURRED_REPEAT_REQUEST"}, res.Error.Code)
			t.Logf("registration %d failed: %s at %s", i, res.Error.Code, res.Error.Step)
		default:
			t.Errorf("registration %d: outcome %s (%+v)", i, res.Outcome, res.Error)
		}
		if res.Outcome == flow.OutcomeEnrolled {
			users = append(users, res.UserID)
			if i%2 == 0 {
				faces++
			}
		}
		if res.Error != nil && res.Error.Step == flow.StepCreateUser {
			lostCreates++ // the server may have made a user whose id never arrived
		}
	}
	t.Logf("outcomes under faults: %v; deletions left pending: %d", outcomes, len(journal.pending()))
	for _, u := range users {
		p, err := direct.PendingDialogue(context.Background(), u)
		require.NoError(t, err)
		assert.False(t, p.Pending, "user %s left with an open dialogue", u)
	}
	// What the faults kept from being deleted is retried, on a clean line.
	for _, u := range journal.pending() {
		_, err := direct.DeleteUser(context.Background(), u)
		if !errors.Is(err, biometrics.ErrUserNotFound) {
			require.NoError(t, err)
		}
	}
	// The server holds the enrolled users and their templates only. A
	// Create User whose answer was lost may leave an empty user the kiosk
	// cannot know of (the API has no look-up by customer number): it holds
	// no biometric data.
	c := r.census(t)
	assert.Subset(t, c.Users, users)
	assert.LessOrEqual(t, len(c.Users)-len(users), lostCreates, "only lost Create User answers leave a user behind")
	assert.Equal(t, faces, c.FaceTemplates, "no face template that no enrolled user owns")
	assert.Equal(t, len(users), c.VoiceTemplates, "no voice template that no enrolled user owns")
	assert.Zero(t, c.OpenDialogues)
}

// memJournal is a flow.Journal in memory.
type memJournal struct {
	mu   sync.Mutex
	open map[string]bool // user id → deletion pending
}

func (j *memJournal) Created(_ context.Context, id, _, _ string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.open == nil {
		j.open = map[string]bool{}
	}
	j.open[id] = false
	return nil
}

func (j *memJournal) Settled(_ context.Context, id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.open, id)
	return nil
}

func (j *memJournal) Pending(_ context.Context, id, _ string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.open[id] = true
	return nil
}

// pending lists the users whose deletion failed.
func (j *memJournal) pending() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []string
	for id, p := range j.open {
		if p {
			out = append(out, id)
		}
	}
	return out
}

// Adapt on the sandbox: the same person's new photo replaces the
// template.
func TestAdaptOnTheSandbox(t *testing.T) {
	r := newRig(t, nil)
	runner, err := flow.New(adapters.BiometrID{C: r.client}, r.camera, nil, nil, flow.Config{Face: true}, nil)
	require.NoError(t, err)
	reg := runner.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "a", Consent: true})
	require.Equal(t, flow.OutcomeEnrolled, reg.Outcome)
	res := runner.Adapt(context.Background(), flow.AdaptRequest{UserID: reg.UserID})
	assert.Equal(t, flow.OutcomeAdapted, res.Outcome, "%+v", res.Error)
}

// failingSource is a microphone that delivers some audio, then fails
// (unplugged mid-recording).
type failingSource struct{ reads int }

func (f *failingSource) Read(ctx context.Context) ([]int16, error) {
	f.reads++
	if f.reads > 5 {
		return nil, errors.New("device unplugged")
	}
	return make([]int16, 320), ctx.Err()
}

func (f *failingSource) Overflows() int { return 0 }
func (f *failingSource) Close() error   { return nil }

// Devices failing mid-way end the flow with a code and leave nothing open:
// a camera file that ends before a good photo, a microphone unplugged
// while recording.
func TestDeviceFailuresMidFlow(t *testing.T) {
	r := newRig(t, nil)
	dir := t.TempDir()
	blank := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(90, 90, 90, 0), 480, 640, gocv.MatTypeCV8UC3)
	for i := 0; i < 10; i++ {
		require.True(t, gocv.IMWrite(filepath.Join(dir, fmt.Sprintf("%03d.png", i)), blank))
	}
	blank.Close()
	ended := &adapters.Camera{Source: filepath.Join(dir, "%03d.png"), Analyzer: r.camera.Analyzer}
	runner, err := flow.New(adapters.BiometrID{C: r.client}, ended, nil, nil, flow.Config{Face: true, MaxFaceAttempts: 1}, nil)
	require.NoError(t, err)
	res := runner.Identify(context.Background())
	assert.Equal(t, flow.OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.Equal(t, flow.Code("CAPTURE_TIMEOUT"), res.Error.Code)
	assert.Contains(t, res.Error.Detail, "NO_FACE")

	mic := &adapters.Mic{Source: &failingSource{}}
	runner, err = flow.New(adapters.BiometrID{C: r.client}, r.camera, mic, nil, flow.Config{Voice: true}, nil)
	require.NoError(t, err)
	res = runner.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "unplugged", Consent: true})
	assert.Equal(t, flow.OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.NotEmpty(t, res.Error.Code)
	assert.Contains(t, res.Error.Detail, "unplugged")
	assert.Equal(t, sandbox.Census{Users: []string{}}, r.census(t), "the failed registration's user is deleted")
}

// An unknown user has nothing enrolled, as Verifik's adapter says too:
// the staff look-up reads "nothing registered" instead of an error.
func TestEnrollStatusOfAnUnknownUser(t *testing.T) {
	r := newRig(t, nil)
	st, err := adapters.BiometrID{C: r.client}.EnrollStatus(context.Background(), "0123456789abcdefghijklmn")
	require.NoError(t, err)
	assert.Equal(t, flow.EnrollStatus{}, st)
}
