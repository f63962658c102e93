package app

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"biokiosk/biometrics"
	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/records"
	"biokiosk/ui"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The instance id is made once (0600) and kept; processes starting
// together agree on one; a state dir copied to another machine gets a
// new one there.
func TestInstanceIDIsMadeOnceAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := loadInstanceID(dir, "machine-a")
			assert.NoError(t, err)
			ids[i] = id
		}()
	}
	wg.Wait()
	for _, id := range ids {
		assert.Equal(t, ids[0], id, "one id for processes starting together")
	}
	assert.True(t, validID(ids[0]))
	fi, err := os.Stat(filepath.Join(dir, instanceFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	again, err := loadInstanceID(dir, "machine-a")
	require.NoError(t, err)
	assert.Equal(t, ids[0], again, "kept across starts")
	clone, err := loadInstanceID(dir, "machine-b")
	require.NoError(t, err)
	assert.NotEqual(t, ids[0], clone, "a copied state dir on another machine")
	kept, err := loadInstanceID(dir, "machine-b")
	require.NoError(t, err)
	assert.Equal(t, clone, kept)

	a := New(Settings{StateDir: filepath.Join(t.TempDir(), "other")})
	t.Cleanup(a.Close)
	id, err := a.InstanceID()
	require.NoError(t, err)
	assert.NotEqual(t, ids[0], id, "another install")
}

// A kiosk that keeps running deletes the user a dead kiosk left (its
// lease ended) and frees its number, without waiting for a restart.
func TestRunningKioskCleansUpAfterADeadOne(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	a := New(Settings{Server: ServerSettings{Timeout: biometrics.DefaultTimeout}, Records: filepath.Join(dir, "records.db"), StateDir: t.TempDir()})
	a.heartbeatEvery, a.sweepEvery = 100*time.Millisecond, 300*time.Millisecond
	t.Cleanup(a.Close)
	ctx := context.Background()
	_, closeRunner, err := a.NewRunner(ctx, RunnerSpec{Session: ui.Session{Flow: flow.Config{Face: true}, Camera: facetest.PNG(t, "obama.jpg")}})
	require.NoError(t, err)
	t.Cleanup(closeRunner)

	// What a kiosk of another install left when it died (no lease).
	store, err := a.Records(ctx)
	require.NoError(t, err)
	srv, sb, err := a.Server(ctx)
	require.NoError(t, err)
	b, err := a.Backend(ctx, nil)
	require.NoError(t, err)
	user, err := b.CreateUser(ctx, "ref-dead", "")
	require.NoError(t, err)
	token := "k:0123456789abcdef0123456789abcdef:0123456789ab:4194000:7/r1"
	owner, taken, err := store.Reserve(ctx, "ref-dead", token)
	require.NoError(t, err)
	require.False(t, taken, owner)
	j := store.Journal(journalKey(srv, sb != nil))
	require.NoError(t, j.Created(ctx, user, "ref-dead", token))

	require.Eventually(t, func() bool {
		left, err := j.All(ctx)
		return err == nil && len(left) == 0
	}, 10*time.Second, 100*time.Millisecond, "the running kiosk never cleaned up")
	c, err := sb.sb.Census(ctx)
	require.NoError(t, err)
	assert.NotContains(t, c.Users, user, "the dead kiosk's user is gone from the server")
	owner, taken, err = store.Reserve(ctx, "ref-dead", records.Holder("x")+"/r2")
	require.NoError(t, err)
	assert.False(t, taken, "the number is free: %q", owner)
}
