package app

import (
	"os"
	"path/filepath"
	"testing"

	"biokiosk/capture/audio/mic"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// PortAudio is initialised once per App, however many microphones are
// opened (and device lists taken), and terminated by Close.
func TestOneAudioHostPerApp(t *testing.T) {
	a := New(Settings{})
	opened := 0
	a.openHost = func() (*mic.Host, error) { opened++; return mic.OpenHost() }
	for range 3 {
		if _, err := a.Microphones(); err != nil {
			testfiles.Missing(t, "PortAudio unavailable: %v", err)
		}
		if src, closeMic, err := a.Mic("default", true); err == nil {
			_ = src
			closeMic()
		}
	}
	wav := testfiles.Path(t, "voice", "en.wav")
	_, closeWAV, err := a.Mic(wav, false)
	if err == nil {
		closeWAV()
	}
	assert.Equal(t, 1, opened, "one PortAudio initialisation for the process")
	a.Close()
	assert.Nil(t, a.host, "Close terminates PortAudio")
}

// Capabilities come from the settings resolved at start-up and at each
// save through ConfigStore, not from reading the config file on the call.
func TestCapabilitiesResolvedOnceAndOnSave(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.json")
	t.Setenv("BIOKIOSK_CONFIG", cfg)
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv(config.EnvServer, "")
	t.Setenv(config.EnvBackend, "")
	t.Setenv(config.EnvKey, "")
	t.Setenv(config.EnvSecret, "x") // no keyring look-up
	require.NoError(t, config.Save(cfg, config.File{Backend: config.BackendVerifik}))

	a := New(Settings{})
	defer a.Close()
	a.Reload() // as the GUI does at start-up
	verifik := CapabilitiesOf(config.BackendVerifik)
	require.NotEqual(t, flow.AllCapabilities, verifik)
	assert.Equal(t, verifik, a.Services().Capabilities())

	require.NoError(t, os.Remove(cfg)) // a call does not read the file again
	assert.Equal(t, verifik, a.Services().Capabilities())

	require.NoError(t, config.Save(cfg, config.File{Backend: config.BackendBiometrID}))
	require.NoError(t, a.ConfigStore().SaveServer("https://api.example", "1.0", "k"))
	assert.Equal(t, flow.AllCapabilities, a.Services().Capabilities(), "a save resolves again")
}
