package app

import (
	"os"
	"path/filepath"
	"testing"

	"biokiosk/capture/face"
	"biokiosk/internal/testfiles"
)

func needModels(t *testing.T) {
	t.Helper()
	if _, err := face.FindModelsDir(os.Getenv); err != nil {
		testfiles.Missing(t, "face models unavailable (%v): run make models", err)
	}
}

// useEmbeddedSandbox clears every server setting so the App starts the
// embedded sandbox, with its database, the records and the config dir in
// a fresh temp dir, which it returns. It skips without the face models,
// which the sandbox needs.
func useEmbeddedSandbox(t *testing.T) string {
	t.Helper()
	needModels(t)
	dir := t.TempDir()
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(dir, "none.json"))
	t.Setenv("BIOKIOSK_SYSTEM_CONFIG", filepath.Join(dir, "no-system.json"))
	t.Setenv("BIOKIOSK_SERVER", "")
	t.Setenv("BIOKIOSK_KEY", "")
	t.Setenv("BIOKIOSK_SECRET", "")
	t.Setenv("BIOKIOSK_BACKEND", "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv(EnvSandboxDB, filepath.Join(dir, "sandbox.db"))
	return dir
}
