package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"biokiosk/internal/testkit/apptest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiServer starts a fake BiometrID server and points the environment at it.
func apiServer(t *testing.T, h http.Handler) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(t.TempDir(), "none.json"))
	t.Setenv("BIOKIOSK_SERVER", srv.URL)
	t.Setenv("BIOKIOSK_KEY", "k")
	t.Setenv("BIOKIOSK_SECRET", "cli-secret-value")
	t.Setenv("BIOKIOSK_API_VERSION", "")
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

func TestAPICreateUser(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/1.0/users", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "cli-secret-value", r.Header.Get("x-biometrid-secret"))
		assert.Equal(t, "42", r.URL.Query().Get("reference_id"))
		io.WriteString(w, `{"status": true, "data": {"message": "NEW_USER_CREATED", "id": "59147e5afdda9b0ac0f5e31f"}}`)
	})
	apiServer(t, mux)
	code, out, errs := runCLI(t, "api", "create-user", "--reference-id", "42", "--json")
	require.Equal(t, 0, code, errs)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "59147e5afdda9b0ac0f5e31f", got["id"])
	assert.Equal(t, "NEW_USER_CREATED", got["message"])
	assert.Equal(t, true, got["status"])
	assert.NotContains(t, out+errs, "cli-secret-value")
}

func TestAPIRefusedOutcomeExitsOne(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/enroll/face", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status": false, "data": {"message": "FACE_ENROLLMENT_FAILED", "reason": "No faces found on 'photo'"}}`)
	})
	apiServer(t, mux)
	photo := writeFile(t, "face.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3})
	code, out, errs := runCLI(t, "api", "enroll-face", "--user", "59147e5afdda9b0ac0f5e31f", "--photo", photo)
	assert.Equal(t, 1, code)
	assert.Equal(t, "FACE_ENROLLMENT_FAILED\n", errs)
	assert.Contains(t, out, "No faces found")
}

func TestAPIErrorCodeOnStderr(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/1.0/users/{id}/enroll/status", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		io.WriteString(w, `{"status": false, "data": {"message": "USERID_NOT_EXISTS"}}`)
	})
	apiServer(t, mux)
	code, out, errs := runCLI(t, "api", "enroll-status", "--user", "59147e5afdda9b0ac0f5e31f")
	assert.Equal(t, 1, code)
	assert.Equal(t, "USERID_NOT_EXISTS\n", errs)
	assert.Empty(t, out)
}

func TestAPIUsageErrors(t *testing.T) {
	apiServer(t, http.NewServeMux())
	code, _, errs := runCLI(t, "api", "enroll-face", "--user", "59147e5afdda9b0ac0f5e31f", "--photo", writeFile(t, "x.gif", []byte("GIF89a")))
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "neither JPEG nor PNG")
	code, _, errs = runCLI(t, "api", "enroll-status", "--user", "no/pe")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "letters, digits, - or _")
	code, _, _ = runCLI(t, "api", "no-such-call")
	assert.Equal(t, 2, code)
	code, _, errs = runCLI(t, "api")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "create-user")
}

func TestAPIUnreachableExitsThree(t *testing.T) {
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(t.TempDir(), "none.json"))
	t.Setenv("BIOKIOSK_SERVER", "http://127.0.0.1:1")
	t.Setenv("BIOKIOSK_KEY", "k")
	t.Setenv("BIOKIOSK_SECRET", "s")
	code, _, errs := runCLI(t, "api", "languages", "--timeout", "2s")
	assert.Equal(t, 3, code)
	assert.True(t, strings.HasPrefix(errs, "SERVER_UNREACHABLE"), errs)
	// The request loop's reasons are there for whoever asks for them.
	code, _, errs = runCLI(t, "--log-level", "info", "api", "languages", "--timeout", "2s")
	assert.Equal(t, 3, code)
	assert.Contains(t, errs, `reason="transport error on an idempotent call"`)
}

func TestAPIVoiceWalk(t *testing.T) {
	mux := http.NewServeMux()
	n := 0
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/enroll/voice", func(w http.ResponseWriter, r *http.Request) {
		if n == 0 {
			http.SetCookie(w, &http.Cookie{Name: "biometrid.sid", Value: "x"})
			io.WriteString(w, `{"status": true, "data": {"message": "DIALOGUE_STARTED_WITH_SUCCESS", "dialogueId": "d", "promptCode": "0653", "promptCodeText": "zero six five three"}}`)
		} else {
			_, err := r.Cookie("biometrid.sid")
			assert.NoError(t, err)
			io.WriteString(w, `{"status":true,"data":{"message":"AUDIO_ENROLLED_WITH_SUCCESS","dialogueStatus":"Suceeded","enrolled":true}}`)
		}
		n++
	})
	apiServer(t, mux)
	wav := writeFile(t, "a.wav", append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), make([]byte, 24)...))
	code, out, errs := runCLI(t, "api", "enroll-voice", "--user", "59147e5afdda9b0ac0f5e31f", "--language", "en", "--audio", wav)
	require.Equal(t, 0, code, errs)
	var steps []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &steps))
	require.Len(t, steps, 2)
	assert.Equal(t, "AUDIO_ENROLLED_WITH_SUCCESS", steps[1]["answer"].(map[string]any)["message"])
}

func TestAPIDocumentImagesElided(t *testing.T) {
	mux := http.NewServeMux()
	crop := strings.Repeat("QUJD", 200)
	mux.HandleFunc("POST /api/1.0/document/validate", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status": true, "data": {"message": "DOCUMENT_VALIDATED_WITH_SUCCESS", "result": "Ok", "photo": "`+crop+`"}}`)
	})
	apiServer(t, mux)
	img := writeFile(t, "f.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 1})
	code, out, errs := runCLI(t, "api", "validate-document", "--front", img, "--back", img)
	require.Equal(t, 0, code, errs)
	assert.NotContains(t, out, crop)
	assert.Contains(t, out, "800 bytes of base64 omitted")
	code, out, _ = runCLI(t, "api", "validate-document", "--front", img, "--back", img, "--include-images")
	require.Equal(t, 0, code)
	assert.Contains(t, out, crop)
}

// With no server configured the CLI starts the embedded sandbox.
func TestAPINoServerConfiguredUsesTheEmbeddedSandbox(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	code, out, errs := runCLI(t, "api", "languages")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "embedded sandbox")
	assert.Contains(t, out, `"pt"`)
	assert.FileExists(t, filepath.Join(dir, "sandbox.db"))
}

// TestAPICreateUserRefusedLocally: no --reference-id (the documents need
// it) and no key or secret configured are usage errors; nothing is sent.
func TestAPICreateUserRefusedLocally(t *testing.T) {
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, `{"status": true, "data": {"message": "NEW_USER_CREATED", "id": "59147e5afdda9b0ac0f5e31f"}}`)
	})
	apiServer(t, mux)
	code, out, errs := runCLI(t, "api", "create-user")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "reference_id")
	assert.Empty(t, out)

	t.Setenv("BIOKIOSK_KEY", "")
	t.Setenv("BIOKIOSK_SECRET", "")
	code, _, errs = runCLI(t, "api", "create-user", "--reference-id", "42")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "no key and secret configured")
	code, _, _ = runCLI(t, "api", "enroll-status", "--user", "59147e5afdda9b0ac0f5e31f")
	assert.Equal(t, 2, code)
	assert.Zero(t, hits.Load(), "nothing may reach the server")
}
