package cli

import (
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/records"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spokenPrompts writes one WAV holding the phrases spoken by espeak-ng,
// each padded with silence, as a person answering prompts would.
func spokenPrompts(t *testing.T, phrases ...string) string {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			testfiles.Missing(t, "%s not installed (make test installs it)", tool)
		}
	}
	dir := t.TempDir()
	var parts []string
	for i, p := range phrases {
		raw := filepath.Join(dir, "raw.wav")
		part := filepath.Join(dir, string(rune('a'+i))+".wav")
		runTool(t, "espeak-ng", "-v", "en", "-s", "140", "-w", raw, p)
		runTool(t, "sox", "-q", raw, "-r", "16000", "-c", "1", "-b", "16", part, "pad", "0.6", "1.4")
		parts = append(parts, part)
	}
	out := filepath.Join(dir, "prompts.wav")
	runTool(t, "sox", append(append([]string{"-q"}, parts...), out)...)
	return out
}

func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	require.NoError(t, err, "%s %v: %s", name, args, out)
}

type flowJSON struct {
	OK      bool   `json:"ok"`
	Outcome string `json:"outcome"`
	UserID  string `json:"user_id"`
	Steps   []struct {
		Step, Result string
		Attempts     int
	} `json:"steps"`
	Error *struct{ Code, Detail, Step string } `json:"error"`
}

func runFlowCLI(t *testing.T, args ...string) (int, flowJSON, string) {
	t.Helper()
	code, out, errs := runCLI(t, append(args, "--json")...)
	var r flowJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r), "stdout %q stderr %q", out, errs)
	return code, r, errs
}

// End to end on the embedded sandbox: register with face and voice, then
// verify and identify; a different person is not verified.
func TestEnrollVerifyIdentifyEndToEnd(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")

	obama := facetest.PNG(t, "obama.jpg")
	wav := spokenPrompts(t, "zero six five three", "four eight two one", "seven seven zero nine", "one two three four")

	code, r, errs := runFlowCLI(t, "enroll", "--customer-number", "cust-1", "--consent", "yes", "--camera", obama, "--mic", wav, "--records", recordsDB)
	require.Equal(t, 0, code, "%+v\n%s", r, errs)
	assert.Equal(t, "ENROLLED", r.Outcome)
	assert.Len(t, r.UserID, 24)
	user := r.UserID

	code, r, _ = runFlowCLI(t, "enroll", "--reference-id", "cust-2", "--consent", "yes", "--camera", facetest.PNG(t, "obama-480p.jpg"), "--no-voice", "--records", recordsDB)
	assert.Equal(t, 1, code)
	assert.Equal(t, "ALREADY_ENROLLED", r.Outcome)

	code, r, _ = runFlowCLI(t, "verify", "--customer-number", "cust-1", "--camera", facetest.PNG(t, "obama_small.jpg"), "--records", recordsDB)
	assert.Equal(t, 0, code)
	assert.Equal(t, "VERIFIED", r.Outcome)
	assert.Equal(t, user, r.UserID)

	// The only other person in the test portraits turns and tilts his
	// head (biden.jpg): widen the gate for this check.
	code, r, _ = runFlowCLI(t, "verify", "--user", user, "--camera", facetest.PNG(t, "biden.jpg"), "--max-yaw", "30", "--max-roll", "15", "--records", recordsDB)
	assert.Equal(t, 1, code)
	assert.Equal(t, "NOT_VERIFIED", r.Outcome)

	code, r, _ = runFlowCLI(t, "identify", "--camera", facetest.PNG(t, "obama-480p.jpg"), "--records", recordsDB)
	assert.Equal(t, 0, code)
	assert.Equal(t, "IDENTIFIED", r.Outcome)
	assert.Equal(t, user, r.UserID)

	code, out, _ := runCLI(t, "sessions", "--records", recordsDB, "--json")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "ENROLLED")
	assert.Contains(t, out, "NOT_VERIFIED")

	code, _, _ = runCLI(t, "enroll", "--reference-id", "x")
	assert.Equal(t, 2, code, "no consent")
}

func TestFlowAgainstADownServerFailsClearly(t *testing.T) {
	apptest.NeedModels(t)
	code, r, _ := runFlowCLI(t, "identify", "--server", "http://127.0.0.1:1", "--key", "k", "--secret", "s",
		"--camera", testfiles.Path(t, "faces", "portraits", "obama.jpg"), "--capture-timeout", "1s", "--records", filepath.Join(t.TempDir(), "r.db"))
	assert.Equal(t, 3, code)
	assert.Equal(t, "FAILED", r.Outcome)
	require.NotNil(t, r.Error)
	assert.NotEmpty(t, r.Error.Code)
}

// The same headless flows on the BioPass ID back end (the embedded
// sandbox speaks it too): face-only, no 1:N search.
func TestBioPassIDBackendEndToEnd(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")
	obama := facetest.PNG(t, "obama.jpg")

	code, r, errs := runFlowCLI(t, "enroll", "--backend", "biopassid", "--reference-id", "bp-1", "--consent", "yes", "--camera", obama, "--records", recordsDB)
	require.Equal(t, 0, code, "%+v\n%s", r, errs)
	assert.Equal(t, "ENROLLED", r.Outcome)
	assert.Contains(t, errs, "no voice biometrics: skipping the voice step")
	store, err := records.Open(t.Context(), recordsDB)
	require.NoError(t, err)
	v, ok, err := store.VendorIDsOf(t.Context(), r.UserID)
	require.NoError(t, store.Close())
	require.NoError(t, err)
	require.True(t, ok, "the vendor's ids are kept in the directory")
	assert.NotEmpty(t, v.VendorID, "BioPassID")
	assert.Len(t, v.AccountID, 24, "ClientID: the sandbox account's id, not a credential")

	code, r, _ = runFlowCLI(t, "verify", "--backend", "biopassid", "--reference-id", "bp-1", "--camera", facetest.PNG(t, "obama_small.jpg"), "--records", recordsDB)
	assert.Equal(t, 0, code)
	assert.Equal(t, "VERIFIED", r.Outcome)

	code, r, _ = runFlowCLI(t, "identify", "--backend", "biopassid", "--camera", obama, "--records", recordsDB)
	assert.Equal(t, 3, code)
	require.NotNil(t, r.Error)
	assert.Equal(t, "NOT_SUPPORTED_BY_BACKEND", r.Error.Code)

	bad := filepath.Join(dir, "finger.txt")
	require.NoError(t, os.WriteFile(bad, []byte("not an image"), 0o600))
	code, _, errs = runCLI(t, "enroll", "--backend", "biopassid", "--reference-id", "bp-2", "--consent", "yes", "--camera", obama, "--fingers", bad, "--records", recordsDB)
	assert.Equal(t, 2, code, "a bad option value is usage")
	assert.Contains(t, errs, "not a TIFF, PNG or WSQ image")
}

// The back end is a setting: the config file's "backend", overridden by
// BIOKIOSK_BACKEND, overridden by --backend; an unknown one is refused.
func TestBackendComesFromTheConfiguration(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	cfg := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"backend": "biopassid"}`), 0o600))
	t.Setenv("BIOKIOSK_CONFIG", cfg)
	recordsDB := filepath.Join(dir, "records.db")
	obama := facetest.PNG(t, "obama.jpg")

	code, r, _ := runFlowCLI(t, "identify", "--camera", obama, "--records", recordsDB)
	assert.Equal(t, 3, code)
	require.NotNil(t, r.Error)
	assert.Equal(t, "NOT_SUPPORTED_BY_BACKEND", r.Error.Code, "the file's biopassid has no 1:N search")

	t.Setenv("BIOKIOSK_BACKEND", "biometrid")
	code, r, _ = runFlowCLI(t, "identify", "--camera", obama, "--records", recordsDB)
	assert.Equal(t, 1, code, "%+v", r.Error)
	assert.Equal(t, "NOT_IDENTIFIED", r.Outcome, "the environment's biometrid searches (nobody enrolled)")

	code, r, _ = runFlowCLI(t, "identify", "--backend", "biopassid", "--camera", obama, "--records", recordsDB)
	assert.Equal(t, 3, code, "the flag wins")

	code, _, errs := runCLI(t, "identify", "--backend", "acme", "--camera", obama, "--records", recordsDB)
	assert.Equal(t, 3, code, "no flow ran: not a refusal")
	assert.Contains(t, errs, `unknown back end \"acme\"`)
}
