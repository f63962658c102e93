package flow

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codeErr is an error with a stable code, as the API adapter returns.
type codeErr string

func (c codeErr) Error() string { return "api: " + string(c) }
func (c codeErr) Code() string  { return string(c) }

// fakeBackend is an in-memory backend that records calls.
type fakeBackend struct {
	mu          sync.Mutex
	calls       []string
	enrollFaces []FaceEnrollment // answers in order
	adaptFaces  []FaceEnrollment // answers in order
	verify      Match
	find        Match
	pending     bool
	voiceSteps  []VoiceStep
	status      EnrollStatus
	createErr   error
	deleteErr   error
	startErr    error // StartVoice's error
	submitErr   error // SubmitVoice's error
	restarted   []string
	deleted     []string
}

func (f *fakeBackend) record(c string) {
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
}

func (f *fakeBackend) CreateUser(_ context.Context, ref, mac string) (string, error) {
	f.record("create:" + ref + ":" + mac)
	if f.createErr != nil {
		return "", f.createErr
	}
	return "0123456789abcdef01234567", nil
}

func (f *fakeBackend) DeleteUser(_ context.Context, id string) error {
	f.record("delete:" + id)
	if f.deleteErr != nil {
		return f.deleteErr
	}
	f.mu.Lock()
	f.deleted = append(f.deleted, id)
	f.mu.Unlock()
	return nil
}

func (f *fakeBackend) EnrollFace(_ context.Context, _ string, p Photo, _ string) (FaceEnrollment, error) {
	f.record("enroll-face")
	out := f.enrollFaces[0]
	f.enrollFaces = f.enrollFaces[1:]
	return out, nil
}

func (f *fakeBackend) AdaptFace(_ context.Context, _ string, p Photo, _ string) (FaceEnrollment, error) {
	f.record("adapt-face")
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.adaptFaces[0]
	f.adaptFaces = f.adaptFaces[1:]
	return out, nil
}

func (f *fakeBackend) VerifyFace(context.Context, string, Photo, string) (Match, error) {
	f.record("verify-face")
	return f.verify, nil
}

func (f *fakeBackend) FindByFace(context.Context, Photo, string) (Match, error) {
	f.record("find-face")
	return f.find, nil
}

func (f *fakeBackend) ValidateLiveness(context.Context, Photo) (string, error) {
	f.record("liveness")
	return "live-1", nil
}

func (f *fakeBackend) PendingDialogue(context.Context, string) (bool, error) {
	f.record("pending")
	return f.pending, nil
}

func (f *fakeBackend) RestartState(_ context.Context, id string) error {
	f.record("restart")
	f.mu.Lock()
	f.restarted = append(f.restarted, id)
	f.mu.Unlock()
	return nil
}

func (f *fakeBackend) StartVoice(_ context.Context, _ string, mode VoiceMode, lang string) (Prompt, error) {
	f.record("start-voice:" + string(mode) + ":" + lang)
	if f.startErr != nil {
		return Prompt{}, f.startErr
	}
	return Prompt{Code: "0653", Text: "zero six five three"}, nil
}

func (f *fakeBackend) SubmitVoice(_ context.Context, _ string, mode VoiceMode, _ string, wav []byte) (VoiceStep, error) {
	f.record("submit-voice:" + string(mode))
	if f.submitErr != nil {
		return VoiceStep{}, f.submitErr
	}
	out := f.voiceSteps[0]
	f.voiceSteps = f.voiceSteps[1:]
	return out, nil
}

func (f *fakeBackend) EnrollStatus(context.Context, string) (EnrollStatus, error) {
	f.record("status")
	return f.status, nil
}

// fakeCamera returns one photo per call, after reporting guidance.
type fakeCamera struct {
	calls int
	block bool // wait for ctx instead (nobody in front of the camera)
}

func (c *fakeCamera) CaptureFace(ctx context.Context, progress func(FaceProgress)) (Photo, error) {
	c.calls++
	if c.block {
		progress(FaceProgress{Guidance: "NO_FACE"})
		<-ctx.Done()
		return Photo{}, ctx.Err()
	}
	progress(FaceProgress{Guidance: "MOVE_CLOSER", FacePresent: true})
	progress(FaceProgress{Guidance: "OK", Countdown: time.Second, FacePresent: true})
	return Photo{JPEG: []byte{0xff, 0xd8, 0xff}, Score: 90}, nil
}

// fakeMic returns samples with the given local codes in order.
type fakeMic struct{ codes []string }

func (m *fakeMic) RecordUtterance(_ context.Context, level func(Level)) (VoiceSample, error) {
	level(Level{RMS: -20, Peak: -6})
	code := m.codes[0]
	m.codes = m.codes[1:]
	return VoiceSample{WAV: []byte("RIFF"), Code: code, SpeechSeconds: 1.2}, nil
}

// mapDir is a directory: customer number → user id, or "?"+token while a
// registration holds the number.
type mapDir map[string]string

func (d mapDir) Lookup(_ context.Context, ref string) (string, bool, error) {
	id, ok := d[ref]
	if !ok || strings.HasPrefix(id, "?") {
		return "", false, nil
	}
	return id, true, nil
}

func (d mapDir) CustomerNumber(_ context.Context, id string) (string, bool, error) {
	for ref, v := range d {
		if v == id {
			return ref, true, nil
		}
	}
	return "", false, nil
}

func (d mapDir) Reserve(_ context.Context, ref, tok string) (string, bool, error) {
	if v, ok := d[ref]; ok && v != "?"+tok {
		if strings.HasPrefix(v, "?") {
			return "", true, nil // another registration holds it
		}
		return v, true, nil
	}
	d[ref] = "?" + tok
	return "", false, nil
}

func (d mapDir) Bind(_ context.Context, ref, tok, id string) error {
	if d[ref] != "?"+tok {
		return errors.New("reservation lost")
	}
	d[ref] = id
	return nil
}

func (d mapDir) Release(_ context.Context, ref, tok string) error {
	if d[ref] == "?"+tok {
		delete(d, ref)
	}
	return nil
}

// memJournal records journal calls.
type memJournal struct {
	mu      sync.Mutex
	open    map[string]string // user id → token
	pending map[string]string // user id → reason
}

func newJournal() *memJournal {
	return &memJournal{open: map[string]string{}, pending: map[string]string{}}
}

func (j *memJournal) Created(_ context.Context, id, _, tok string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.open[id] = tok
	return nil
}

func (j *memJournal) Settled(_ context.Context, id string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.open, id)
	delete(j.pending, id)
	return nil
}

func (j *memJournal) Pending(_ context.Context, id, reason string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending[id] = reason
	return nil
}

func collect() (*[]Event, Sink) {
	var evs []Event
	var mu sync.Mutex
	return &evs, func(e Event) { mu.Lock(); evs = append(evs, e); mu.Unlock() }
}

func stepResults(r Result) map[Step]string {
	m := map[Step]string{}
	for _, s := range r.Steps {
		m[s.Step] = string(s.Result)
	}
	return m
}

func TestRegisterFaceAndVoice(t *testing.T) {
	b := &fakeBackend{
		enrollFaces: []FaceEnrollment{{Refused: "FACE_ENROLLMENT_FAILED", Reason: "No faces found on 'photo'"}, {Enrolled: true}},
		pending:     true,
		voiceSteps: []VoiceStep{
			{Next: &Prompt{Code: "1111", Text: "one one one one"}},
			{Refused: "NO_SPEECH", Next: &Prompt{Code: "2222", Text: "two two two two"}},
			{Next: &Prompt{Code: "3333", Text: "three three three three"}},
			{Done: true, Success: true},
		},
		status: EnrollStatus{Face: true, Voice: true},
	}
	dir := mapDir{}
	evs, sink := collect()
	r, err := New(b, &fakeCamera{}, &fakeMic{codes: []string{"OK", "TOO_QUIET", "OK", "OK", "OK"}}, dir,
		Config{Face: true, Voice: true, Language: "pt"}, sink)
	require.NoError(t, err)

	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true})
	require.Nil(t, res.Error)
	assert.True(t, res.OK)
	assert.Equal(t, OutcomeEnrolled, res.Outcome)
	assert.Equal(t, "0123456789abcdef01234567", res.UserID)
	assert.Equal(t, "0123456789abcdef01234567", dir["42"])
	assert.Equal(t, map[Step]string{StepConsent: "given", StepPreflight: "ready", StepReserve: "reserved", StepCreateUser: "created",
		StepFace: "enrolled", StepVoice: "enrolled", StepConfirm: "confirmed", StepBind: "bound"}, stepResults(res))
	assert.Equal(t, 2, res.Steps[4].Attempts)
	assert.Equal(t, 5, res.Steps[5].Attempts)
	assert.Empty(t, b.deleted)
	assert.Contains(t, b.calls, "start-voice:enroll:pt")
	assert.Contains(t, b.calls, "create:42:", "a shared kiosk sends no MAC address by default")
	// The pending dialogue was closed before starting; no cleanup afterwards.
	assert.Equal(t, []string{"0123456789abcdef01234567"}, b.restarted)

	var refused []string
	var prompts []string
	for _, e := range *evs {
		switch e := e.(type) {
		case SampleRefused:
			refused = append(refused, string(e.Step)+":"+string(e.Reason))
		case PromptToRead:
			prompts = append(prompts, e.Prompt.Code)
		}
	}
	assert.Equal(t, []string{"face:FACE_ENROLLMENT_FAILED", "voice:TOO_QUIET", "voice:NO_SPEECH"}, refused)
	// The locally refused sample is re-recorded with the same prompt.
	assert.Equal(t, []string{"0653", "1111", "1111", "2222", "3333"}, prompts)
	last, ok := (*evs)[len(*evs)-1].(Finished)
	require.True(t, ok, "the last event is Finished")
	assert.Equal(t, OutcomeEnrolled, last.Result.Outcome)
}

func TestRegisterNeedsConsent(t *testing.T) {
	b := &fakeBackend{}
	r, err := New(b, &fakeCamera{}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "42"})
	assert.Equal(t, OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.Equal(t, CodeConsentRequired, res.Error.Code)
	assert.Empty(t, b.calls, "nothing reaches the server without consent")
}

func TestRegisterDuplicateStopsForStaff(t *testing.T) {
	b := &fakeBackend{enrollFaces: []FaceEnrollment{{DuplicateOf: "aaaaaaaaaaaaaaaaaaaaaaaa", Confidence: 0.93}}}
	mic := &fakeMic{}
	r, err := New(b, &fakeCamera{}, mic, nil, Config{Face: true, Voice: true}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "7", Consent: true})
	assert.Equal(t, OutcomeAlreadyEnrolled, res.Outcome)
	assert.False(t, res.OK)
	assert.Equal(t, "aaaaaaaaaaaaaaaaaaaaaaaa", res.DetectedID)
	require.NotNil(t, res.Confidence)
	assert.InDelta(t, 0.93, *res.Confidence, 1e-9)
	assert.NotContains(t, b.calls, "start-voice:enroll:en", "never silently continue to voice")
	assert.Equal(t, []string{"0123456789abcdef01234567"}, b.deleted, "the session's own new user is deleted")
	assert.Equal(t, "aaaaaaaaaaaaaaaaaaaaaaaa", res.UserID, "the result names the existing owner")
}

func TestRegisterFaceAttemptsExhausted(t *testing.T) {
	refuse := FaceEnrollment{Refused: "MULTIPLE_FACES_DETECTED"}
	b := &fakeBackend{enrollFaces: []FaceEnrollment{refuse, refuse}}
	r, err := New(b, &fakeCamera{}, nil, nil, Config{Face: true, MaxFaceAttempts: 2}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "7", Consent: true})
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Equal(t, CodeFaceAttempts, res.Error.Code)
	assert.Equal(t, StepFace, res.Error.Step)
	assert.Len(t, b.deleted, 1, "a failed registration deletes its user")
	assert.Empty(t, res.UserID)
}

func TestRegisterIdleTimeoutAbandons(t *testing.T) {
	b := &fakeBackend{}
	r, err := New(b, &fakeCamera{block: true}, nil, nil, Config{Face: true, IdleTimeout: 50 * time.Millisecond}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "7", Consent: true})
	assert.Equal(t, OutcomeAbandoned, res.Outcome)
	assert.Equal(t, CodeIdleTimeout, res.Error.Code)
	assert.Equal(t, []string{"0123456789abcdef01234567"}, b.deleted, "abandonment leaves nothing behind")
}

func TestRegisterCancelAbandons(t *testing.T) {
	b := &fakeBackend{}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(20*time.Millisecond, cancel)
	r, err := New(b, &fakeCamera{block: true}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Register(ctx, RegisterRequest{CustomerNumber: "7", Consent: true})
	assert.Equal(t, OutcomeAbandoned, res.Outcome)
	assert.Equal(t, CodeCancelled, res.Error.Code)
	assert.Len(t, b.deleted, 1, "deleted though the flow's context is cancelled")
}

func TestRegisterServerErrorKeepsItsCode(t *testing.T) {
	b := &fakeBackend{createErr: codeErr("REQUEST_LIMIT_REACHED")}
	r, err := New(b, &fakeCamera{}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "7", Consent: true})
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Equal(t, Code("REQUEST_LIMIT_REACHED"), res.Error.Code)
	assert.Equal(t, StepCreateUser, res.Error.Step)
	assert.Empty(t, b.restarted, "no user was created, so there is nothing to restart")
	assert.Empty(t, b.deleted)
}

// A customer number with an owner is never rebound: the second registration
// ends ALREADY_REGISTERED before anything reaches the server.
func TestRegisterRefusesTakeover(t *testing.T) {
	dir := mapDir{"770": "aaaaaaaaaaaaaaaaaaaaaaaa"}
	b := &fakeBackend{enrollFaces: []FaceEnrollment{{Enrolled: true}}, status: EnrollStatus{Face: true}}
	r, err := New(b, &fakeCamera{}, nil, dir, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "770", Consent: true})
	assert.Equal(t, OutcomeAlreadyRegistered, res.Outcome)
	assert.False(t, res.OK)
	assert.Equal(t, "aaaaaaaaaaaaaaaaaaaaaaaa", res.UserID)
	assert.Empty(t, b.calls, "no user created, no photo sent")
	assert.Equal(t, "aaaaaaaaaaaaaaaaaaaaaaaa", dir["770"])

	// Another registration holding the number counts as taken too.
	dir["771"] = "?someone-else"
	res = r.Register(t.Context(), RegisterRequest{CustomerNumber: "771", Consent: true})
	assert.Equal(t, OutcomeAlreadyRegistered, res.Outcome)
	assert.Empty(t, res.UserID)
	assert.Equal(t, "?someone-else", dir["771"], "the other registration's reservation stays")
}

// Each failure after Create User deletes the user, releases the number
// and settles the journal; nothing is left that no entry owns.
func TestRegisterAllOrNothing(t *testing.T) {
	for name, b := range map[string]*fakeBackend{
		"voice fails":      {enrollFaces: []FaceEnrollment{{Enrolled: true}}, pending: false, voiceSteps: []VoiceStep{{Done: true, Success: false}}},
		"face duplicate":   {enrollFaces: []FaceEnrollment{{DuplicateOf: "bbbbbbbbbbbbbbbbbbbbbbbb", Confidence: 0.9}}},
		"face refused":     {enrollFaces: []FaceEnrollment{{Refused: "FACE_ENROLLMENT_FAILED"}, {Refused: "FACE_ENROLLMENT_FAILED"}, {Refused: "FACE_ENROLLMENT_FAILED"}}},
		"not all enrolled": {enrollFaces: []FaceEnrollment{{Enrolled: true}}, voiceSteps: []VoiceStep{{Done: true, Success: true}}, status: EnrollStatus{Face: true}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := mapDir{"9": "bbbbbbbbbbbbbbbbbbbbbbbb"}
			j := newJournal()
			r, err := New(b, &fakeCamera{}, &fakeMic{codes: []string{"OK", "OK"}}, dir, Config{Face: true, Voice: true}, nil)
			require.NoError(t, err)
			r.SetJournal(j)
			res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true})
			assert.False(t, res.OK)
			assert.Equal(t, []string{"0123456789abcdef01234567"}, b.deleted)
			assert.Equal(t, "deleted", stepResults(res)[StepCleanup])
			_, reserved := dir["42"]
			assert.False(t, reserved, "the reservation is released")
			assert.Empty(t, j.open, "the journal is settled")
			if name == "face duplicate" {
				assert.Equal(t, OutcomeAlreadyEnrolled, res.Outcome)
				assert.Equal(t, "bbbbbbbbbbbbbbbbbbbbbbbb", res.UserID)
				assert.Equal(t, "9", res.OwnerCustomerNumber, "the existing owner's customer number")
			}
		})
	}
}

// When the clean-up itself fails (server down) the user stays in the
// journal as pending, never forgotten.
func TestRegisterFailedCleanupIsPending(t *testing.T) {
	b := &fakeBackend{enrollFaces: []FaceEnrollment{{Refused: "X"}}, deleteErr: codeErr("SERVER_UNREACHABLE")}
	j := newJournal()
	dir := mapDir{}
	r, err := New(b, &fakeCamera{}, nil, dir, Config{Face: true, MaxFaceAttempts: 1}, nil)
	require.NoError(t, err)
	r.SetJournal(j)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true})
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Equal(t, "pending", stepResults(res)[StepCleanup])
	assert.Contains(t, j.open, "0123456789abcdef01234567")
	assert.Contains(t, j.pending["0123456789abcdef01234567"], "SERVER_UNREACHABLE")
	assert.Empty(t, dir, "the reservation is released all the same")
}

// checkedCamera is a camera whose Check fails.
type checkedCamera struct {
	fakeCamera
	err error
}

func (c *checkedCamera) Check(context.Context) error { return c.err }

type checkedBackend struct {
	*fakeBackend
	err error
}

func (b checkedBackend) Check(context.Context) error { return b.err }

// A missing camera or rejected credentials end the registration before
// Create User.
func TestRegisterPreflight(t *testing.T) {
	cam := &checkedCamera{err: errors.New("no device /dev/video0")}
	b := &fakeBackend{}
	dir := mapDir{}
	r, err := New(b, cam, nil, dir, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true})
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Equal(t, CodeCameraUnavailable, res.Error.Code)
	assert.Equal(t, StepPreflight, res.Error.Step)
	assert.Empty(t, b.calls)
	assert.Empty(t, dir, "nothing reserved either")

	cb := checkedBackend{fakeBackend: &fakeBackend{}, err: codeErr("NOT_ALLOWED_TO_CREATE_USERS")}
	r, err = New(cb, &checkedCamera{}, nil, dir, Config{Face: true}, nil)
	require.NoError(t, err)
	res = r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true})
	assert.Equal(t, Code("NOT_ALLOWED_TO_CREATE_USERS"), res.Error.Code)
	assert.Empty(t, cb.calls)
}

func TestVerifyByReference(t *testing.T) {
	b := &fakeBackend{
		verify:     Match{Matched: true, Confidence: 0.88},
		status:     EnrollStatus{Face: true, Voice: true},
		voiceSteps: []VoiceStep{{Done: true, Success: true}},
	}
	dir := mapDir{"42": "0123456789abcdef01234567"}
	r, err := New(b, &fakeCamera{}, &fakeMic{codes: []string{"OK"}}, dir, Config{Face: true, Voice: true, Liveness: true}, nil)
	require.NoError(t, err)
	res := r.Verify(t.Context(), VerifyRequest{CustomerNumber: "42"})
	require.Nil(t, res.Error)
	assert.Equal(t, OutcomeVerified, res.Outcome)
	assert.Equal(t, "0123456789abcdef01234567", res.UserID)
	assert.InDelta(t, 0.88, *res.Confidence, 1e-9)
	assert.Contains(t, b.calls, "liveness")
	assert.Contains(t, b.calls, "submit-voice:verify")
}

func TestVerifyNotVerified(t *testing.T) {
	b := &fakeBackend{verify: Match{Matched: false, Confidence: 0.12}}
	r, err := New(b, &fakeCamera{}, &fakeMic{}, nil, Config{Face: true, Voice: true}, nil)
	require.NoError(t, err)
	res := r.Verify(t.Context(), VerifyRequest{UserID: "0123456789abcdef01234567"})
	assert.Equal(t, OutcomeNotVerified, res.Outcome)
	assert.False(t, res.OK)
	assert.Nil(t, res.Error)
	assert.NotContains(t, b.calls, "pending", "no voice step after a face mismatch")
}

func TestVerifyUnknownReference(t *testing.T) {
	r, err := New(&fakeBackend{}, &fakeCamera{}, nil, mapDir{}, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Verify(t.Context(), VerifyRequest{CustomerNumber: "nobody"})
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Equal(t, CodeUnknownCustomerNumber, res.Error.Code)
}

func TestVerifyVoiceSkippedWhenNotEnrolled(t *testing.T) {
	b := &fakeBackend{verify: Match{Matched: true, Confidence: 0.9}, status: EnrollStatus{Face: true}}
	r, err := New(b, &fakeCamera{}, &fakeMic{}, nil, Config{Face: true, Voice: true}, nil)
	require.NoError(t, err)
	res := r.Verify(t.Context(), VerifyRequest{UserID: "0123456789abcdef01234567"})
	assert.Equal(t, OutcomeVerified, res.Outcome)
	assert.Equal(t, "skipped_not_enrolled", stepResults(res)[StepVoice])
}

// A verification whose face matched but whose optional voice step got no
// usable sample (every sample refused) ends VERIFIED by the face, says
// so in the voice step, and closes the voice dialogue; without the face,
// or with a voice that does not match, it does not.
func TestVerifyFacePassedVoiceUnusable(t *testing.T) {
	refusals := func() []VoiceStep {
		var out []VoiceStep
		for range 3 {
			out = append(out, VoiceStep{Refused: "NOISY", Next: &Prompt{Code: "1234"}})
		}
		return out
	}
	b := &fakeBackend{verify: Match{Matched: true, Confidence: 0.9}, status: EnrollStatus{Face: true, Voice: true}, voiceSteps: refusals()}
	r, err := New(b, &fakeCamera{}, &fakeMic{codes: []string{"TOO_QUIET", "OK", "OK", "OK"}}, nil,
		Config{Face: true, Voice: true, MaxVoiceRefusals: 3}, nil)
	require.NoError(t, err)
	res := r.Verify(t.Context(), VerifyRequest{UserID: "0123456789abcdef01234567"})
	require.Nil(t, res.Error)
	assert.Equal(t, OutcomeVerified, res.Outcome)
	assert.True(t, res.OK)
	assert.Equal(t, "verified", stepResults(res)[StepFace])
	assert.Equal(t, "no_usable_sample", stepResults(res)[StepVoice])
	assert.Equal(t, "restart", b.calls[len(b.calls)-1], "the open voice dialogue is closed")

	b = &fakeBackend{status: EnrollStatus{Voice: true}, voiceSteps: refusals()}
	r, err = New(b, &fakeCamera{}, &fakeMic{codes: []string{"TOO_QUIET", "OK", "OK", "OK"}}, nil,
		Config{Voice: true, MaxVoiceRefusals: 3}, nil)
	require.NoError(t, err)
	res = r.Verify(t.Context(), VerifyRequest{UserID: "0123456789abcdef01234567"})
	assert.Equal(t, OutcomeFailed, res.Outcome, "the voice alone: nothing else decides")
	assert.Equal(t, CodeVoiceAttempts, res.Error.Code)

	b = &fakeBackend{verify: Match{Matched: true}, status: EnrollStatus{Face: true, Voice: true}, voiceSteps: []VoiceStep{{Done: true, Success: false}}}
	r, err = New(b, &fakeCamera{}, &fakeMic{codes: []string{"OK"}}, nil, Config{Face: true, Voice: true}, nil)
	require.NoError(t, err)
	res = r.Verify(t.Context(), VerifyRequest{UserID: "0123456789abcdef01234567"})
	assert.Equal(t, OutcomeNotVerified, res.Outcome, "a voice that does not match is not overruled")
}

func TestIdentify(t *testing.T) {
	b := &fakeBackend{find: Match{Matched: true, UserID: "bbbbbbbbbbbbbbbbbbbbbbbb", Confidence: 0.8}}
	r, err := New(b, &fakeCamera{}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Identify(t.Context())
	assert.Equal(t, OutcomeIdentified, res.Outcome)
	assert.Equal(t, "bbbbbbbbbbbbbbbbbbbbbbbb", res.UserID)

	b.find = Match{}
	res = r.Identify(t.Context())
	assert.Equal(t, OutcomeNotIdentified, res.Outcome)
	assert.Empty(t, res.UserID)
}

func TestNewValidates(t *testing.T) {
	_, err := New(nil, nil, nil, nil, Config{Face: true}, nil)
	assert.Error(t, err)
	_, err = New(&fakeBackend{}, nil, nil, nil, Config{}, nil)
	assert.Error(t, err)
	_, err = New(&fakeBackend{}, nil, nil, nil, Config{Face: true}, nil)
	assert.Error(t, err)
	_, err = New(&fakeBackend{}, &fakeCamera{}, nil, nil, Config{Face: true, Voice: true}, nil)
	assert.Error(t, err)
}

func TestErrorCodes(t *testing.T) {
	e := asError(StepFace, codeErr("USERID_NOT_EXISTS"), CodeInternal)
	assert.Equal(t, Code("USERID_NOT_EXISTS"), e.Code)
	e = asError(StepFace, errors.New("boom"), CodeServerError)
	assert.Equal(t, CodeServerError, e.Code)
	e = asError(StepFace, context.DeadlineExceeded, CodeInternal)
	assert.Equal(t, CodeServerUnreachable, e.Code)
}

// scriptedReview answers photo reviews in order.
type scriptedReview struct {
	answers []bool // retake?
	seen    int
}

func (r *scriptedReview) ReviewPhoto(ctx context.Context, p Photo) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	retake := r.answers[r.seen]
	r.seen++
	return retake, nil
}

// A retake captures again without spending a server attempt; Continue
// submits the photo.
func TestRegisterPhotoReviewRetake(t *testing.T) {
	b := &fakeBackend{enrollFaces: []FaceEnrollment{{Enrolled: true}}, status: EnrollStatus{Face: true}}
	cam := &fakeCamera{}
	r, err := New(b, cam, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	rev := &scriptedReview{answers: []bool{true, true, false}}
	r.SetPhotoReview(rev)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "r", Consent: true})
	require.Equal(t, OutcomeEnrolled, res.Outcome, "%+v", res.Error)
	assert.Equal(t, 3, cam.calls)
	assert.Equal(t, 3, rev.seen)
	assert.Equal(t, 1, res.Steps[2].Attempts, "retakes are not server attempts")
}

func TestAdaptFaceAndVoice(t *testing.T) {
	b := &fakeBackend{
		adaptFaces: []FaceEnrollment{{Refused: "FACE_ADAPT_FAILED", Reason: "No faces found on 'photo'"}, {Enrolled: true}},
		voiceSteps: []VoiceStep{{Done: true, Success: true}},
		status:     EnrollStatus{Face: true, Voice: true},
	}
	r, err := New(b, &fakeCamera{}, &fakeMic{codes: []string{"OK"}}, nil, Config{Face: true, Voice: true}, nil)
	require.NoError(t, err)
	res := r.Adapt(t.Context(), AdaptRequest{UserID: "0123456789abcdef01234567"})
	require.Equal(t, OutcomeAdapted, res.Outcome, "%+v", res.Error)
	assert.True(t, res.OK)
	assert.Equal(t, map[Step]string{StepFindUser: "given", StepFace: "adapted", StepVoice: "adapted"}, stepResults(res))
	assert.Contains(t, b.calls, "start-voice:adapt:en")
}

func TestAdaptRefusedForAnotherPerson(t *testing.T) {
	b := &fakeBackend{adaptFaces: []FaceEnrollment{{Refused: "FACE_NOT_REALIABLE_TO_ADAPT"}}}
	r, err := New(b, &fakeCamera{}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Adapt(t.Context(), AdaptRequest{UserID: "0123456789abcdef01234567"})
	assert.Equal(t, OutcomeNotAdapted, res.Outcome)
	assert.False(t, res.OK)
}

// keepingCamera hands out photos and keeps them, to check they are
// zeroed after submission.
type keepingCamera struct{ given [][]byte }

func (c *keepingCamera) CaptureFace(context.Context, func(FaceProgress)) (Photo, error) {
	b := []byte{0xff, 0xd8, 0xff, 0xe0, 1, 2, 3}
	c.given = append(c.given, b)
	return Photo{JPEG: b}, nil
}

// keepingMic hands out recordings and keeps them.
type keepingMic struct{ given [][]byte }

func (m *keepingMic) RecordUtterance(context.Context, func(Level)) (VoiceSample, error) {
	b := []byte("RIFF....WAVEdata")
	m.given = append(m.given, b)
	return VoiceSample{WAV: b, Code: "OK", SpeechSeconds: 2}, nil
}

// Photos and recordings are zeroed once submitted.
func TestSubmittedSamplesAreZeroed(t *testing.T) {
	b := &fakeBackend{
		enrollFaces: []FaceEnrollment{{Enrolled: true}},
		voiceSteps:  []VoiceStep{{Next: &Prompt{Code: "1"}}, {Done: true, Success: true}},
		status:      EnrollStatus{Face: true, Voice: true},
	}
	cam, mic := &keepingCamera{}, &keepingMic{}
	r, err := New(b, cam, mic, nil, Config{Face: true, Voice: true}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "z", Consent: true})
	require.Equal(t, OutcomeEnrolled, res.Outcome, "%+v", res.Error)
	require.NotEmpty(t, cam.given)
	require.Len(t, mic.given, 2)
	for _, g := range append(cam.given, mic.given...) {
		assert.Equal(t, make([]byte, len(g)), g)
	}
}

// A recording whose submission failed (the server down) is zeroed too.
func TestFailedVoiceSubmissionIsZeroed(t *testing.T) {
	b := &fakeBackend{
		enrollFaces: []FaceEnrollment{{Enrolled: true}},
		voiceSteps:  []VoiceStep{{Next: &Prompt{Code: "1"}}},
		submitErr:   errors.New("server down"),
	}
	mic := &keepingMic{}
	r, err := New(b, &keepingCamera{}, mic, nil, Config{Face: true, Voice: true}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "z", Consent: true})
	require.NotEqual(t, OutcomeEnrolled, res.Outcome)
	require.Len(t, mic.given, 1)
	assert.Equal(t, make([]byte, len(mic.given[0])), mic.given[0])
}

// The voice step numbers the samples the server accepted: a refused
// sample, locally or by the server, is asked again under the same number,
// out of the configured total; past that total (the server wanted more
// than the settings said) the total is dropped, never shown wrong.
func TestVoiceSamplesCountAcceptedOutOfTheTotal(t *testing.T) {
	b := &fakeBackend{
		enrollFaces: []FaceEnrollment{{Enrolled: true}},
		voiceSteps: []VoiceStep{
			{Next: &Prompt{Code: "1111"}},
			{Refused: "NO_SPEECH", Next: &Prompt{Code: "2222"}},
			{Next: &Prompt{Code: "3333"}},
			{Next: &Prompt{Code: "4444"}},
			{Done: true, Success: true},
		},
		status: EnrollStatus{Face: true, Voice: true},
	}
	evs, sink := collect()
	r, err := New(b, &fakeCamera{}, &fakeMic{codes: []string{"OK", "TOO_QUIET", "OK", "OK", "OK", "OK"}}, mapDir{},
		Config{Face: true, Voice: true, VoiceSamples: VoiceSamples{Enroll: 3}}, sink)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true})
	require.Nil(t, res.Error)
	require.Equal(t, OutcomeEnrolled, res.Outcome)
	type shown struct{ attempt, sample, of int }
	var got []shown
	for _, e := range *evs {
		if p, ok := e.(PromptToRead); ok {
			got = append(got, shown{p.Attempt, p.Sample, p.Of})
		}
	}
	assert.Equal(t, []shown{
		{1, 1, 3},
		{2, 2, 3}, // refused locally (TOO_QUIET) …
		{3, 2, 3}, // … and by the server (NO_SPEECH): still sample 2
		{4, 2, 3},
		{5, 3, 3},
		{6, 4, 0}, // a fourth sample: the total was wrong, so none is shown
	}, got)

	// Unknown total: numbers only.
	b = &fakeBackend{verify: Match{Matched: true}, voiceSteps: []VoiceStep{{Done: true, Success: true}}, status: EnrollStatus{Face: true, Voice: true}}
	evs, sink = collect()
	r, err = New(b, &fakeCamera{}, &fakeMic{codes: []string{"OK"}}, nil, Config{Face: true, Voice: true, VoiceSamples: VoiceSamples{Enroll: 3}}, sink)
	require.NoError(t, err)
	res = r.Verify(t.Context(), VerifyRequest{UserID: "0123456789abcdef01234567"})
	require.Equal(t, OutcomeVerified, res.Outcome, "%+v", res.Error)
	got = nil
	for _, e := range *evs {
		if p, ok := e.(PromptToRead); ok {
			got = append(got, shown{p.Attempt, p.Sample, p.Of})
		}
	}
	assert.Equal(t, []shown{{1, 1, 0}}, got, "the verification's total is not configured")
}

// A customer who asks to confirm with their voice but has none enrolled
// is confirmed by face alone, and the voice step says why: whether the
// enrolment status tells, or the server refuses the dialogue (a voice
// enrolled in another language).
func TestVerifyWithoutAVoiceEnrolled(t *testing.T) {
	for name, b := range map[string]*fakeBackend{
		"status":   {verify: Match{Matched: true}, status: EnrollStatus{Face: true}},
		"language": {verify: Match{Matched: true}, status: EnrollStatus{Face: true, Voice: true}, startErr: codeErr("ENROLL_USER_VOICE_FIRST")},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := New(b, &fakeCamera{}, &fakeMic{}, nil, Config{Face: true, Voice: true, Language: "pt"}, nil)
			require.NoError(t, err)
			res := r.Verify(t.Context(), VerifyRequest{UserID: "0123456789abcdef01234567"})
			require.Nil(t, res.Error)
			assert.Equal(t, OutcomeVerified, res.Outcome)
			assert.Equal(t, "skipped_not_enrolled", stepResults(res)[StepVoice])
		})
	}
}

// A registration whose voice is the person's option (VoiceOptional) and
// whose voice samples were all refused after the face was enrolled ends
// ENROLLED with the face: the voice step says no_usable_sample, the voice
// dialogue is closed, the user, its face and its number stay. Without
// the option, or for a server fault, it is all or nothing as before.
func TestRegisterOptionalVoiceUnusableKeepsTheFace(t *testing.T) {
	refusals := func() []VoiceStep {
		var out []VoiceStep
		for range 3 {
			out = append(out, VoiceStep{Refused: "NOISY", Next: &Prompt{Code: "1234"}})
		}
		return out
	}
	run := func(b *fakeBackend, cfg Config) (Result, mapDir, *memJournal) {
		t.Helper()
		dir, j := mapDir{}, newJournal()
		r, err := New(b, &fakeCamera{}, &fakeMic{codes: []string{"TOO_QUIET", "OK", "OK", "OK"}}, dir, cfg, nil)
		require.NoError(t, err)
		r.SetJournal(j)
		return r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true}), dir, j
	}
	optional := Config{Face: true, Voice: true, VoiceOptional: true, MaxVoiceRefusals: 3}

	b := &fakeBackend{enrollFaces: []FaceEnrollment{{Enrolled: true}}, voiceSteps: refusals(), status: EnrollStatus{Face: true}}
	res, dir, j := run(b, optional)
	require.Nil(t, res.Error)
	assert.Equal(t, OutcomeEnrolled, res.Outcome)
	assert.True(t, res.OK)
	assert.Equal(t, "0123456789abcdef01234567", res.UserID)
	assert.Equal(t, "enrolled", stepResults(res)[StepFace])
	assert.Equal(t, "no_usable_sample", stepResults(res)[StepVoice])
	assert.Equal(t, "confirmed", stepResults(res)[StepConfirm], "the face alone is confirmed")
	assert.Equal(t, "bound", stepResults(res)[StepBind])
	assert.Empty(t, b.deleted, "the user and its face stay")
	assert.Equal(t, []string{"0123456789abcdef01234567"}, b.restarted, "the open voice dialogue is closed")
	assert.Equal(t, "0123456789abcdef01234567", dir["42"])
	assert.Empty(t, j.open, "the journal is settled")

	// The bank's voice (not optional): all or nothing.
	b = &fakeBackend{enrollFaces: []FaceEnrollment{{Enrolled: true}}, voiceSteps: refusals(), status: EnrollStatus{Face: true}}
	required := optional
	required.VoiceOptional = false
	res, dir, _ = run(b, required)
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Equal(t, CodeVoiceAttempts, res.Error.Code)
	assert.Equal(t, []string{"0123456789abcdef01234567"}, b.deleted)
	assert.Empty(t, dir)

	// A server fault on the optional voice still fails the registration.
	b = &fakeBackend{enrollFaces: []FaceEnrollment{{Enrolled: true}}, submitErr: codeErr("SERVER_UNREACHABLE"), status: EnrollStatus{Face: true}}
	res, _, _ = run(b, optional)
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Equal(t, Code("SERVER_UNREACHABLE"), res.Error.Code)
	assert.Equal(t, []string{"0123456789abcdef01234567"}, b.deleted)

	// A voice the server ends unsuccessfully is no "unusable sample".
	b = &fakeBackend{enrollFaces: []FaceEnrollment{{Enrolled: true}}, voiceSteps: []VoiceStep{{Done: true, Success: false}}, status: EnrollStatus{Face: true}}
	res, _, _ = run(b, optional)
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Equal(t, []string{"0123456789abcdef01234567"}, b.deleted)
}
