package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// IT configures the fleet once in the system file; a user's file wins
// field by field; flags and the environment win over both.
func TestSystemConfigUnderTheUsers(t *testing.T) {
	dir := t.TempDir()
	sys, user := filepath.Join(dir, "etc.json"), filepath.Join(dir, "user.json")
	require.NoError(t, os.WriteFile(sys, []byte(`{"server":"https://api.bank.example","backend":"verifik","kiosk_id":"branch-214","directory_dsn":"postgres://biokiosk@db/biokiosk"}`), 0o644))
	env := map[string]string{EnvSystemConfig: sys, EnvConfig: user}
	getenv := envOf(env)

	f, err := LoadEffective(getenv)
	require.NoError(t, err)
	assert.Equal(t, "https://api.bank.example", f.Server, "no user file: the system's")
	assert.Equal(t, "branch-214", f.KioskID)

	require.NoError(t, os.WriteFile(user, []byte(`{"backend":"biometrid","key":"k","secret":"s"}`), 0o600))
	f, err = LoadEffective(getenv)
	require.NoError(t, err)
	assert.Equal(t, "biometrid", f.Backend, "the user's field wins")
	assert.Equal(t, "https://api.bank.example", f.Server, "the system's fills the rest")
	assert.Equal(t, "s", f.Secret)
	env[EnvServer] = "https://other.example"
	assert.Equal(t, "https://other.example", Resolve(Flags{}, getenv, f).URL, "the environment wins over both files")
	assert.Equal(t, "https://flag.example", Resolve(Flags{Server: "https://flag.example"}, getenv, f).URL)

	// A secret in the world-readable system file is refused.
	require.NoError(t, os.WriteFile(sys, []byte(`{"secret":"s3cret"}`), 0o644))
	_, err = LoadEffective(getenv)
	assert.ErrorContains(t, err, "holds a secret")
	assert.NotContains(t, err.Error(), "s3cret")

	// The API key in a world-readable system file is refused too; the
	// fleet's way is a file the kiosk's group reads (0640).
	require.NoError(t, os.WriteFile(sys, []byte(`{"key":"fleet-key"}`), 0o644))
	require.NoError(t, os.Chmod(sys, 0o644))
	_, err = LoadEffective(getenv)
	assert.ErrorContains(t, err, "holds the API key and every user can read it")
	assert.NotContains(t, err.Error(), "fleet-key")
	require.NoError(t, os.Chmod(sys, 0o640))
	f, err = LoadEffective(getenv)
	require.NoError(t, err)
	assert.Equal(t, "k", f.Key, "the user's key wins")

	// No system file at all is fine.
	env[EnvSystemConfig] = filepath.Join(dir, "none.json")
	_, err = LoadEffective(getenv)
	require.NoError(t, err)
}

// The voice sample counts, which the vendor does not document, come from
// the files (the user's over the system's); unset or negative is unknown.
func TestVoiceSamplesFromTheFiles(t *testing.T) {
	dir := t.TempDir()
	sys, user := filepath.Join(dir, "etc.json"), filepath.Join(dir, "user.json")
	require.NoError(t, os.WriteFile(sys, []byte(`{"server":"https://api.bank.example","voice_samples":3,"voice_verify_samples":1}`), 0o644))
	getenv := envOf(map[string]string{EnvSystemConfig: sys, EnvConfig: user})
	f, err := LoadEffective(getenv)
	require.NoError(t, err)
	s := Resolve(Flags{}, getenv, f)
	assert.Equal(t, 3, s.VoiceSamples)
	assert.Equal(t, 1, s.VoiceVerifySamples)

	require.NoError(t, os.WriteFile(user, []byte(`{"voice_samples":5,"voice_verify_samples":-1}`), 0o600))
	f, err = LoadEffective(getenv)
	require.NoError(t, err)
	s = Resolve(Flags{}, getenv, f)
	assert.Equal(t, 5, s.VoiceSamples, "the user's file wins")
	assert.Zero(t, s.VoiceVerifySamples, "a negative count is unknown")
}
