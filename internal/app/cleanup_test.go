package app

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/records"
)

// TestSweepDropsWhatCanNeverSettle: a journalled user id that is
// malformed (an older version stored a server's ../../users/x?y=1#) is
// dropped with a count, not retried forever; a good one is deleted.
func TestSweepDropsWhatCanNeverSettle(t *testing.T) {
	var deleted []string
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deleted = append(deleted, r.Method+" "+r.URL.EscapedPath())
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":true,"data":{"message":"USER_REMOVED_WITH_SUCCESS"}}`))
	}))
	t.Cleanup(hs.Close)
	c, err := biometrics.New(hs.URL, biometrics.WithCredentials("k", "s"))
	require.NoError(t, err)
	store, err := records.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	j := store.Journal("biometrid test")
	for _, id := range []string{"../../users/x?y=1#", "59147e5afdda9b0ac0f5e31f"} {
		require.NoError(t, j.Created(t.Context(), id, "42", "holder"))
		require.NoError(t, j.Pending(t.Context(), id, "deletion failed"))
	}
	a := New(Settings{})
	t.Cleanup(a.Close)
	rep, err := a.sweep(t.Context(), adapters.BiometrID{C: c}, store, j)
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Dropped)
	assert.Equal(t, 1, rep.Deleted)
	assert.Empty(t, rep.Left, "nothing is left that no retry can settle")
	assert.Equal(t, []string{"DELETE /api/1.0/users/59147e5afdda9b0ac0f5e31f"}, deleted)
	assert.Contains(t, rep.String(), "1 entries with a malformed user id dropped")
}

// TestKioskOnItsOwnDirectoryRefusesToRegister: a kiosk on a configured
// server with a SQLite directory refuses registrations unless the site
// is declared single-kiosk; staff, the CLI and the embedded sandbox do not.
func TestKioskOnItsOwnDirectoryRefusesToRegister(t *testing.T) {
	store, err := records.Open(t.Context(), filepath.Join(t.TempDir(), "r.db"))
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	kiosk := New(Settings{Kiosk: true})
	t.Cleanup(kiosk.Close)
	staff := New(Settings{})
	t.Cleanup(staff.Close)

	dir := kiosk.directory(store, false, config.File{})
	_, _, err = dir.Reserve(t.Context(), "dupX", "tok")
	var fe *flow.Error
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, flow.CodeDirectoryNotShared, fe.Code)
	_, ok, err := dir.Lookup(t.Context(), "dupX")
	require.NoError(t, err, "look-ups (verification) still work")
	assert.False(t, ok, "nothing was reserved")

	for name, d := range map[string]flow.Directory{
		"single_kiosk":     kiosk.directory(store, false, config.File{SingleKiosk: true}),
		"embedded sandbox": kiosk.directory(store, true, config.File{}),
		"staff":            staff.directory(store, false, config.File{}),
	} {
		_, taken, err := d.Reserve(t.Context(), "n-"+name, "tok")
		assert.NoError(t, err, name)
		assert.False(t, taken, name)
	}
}

// The audit log's steps keep a refusal's code and score (Verifik's
// liveness_failed@0.45), as `biokiosk sessions --json` shows them.
func TestSessionOfKeepsRefusalScores(t *testing.T) {
	score := 0.45
	s := SessionOf(flow.Result{Flow: "enroll", Outcome: flow.OutcomeFailed, Error: &flow.Error{Code: flow.CodeFaceAttempts},
		Steps: []flow.StepReport{{Step: flow.StepFace, Result: "refused", Attempts: 1,
			Refusals: []flow.Refusal{{Attempt: 1, Code: flow.CodeLivenessFailed, Score: &score}}}}}, "k1", time.Now())
	require.Len(t, s.Steps, 1)
	require.Len(t, s.Steps[0].Refusals, 1)
	assert.Equal(t, string(flow.CodeLivenessFailed), s.Steps[0].Refusals[0].Code)
	require.NotNil(t, s.Steps[0].Refusals[0].Score)
	assert.InDelta(t, 0.45, *s.Steps[0].Refusals[0].Score, 1e-9)
}
