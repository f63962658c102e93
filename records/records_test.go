package records

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sub", FileName)
	s, err := Open(t.Context(), p)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, p
}

func TestDirectory(t *testing.T) {
	s, p := openTemp(t)
	ctx := t.Context()
	_, ok, err := s.Lookup(ctx, "42")
	require.NoError(t, err)
	assert.False(t, ok)

	_, taken, err := s.Reserve(ctx, "42", "session")
	require.NoError(t, err)
	require.False(t, taken)
	require.NoError(t, s.Bind(ctx, "42", "session", "bbbbbbbbbbbbbbbbbbbbbbbb"))
	id, ok, err := s.Lookup(ctx, "42")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "bbbbbbbbbbbbbbbbbbbbbbbb", id)

	// Survives reopening.
	require.NoError(t, s.Close())
	s2, err := Open(ctx, p)
	require.NoError(t, err)
	defer s2.Close()
	id, ok, err = s2.Lookup(ctx, "42")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "bbbbbbbbbbbbbbbbbbbbbbbb", id)

	require.NoError(t, s2.Forget(ctx, "42"))
	_, ok, err = s2.Lookup(ctx, "42")
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestSessionsNewestFirst(t *testing.T) {
	s, _ := openTemp(t)
	ctx := t.Context()
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for i, outcome := range []string{"ENROLLED", "FAILED", "VERIFIED"} {
		require.NoError(t, s.Log(ctx, Session{
			StartedAt: t0.Add(time.Duration(i) * time.Minute), Flow: "enroll", Outcome: outcome,
			Steps: []Step{{Step: "face", Result: "enrolled", Attempts: i + 1, MS: 120}}, MS: 900,
		}))
	}
	got, err := s.Latest(ctx, 2)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "VERIFIED", got[0].Outcome)
	assert.Equal(t, "FAILED", got[1].Outcome)
	assert.Equal(t, 2, got[1].Steps[0].Attempts)
	assert.True(t, got[0].StartedAt.Equal(t0.Add(2*time.Minute)))
}

func TestOpenBadPath(t *testing.T) {
	_, err := Open(t.Context(), "/proc/nope/records.db")
	assert.Error(t, err)
}

// A refusal's score (a liveness score of 0.45) survives the audit log.
func TestSessionKeepsRefusalScores(t *testing.T) {
	s, _ := openTemp(t)
	score := 0.45
	require.NoError(t, s.Log(t.Context(), Session{StartedAt: time.Now(), Flow: "enroll", Outcome: "FAILED", ErrorCode: "FACE_ATTEMPTS_EXHAUSTED",
		Steps: []Step{{Step: "face", Result: "refused", Attempts: 1, Refusals: []Refusal{{Attempt: 1, Code: "LIVENESS_FAILED", Score: &score}}}}}))
	got, err := s.Latest(t.Context(), 1)
	require.NoError(t, err)
	require.Len(t, got[0].Steps[0].Refusals, 1)
	r := got[0].Steps[0].Refusals[0]
	assert.Equal(t, "LIVENESS_FAILED", r.Code)
	require.NotNil(t, r.Score)
	assert.InDelta(t, 0.45, *r.Score, 1e-9)
}

// The kiosk's own records file maps customer numbers to user ids and
// holds the audit log: its owner alone reads it, also when an older
// version left it readable by all, and so do its WAL files.
func TestSQLiteFileIsPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "records.db")
	// An older version's kiosk, still running, left a WAL readable by all.
	old, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	require.NoError(t, err)
	t.Cleanup(func() { old.Close() })
	_, err = old.Exec("CREATE TABLE before (x INTEGER); INSERT INTO before VALUES (1)")
	require.NoError(t, err)
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		require.NoError(t, os.Chmod(name, 0o644))
	}
	s, err := Open(t.Context(), path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	require.NoError(t, s.Log(t.Context(), Session{UID: "s1", StartedAt: time.Now(), KioskID: "k1", Flow: "enroll", Outcome: "ENROLLED", Steps: []Step{}}))
	for _, name := range []string{"records.db", "records.db-wal", "records.db-shm"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err, name)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), name)
	}
}
