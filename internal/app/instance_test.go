package app

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

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
