// Package apptest prepares the environment for tests that start the App
// (internal/app's own tests and the command line's): one place that
// knows every setting which could point a test at a real server, a real
// directory or the user's config.
package apptest

import (
	"os"
	"path/filepath"
	"testing"

	"biokiosk/capture/face"
	"biokiosk/config"
	"biokiosk/internal/testkit/testfiles"
)

// NeedModels skips (or fails, under $BIOKIOSK_REQUIRE_TESTDATA) without
// the face models.
func NeedModels(tb testing.TB) {
	tb.Helper()
	if _, err := face.FindModelsDir(os.Getenv); err != nil {
		testfiles.Missing(tb, "face models unavailable (%v): run make models", err)
	}
}

// UseEmbeddedSandbox clears every server and records setting (flags
// aside) so the App, the command line and the GUI start the embedded
// sandbox, with its database, the records and the config dir in a fresh
// temp dir, which it returns. It skips without the face models, which
// the sandbox needs.
func UseEmbeddedSandbox(t *testing.T) string {
	t.Helper()
	NeedModels(t)
	dir := t.TempDir()
	t.Setenv(config.EnvConfig, filepath.Join(dir, "none.json"))
	t.Setenv(config.EnvSystemConfig, filepath.Join(dir, "no-system.json"))
	t.Setenv(config.EnvServer, "")
	t.Setenv(config.EnvKey, "")
	t.Setenv(config.EnvSecret, "")
	t.Setenv(config.EnvBackend, "")
	t.Setenv(config.EnvDirectoryDSN, "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv(config.EnvSandboxDB, filepath.Join(dir, "sandbox.db"))
	return dir
}
