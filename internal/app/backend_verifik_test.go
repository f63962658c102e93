package app

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A Verifik back end without a token or project fails clearly.
func TestVerifikBackendNeedsItsSettings(t *testing.T) {
	_, err := newVerifik("https://api.verifik.co", verifikSettings{Token: "x.y.z"}, 0)
	assert.ErrorContains(t, err, EnvVerifikProject)
	_, err = newVerifik("https://api.verifik.co", verifikSettings{Token: "not-a-jwt", Project: "p", Flow: "f"}, 0)
	assert.ErrorContains(t, err, "not a JWT")
}

// After a restart, the token renewed into the keyring wins over the
// (older, maybe expired) one still in the environment, and the other way
// round; a token without a readable exp loses.
func TestVerifikTokenWithTheLaterExpiryWins(t *testing.T) {
	jwt := func(d time.Duration) string {
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"HS256"}`)) + "." + enc([]byte(fmt.Sprintf(`{"exp":%d}`, time.Now().Add(d).Unix()))) + ".c2ln"
	}
	old, renewed := jwt(-time.Hour), jwt(30*24*time.Hour)
	env := func(tok string) func(string) string {
		return func(k string) string {
			if k == EnvVerifikToken {
				return tok
			}
			return ""
		}
	}
	assert.Equal(t, renewed, verifikSettingsFrom(env(old), renewed).Token)
	assert.Equal(t, renewed, verifikSettingsFrom(env(renewed), old).Token)
	assert.Equal(t, renewed, verifikSettingsFrom(env("garbage"), renewed).Token)
	assert.Equal(t, renewed, verifikSettingsFrom(env(renewed), "garbage").Token)
	assert.Equal(t, old, verifikSettingsFrom(env(""), old).Token)
	assert.Equal(t, old, verifikSettingsFrom(env(old), "").Token)
}
