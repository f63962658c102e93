package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A machine is a fleet kiosk once IT installed a system config, or
// kiosk-setup marked the account; "backend": "sandbox" asks for the
// embedded sandbox (with BiometrID's API).
func TestFleetAndTheSandboxBackend(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	sys := filepath.Join(dir, "etc.json")
	getenv := envOf(map[string]string{EnvSystemConfig: sys})
	fleet, _ := Fleet(getenv)
	assert.False(t, fleet, "a developer's machine")

	require.NoError(t, os.WriteFile(sys, []byte(`{}`), 0o644))
	fleet, why := Fleet(getenv)
	assert.True(t, fleet)
	assert.Contains(t, why, sys)
	require.NoError(t, os.Remove(sys))

	m, err := FleetMarker()
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(m), 0o700))
	require.NoError(t, os.WriteFile(m, nil, 0o644))
	fleet, why = Fleet(getenv)
	assert.True(t, fleet)
	assert.Contains(t, why, "kiosk-setup")

	s := Resolve(Flags{}, envOf(nil), File{Backend: BackendSandbox, Server: "https://api.bank.example"})
	assert.True(t, s.Sandbox)
	assert.Equal(t, BackendBiometrID, s.Backend)
	assert.NotContains(t, s.String(), "api.bank.example")
	assert.False(t, Resolve(Flags{}, envOf(nil), File{Backend: BackendVerifik}).Sandbox)
}
