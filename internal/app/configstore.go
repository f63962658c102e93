package app

import (
	"fmt"
	"os"

	"biokiosk/config"
	"biokiosk/ui"
)

// ConfigStore keeps the GUI's server settings in the config file the
// command line reads (the secret goes to the OS keyring, never a file);
// each save makes the App resolve its server settings again.
type ConfigStore struct{ a *App }

var _ ui.ServerStore = ConfigStore{}

// ConfigStore returns the App's ui.ServerStore.
func (a *App) ConfigStore() ConfigStore { return ConfigStore{a} }

// LoadServer implements ui.ServerStore: what the settings screen shows
// (the system-wide file's values under the user's). Saving writes the
// user's file only.
func (ConfigStore) LoadServer() (string, string, string) {
	f, err := config.LoadEffective(os.Getenv)
	if err != nil {
		return "", "", ""
	}
	return f.Server, f.APIVersion, f.Key
}

// SaveSecret implements ui.ServerStore: the secret goes to the OS keyring.
func (c ConfigStore) SaveSecret(key, secret string) error {
	if err := StoreSecret(key, secret); err != nil {
		return err
	}
	c.reload()
	return nil
}

// SaveServer implements ui.ServerStore.
func (c ConfigStore) SaveServer(url, version, key string) error {
	path, err := config.Path(os.Getenv)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	f, err := config.Load(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	f.Server, f.APIVersion, f.Key = url, version, key
	if err := config.Save(path, f); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	c.reload()
	return nil
}

func (c ConfigStore) reload() {
	if c.a != nil {
		c.a.Reload()
	}
}
