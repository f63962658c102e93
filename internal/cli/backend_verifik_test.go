package cli

import (
	"encoding/base64"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"biokiosk/internal/facetest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The headless flows on the Verifik back end, on the embedded sandbox
// (which speaks Verifik too): face only, with 1:N search.
func TestVerifikBackendEndToEnd(t *testing.T) {
	dir := useEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")
	obama := facetest.PNG(t, "obama.jpg")

	code, r, errs := runFlowCLI(t, "enroll", "--backend", "verifik", "--reference-id", "vk-1", "--consent", "yes", "--camera", obama, "--no-voice", "--records", recordsDB)
	require.Equal(t, 0, code, "%+v\n%s", r, errs)
	assert.Equal(t, "ENROLLED", r.Outcome)
	assert.Len(t, r.UserID, 24)
	user := r.UserID

	code, r, _ = runFlowCLI(t, "verify", "--backend", "verifik", "--reference-id", "vk-1", "--camera", facetest.PNG(t, "obama_small.jpg"), "--records", recordsDB)
	assert.Equal(t, 0, code)
	assert.Equal(t, "VERIFIED", r.Outcome)
	assert.Equal(t, user, r.UserID)

	code, r, _ = runFlowCLI(t, "identify", "--backend", "verifik", "--camera", facetest.PNG(t, "obama-480p.jpg"), "--records", recordsDB)
	assert.Equal(t, 0, code, "%+v", r.Error)
	assert.Equal(t, "IDENTIFIED", r.Outcome)
	assert.Equal(t, user, r.UserID)

	code, r, _ = runFlowCLI(t, "enroll", "--backend", "verifik", "--reference-id", "vk-2", "--consent", "yes", "--camera", obama, "--records", recordsDB)
	assert.Equal(t, 1, code)
	assert.Equal(t, "ALREADY_ENROLLED", r.Outcome)
}

// A configured Verifik server without a token or project fails clearly.
func TestVerifikBackendNeedsItsSettings(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(dir, "none.json"))
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("BIOKIOSK_SERVER", "https://api.verifik.co")
	t.Setenv(EnvVerifikToken, "")
	t.Setenv(EnvVerifikProject, "")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "no-bus"))
	code, _, errs := runCLI(t, "identify", "--backend", "verifik", "--camera", "0")
	assert.NotEqual(t, 0, code)
	assert.Contains(t, errs, EnvVerifikToken)

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
