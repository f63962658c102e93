package flow

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowBackend answers Create User only when its context ends (a server
// that takes forever, each call within its own timeout).
type slowBackend struct{ fakeBackend }

func (b *slowBackend) EnrollFace(ctx context.Context, _ string, _ Photo, _ string) (FaceEnrollment, error) {
	b.record("enroll-face")
	<-ctx.Done()
	return FaceEnrollment{}, ctx.Err()
}

// TestFlowDeadlineBoundsTheWhole: activity keeps the idle timer alive,
// but the flow as a whole ends at its deadline, FAILED with
// FLOW_DEADLINE, and what it created is deleted.
func TestFlowDeadlineBoundsTheWhole(t *testing.T) {
	b := &slowBackend{}
	j := newJournal()
	r, err := New(b, &fakeCamera{}, nil, nil, Config{Face: true, IdleTimeout: time.Minute, Deadline: 100 * time.Millisecond}, nil)
	require.NoError(t, err)
	r.SetJournal(j)
	t0 := time.Now()
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true})
	assert.Less(t, time.Since(t0), 5*time.Second)
	assert.Equal(t, OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.Equal(t, CodeFlowDeadline, res.Error.Code)
	assert.Equal(t, []string{"0123456789abcdef01234567"}, b.deleted, "the unfinished user is deleted")
	assert.Empty(t, j.open)

	r, err = New(&fakeBackend{}, &fakeCamera{}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	assert.Equal(t, 2*time.Minute, r.cfg.Deadline, "the default")
}

// TestRefusalScoresAreKept: a refusal's score (Verifik's
// liveness_failed@0.45) is in the step's report, the result's JSON and the
// error's detail.
func TestRefusalScoresAreKept(t *testing.T) {
	s1, s2 := 0.45, 0.31
	b := &fakeBackend{enrollFaces: []FaceEnrollment{
		{Refused: CodeLivenessFailed, Reason: "liveness score 0.45 is not above the minimum", RefusedScore: &s1},
		{Refused: CodeLivenessFailed, RefusedScore: &s2},
	}}
	evs, sink := collect()
	r, err := New(b, &fakeCamera{}, nil, nil, Config{Face: true, MaxFaceAttempts: 2}, sink)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "42", Consent: true})
	require.NotNil(t, res.Error)
	assert.Equal(t, CodeFaceAttempts, res.Error.Code)
	assert.Contains(t, res.Error.Detail, "score 0.31")
	var face *StepReport
	for i := range res.Steps {
		if res.Steps[i].Step == StepFace {
			face = &res.Steps[i]
		}
	}
	require.NotNil(t, face)
	require.Len(t, face.Refusals, 2)
	assert.Equal(t, Refusal{Attempt: 1, Code: CodeLivenessFailed, Score: &s1}, face.Refusals[0])
	b2, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(b2), `"refusals":[{"attempt":1,"code":"LIVENESS_FAILED","score":0.45}`)
	var refused []SampleRefused
	for _, e := range *evs {
		if sr, ok := e.(SampleRefused); ok {
			refused = append(refused, sr)
		}
	}
	require.Len(t, refused, 2)
	require.NotNil(t, refused[0].Score)
	assert.InDelta(t, 0.45, *refused[0].Score, 1e-9)
}

// refusingDir refuses every reservation with its own code.
type refusingDir struct{ mapDir }

func (refusingDir) Reserve(context.Context, string, string) (string, bool, error) {
	return "", false, &Error{Code: "DIRECTORY_NOT_SHARED", Detail: "per-kiosk directory"}
}

// TestDirectoryRefusalKeepsItsCode: a directory that refuses to reserve
// ends the registration with its own code, before anything is created.
func TestDirectoryRefusalKeepsItsCode(t *testing.T) {
	b := &fakeBackend{}
	r, err := New(b, &fakeCamera{}, nil, refusingDir{mapDir{}}, Config{Face: true}, nil)
	require.NoError(t, err)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "dupX", Consent: true})
	assert.Equal(t, OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.Equal(t, Code("DIRECTORY_NOT_SHARED"), res.Error.Code)
	assert.Equal(t, StepReserve, res.Error.Step)
	assert.NotContains(t, b.calls, "create:dupX:", "nothing is created")
}

// lazyBackend creates its users with their first accepted enrolment, on
// ids the server keeps unique (BioPass ID with derived CustomIDs).
type lazyBackend struct {
	fakeBackend
	enrollErr error
}

func (b *lazyBackend) CreatesOnEnrolment() bool { return true }

func (b *lazyBackend) EnrollFace(ctx context.Context, id string, p Photo, lid string) (FaceEnrollment, error) {
	if b.enrollErr != nil {
		b.record("enroll-face")
		return FaceEnrollment{}, b.enrollErr
	}
	return b.fakeBackend.EnrollFace(ctx, id, p, lid)
}

// TestLazyUserIsOwnedOnlyOnceEnrolled: an id the server refuses as taken
// ends ALREADY_REGISTERED and is never deleted (it is someone else's); a
// user is journalled and undone only once an enrolment was accepted.
func TestLazyUserIsOwnedOnlyOnceEnrolled(t *testing.T) {
	taken := &lazyBackend{enrollErr: codeErr(CodeAlreadyRegistered)}
	j := newJournal()
	r, err := New(taken, &fakeCamera{}, nil, mapDir{}, Config{Face: true}, nil)
	require.NoError(t, err)
	r.SetJournal(j)
	res := r.Register(t.Context(), RegisterRequest{CustomerNumber: "dupX", Consent: true})
	assert.Equal(t, OutcomeAlreadyRegistered, res.Outcome)
	assert.Empty(t, res.UserID)
	assert.Empty(t, taken.deleted, "another person's id is never deleted")
	assert.Empty(t, j.open)

	refused := &lazyBackend{fakeBackend: fakeBackend{enrollFaces: []FaceEnrollment{{Refused: "FAILED_TO_EXTRACT_FACE_TEMPLATE"}}}}
	r, err = New(refused, &fakeCamera{}, nil, nil, Config{Face: true, MaxFaceAttempts: 1}, nil)
	require.NoError(t, err)
	r.SetJournal(j)
	res = r.Register(t.Context(), RegisterRequest{CustomerNumber: "n1", Consent: true})
	assert.Equal(t, OutcomeFailed, res.Outcome)
	assert.Empty(t, refused.deleted, "nothing was created")

	ok := &lazyBackend{fakeBackend: fakeBackend{enrollFaces: []FaceEnrollment{{Enrolled: true}}, status: EnrollStatus{Face: true}}}
	r, err = New(ok, &fakeCamera{}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	r.SetJournal(j)
	res = r.Register(t.Context(), RegisterRequest{CustomerNumber: "n2", Consent: true})
	assert.Equal(t, OutcomeEnrolled, res.Outcome, "%+v", res.Error)
	assert.Empty(t, j.open, "settled")
}
