package staffpin

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Five wrong PINs lock the prompt, and a restart (a new Store on the same
// file, as after the unit restarted the kiosk) does not reopen it or
// reset the count; each lock-out lasts twice the one before.
func TestLockoutSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "biokiosk", FileName)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s := &Store{Path: path, Now: clock, Iterations: testIterations}
	require.NoError(t, s.Set("1357"))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	for range MaxFailures - 1 {
		ok, _, err := s.Check("0000")
		require.NoError(t, err)
		assert.False(t, ok)
	}
	restarted := &Store{Path: path, Now: clock, Iterations: testIterations}
	ok, locked, err := restarted.Check("0001")
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, FirstLockout, locked, "the fifth guess, after a restart, still locks")

	restarted = &Store{Path: path, Now: clock, Iterations: testIterations}
	ok, left, err := restarted.Check("1357")
	assert.ErrorIs(t, err, ErrLocked)
	assert.False(t, ok, "not even the right PIN while locked")
	assert.Equal(t, FirstLockout, left)

	now = now.Add(FirstLockout)
	for range MaxFailures {
		_, locked, err = restarted.Check("0002")
		require.NoError(t, err)
	}
	assert.Equal(t, 2*FirstLockout, locked, "doubles")
	d, err := (&Store{Path: path, Now: clock, Iterations: testIterations}).Locked()
	require.NoError(t, err)
	assert.Equal(t, 2*FirstLockout, d)

	now = now.Add(2 * FirstLockout)
	ok, _, err = restarted.Check("1357")
	require.NoError(t, err)
	assert.True(t, ok)
	for range MaxFailures - 1 {
		_, locked, _ = restarted.Check("0003")
	}
	assert.Zero(t, locked, "a right PIN resets the count")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "1357")
}

// The delays grow but stop at MaxLockout.
func TestLockoutIsCapped(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	s := &Store{Now: func() time.Time { return now }, Iterations: testIterations}
	require.NoError(t, s.SetHash("pbkdf2-sha256$1$00$00"))
	var locked time.Duration
	for range 20 * MaxFailures {
		_, l, err := s.Check("1")
		if err == nil && l > 0 {
			locked = l
			now = now.Add(l)
		}
	}
	assert.Equal(t, MaxLockout, locked)
}

// testIterations keeps the tests fast: 600 000 iterations take 2 to 8 s
// each under the race detector on the build machine.
const testIterations = 1000

// New hashes use OWASP's figure for PBKDF2-HMAC-SHA-256.
func TestHashAtTodaysFigure(t *testing.T) {
	assert.Equal(t, 600_000, Iterations)
	assert.Equal(t, Iterations, (&Store{}).iterations(), "the default of a Store")
	h, err := hashWith("2580", testIterations)
	require.NoError(t, err)
	parts := strings.Split(h, "$")
	require.Len(t, parts, 4)
	assert.Equal(t, []string{"pbkdf2-sha256", "1000"}, parts[:2])
	assert.Len(t, parts[2], 32, "16 bytes of salt")
	assert.Len(t, parts[3], 64, "32 bytes of key")
}

// A hash of the older format (100 000 iterations) is still accepted and
// is rewritten in today's format, at the Store's figure, on the first
// right PIN.
func TestLegacyHashMigrates(t *testing.T) {
	salt := []byte("0123456789abcdef")
	key, err := pbkdf2.Key(sha256.New, "8642", salt, legacyIterations, 32)
	require.NoError(t, err)
	old := hex.EncodeToString(salt) + "$" + hex.EncodeToString(key)
	s := &Store{Path: filepath.Join(t.TempDir(), FileName), Iterations: testIterations}
	require.NoError(t, s.SetHash(old))
	ok, _, err := s.Check("8642")
	require.NoError(t, err)
	assert.True(t, ok)
	st, err := s.load()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(st.Hash, "pbkdf2-sha256$1000$"), st.Hash)
	assert.True(t, Matches(st.Hash, "8642"))
	assert.False(t, Matches(st.Hash, "8643"))
}
