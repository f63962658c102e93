// Package testdata locates the shared test material (../shared/testdata,
// beside the repository) for tests. It never copies it.
package testdata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// EnvDir overrides where the shared test data lives.
const EnvDir = "BIOKIOSK_TESTDATA"

// Root returns the shared testdata folder, or "" when it is absent.
func Root() string {
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// file is <repo>/internal/testdata/testdata.go; the data is <repo>/../shared/testdata.
	repo := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	d := filepath.Join(filepath.Dir(repo), "shared", "testdata")
	if st, err := os.Stat(d); err == nil && st.IsDir() {
		return d
	}
	return ""
}

// Path returns the path of a file under the shared testdata folder, and
// skips the test with a clear message when the folder or file is absent.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	root := Root()
	if root == "" {
		t.Skipf("shared test data not found (expected ../shared/testdata beside the repository, or $%s)", EnvDir)
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared test data %s not found: %v", p, err)
	}
	return p
}
