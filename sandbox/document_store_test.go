package sandbox

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newTestDocuments is a document service on an in-memory database with
// retention keep; it needs neither Tesseract nor the face models as long
// as nothing is validated.
func newTestDocuments(t *testing.T, keep retention) *documents {
	t.Helper()
	db, err := openStore(context.Background(), "")
	require.NoError(t, err)
	d, err := newDocumentsKeeping(context.Background(), db, nil, "", slog.New(slog.NewTextHandler(io.Discard, nil)), keep)
	require.NoError(t, err)
	t.Cleanup(func() { d.close(); db.close() })
	return d
}

// processRows counts the process table's rows, hidden or not.
func processRows(t *testing.T, d *documents) int {
	t.Helper()
	var n int
	require.NoError(t, d.db.db.QueryRow(`SELECT COUNT(*) FROM document_processes`).Scan(&n))
	return n
}

// A result's time to live counts from the end of its work, to the
// nanosecond: a work that took longer than the TTL still leaves its
// result to fetch, and a sub-second cutoff is ordered right.
func TestPoolResultTTLCountsFromTheEndOfTheWork(t *testing.T) {
	keep := retention{ttl: 10 * time.Minute, grace: 2 * time.Minute, sweep: time.Hour}
	d := newTestDocuments(t, keep)
	ctx := context.Background()
	t0 := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC) // a whole second
	end := t0.Add(keep.ttl + time.Minute)              // the work outlived the TTL
	for _, id := range []string{"a", "b", "c"} {
		require.NoError(t, d.db.startProcess(ctx, id, "k", t0))
		require.NoError(t, d.db.finishProcess(ctx, id, 200, []byte(`{"status":true}`), end))
	}

	done, code, body, err := d.db.takeProcess(ctx, "a", "k", end.Add(time.Second), keep)
	require.NoError(t, err, "fetched a second after the work ended")
	assert.True(t, done)
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"status":true}`, string(body))

	_, _, _, err = d.db.takeProcess(ctx, "b", "k", end.Add(keep.ttl-time.Nanosecond), keep)
	assert.NoError(t, err, "a nanosecond before the TTL")
	_, _, _, err = d.db.takeProcess(ctx, "c", "k", end.Add(keep.ttl+500*time.Millisecond), keep)
	assert.ErrorIs(t, err, errNotFound, "half a second past the TTL (RFC 3339 strings order …:00Z after …:00.5Z)")

	// Unfinished, the TTL counts from the start (the row holds no data).
	require.NoError(t, d.db.startProcess(ctx, "run", "k", t0))
	done, _, _, err = d.db.takeProcess(ctx, "run", "k", t0.Add(keep.ttl-time.Second), keep)
	require.NoError(t, err)
	assert.False(t, done)
	_, _, _, err = d.db.takeProcess(ctx, "run", "k", t0.Add(keep.ttl+time.Second), keep)
	assert.ErrorIs(t, err, errNotFound)
	_, _, _, err = d.db.takeProcess(ctx, "c", "other-client", end, keep)
	assert.ErrorIs(t, err, errNotFound, "another client's process")

	n, err := d.db.sweepProcesses(ctx, end.Add(keep.ttl+500*time.Millisecond), keep)
	require.NoError(t, err)
	assert.Equal(t, int64(4), n, "every one past its TTL, fetched or not")
	assert.Zero(t, processRows(t, d))
}

// A fetched result is answered again, the same, for the grace period
// after its first fetch (a poll retried after a lost answer), then
// refused and deleted.
func TestPoolFetchedResultKeptForTheGracePeriod(t *testing.T) {
	keep := retention{ttl: 10 * time.Minute, grace: 2 * time.Minute, sweep: time.Hour}
	d := newTestDocuments(t, keep)
	ctx := context.Background()
	t0 := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	require.NoError(t, d.db.startProcess(ctx, "p", "k", t0))
	require.NoError(t, d.db.finishProcess(ctx, "p", 200, []byte(`{"n":1}`), t0.Add(time.Second)))
	first := t0.Add(time.Minute)
	for _, at := range []time.Time{first, first.Add(time.Second), first.Add(keep.grace - time.Nanosecond)} {
		done, code, body, err := d.db.takeProcess(ctx, "p", "k", at, keep)
		require.NoError(t, err, "%v after the first fetch", at.Sub(first))
		assert.True(t, done)
		assert.Equal(t, 200, code)
		assert.JSONEq(t, `{"n":1}`, string(body))
	}
	_, _, _, err := d.db.takeProcess(ctx, "p", "k", first.Add(keep.grace+time.Millisecond), keep)
	assert.ErrorIs(t, err, errNotFound, "past the grace period")
	n, err := d.db.sweepProcesses(ctx, first.Add(keep.grace-time.Second), keep)
	require.NoError(t, err)
	assert.Zero(t, n, "within the grace period")
	n, err = d.db.sweepProcesses(ctx, first.Add(keep.grace+time.Millisecond), keep)
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
}

// The janitor deletes an unfetched result (fields and images) once its
// TTL has passed, though nobody asks for it and no new process starts,
// and stops with close.
func TestPoolJanitorDeletesExpiredResults(t *testing.T) {
	keep := retention{ttl: 300 * time.Millisecond, grace: time.Hour, sweep: 20 * time.Millisecond}
	d := newTestDocuments(t, keep)
	ctx := context.Background()
	require.NoError(t, d.db.startProcess(ctx, "p", "k", time.Now()))
	require.NoError(t, d.db.finishProcess(ctx, "p", 200, []byte(`{"images":"…"}`), time.Now()))
	time.Sleep(keep.ttl / 2)
	assert.Equal(t, 1, processRows(t, d), "kept within its TTL")
	require.Eventually(t, func() bool { return processRows(t, d) == 0 }, 2*time.Second, 10*time.Millisecond, "the janitor deleted the expired result")

	d.close()
	old := time.Now().Add(-time.Hour)
	require.NoError(t, d.db.startProcess(ctx, "q", "k", old))
	require.NoError(t, d.db.finishProcess(ctx, "q", 200, nil, old))
	time.Sleep(5 * keep.sweep)
	assert.Equal(t, 1, processRows(t, d), "the janitor stopped with close")
}

// A new start drops what a previous run left, whatever the table's
// layout was.
func TestPoolProcessesDroppedOnStart(t *testing.T) {
	db, err := openStore(context.Background(), t.TempDir()+"/sandbox.db")
	require.NoError(t, err)
	defer db.close()
	_, err = db.db.Exec(`CREATE TABLE document_processes (id TEXT PRIMARY KEY, client TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0,
		code INTEGER NOT NULL DEFAULT 0, answer BLOB, created TEXT NOT NULL);
		INSERT INTO document_processes (id, client, created) VALUES ('old', 'k', '2024-01-01T00:00:00Z')`)
	require.NoError(t, err)
	require.NoError(t, db.openProcesses(context.Background()))
	var n int
	require.NoError(t, db.db.QueryRow(`SELECT COUNT(*) FROM document_processes`).Scan(&n))
	assert.Zero(t, n)
	require.NoError(t, db.startProcess(context.Background(), "new", "k", time.Now()), "the current layout")
}
