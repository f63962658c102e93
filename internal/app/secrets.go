package app

import (
	"errors"
	"fmt"

	"github.com/zalando/go-keyring"
)

// keyringService names biokiosk's entries in the OS keyring (the Secret
// Service on Linux, the Credential Manager on Windows). Each entry is
// keyed by the client key it is the secret of.
const keyringService = "biokiosk"

// KeyringSecret returns the client secret stored for key, or "" when
// there is none or no keyring is available.
func KeyringSecret(key string) string {
	if key == "" {
		return ""
	}
	s, err := keyring.Get(keyringService, key)
	if err != nil {
		return ""
	}
	return s
}

// StoreSecret keeps the client secret for key in the OS keyring.
func StoreSecret(key, secret string) error {
	if key == "" {
		return errors.New("set the client key before its secret")
	}
	if err := keyring.Set(keyringService, key, secret); err != nil {
		return fmt.Errorf("no OS keyring available (%w): set BIOKIOSK_SECRET, or the secret in the config file with chmod 600", err)
	}
	return nil
}
