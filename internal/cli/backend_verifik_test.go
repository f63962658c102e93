package cli

import (
	"path/filepath"
	"testing"

	"biokiosk/internal/app"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The headless flows on the Verifik back end, on the embedded sandbox
// (which speaks Verifik too): face only, with 1:N search.
func TestVerifikBackendEndToEnd(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
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
	t.Setenv(app.EnvVerifikToken, "")
	t.Setenv(app.EnvVerifikProject, "")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(dir, "no-bus"))
	code, _, errs := runCLI(t, "identify", "--backend", "verifik", "--camera", "0")
	assert.NotEqual(t, 0, code)
	assert.Contains(t, errs, app.EnvVerifikToken)

}
