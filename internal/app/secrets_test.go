package app

import (
	"biokiosk/config"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"
)

// The GUI keeps the secret in the OS keyring; the CLI finds it there when
// flags, environment and config file have none.
func TestSecretFromTheKeyring(t *testing.T) {
	keyring.MockInit()
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(t.TempDir(), "c.json"))
	t.Setenv("BIOKIOSK_SERVER", "https://api.example")
	t.Setenv("BIOKIOSK_KEY", "kiosk-7")
	t.Setenv("BIOKIOSK_SECRET", "")
	require.NoError(t, ConfigStore{}.SaveSecret("kiosk-7", "s3cret"))
	srv, err := ResolveServer(config.Flags{})
	require.NoError(t, err)
	assert.Equal(t, "s3cret", srv.Secret)
	t.Setenv("BIOKIOSK_SECRET", "from-env")
	srv, err = ResolveServer(config.Flags{})
	require.NoError(t, err)
	assert.Equal(t, "from-env", srv.Secret, "the environment wins over the keyring")
	assert.Error(t, StoreSecret("", "x"))
}
