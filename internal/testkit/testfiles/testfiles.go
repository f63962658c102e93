// Package testfiles locates the repository's test material (testdata/ at
// the repository root, with its licences) and decides what a test does
// when something it needs is absent: it skips with the reason, or fails
// when $BIOKIOSK_REQUIRE_TESTDATA is 1 (CI sets it), so a run can never
// pass on skipped tests.
package testfiles

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// EnvDir overrides where the test data lives.
const EnvDir = "BIOKIOSK_TESTDATA"

// EnvRequire, when "1", turns every skip for missing data, models or
// tools into a failure.
const EnvRequire = "BIOKIOSK_REQUIRE_TESTDATA"

// Root returns the test data folder: $BIOKIOSK_TESTDATA, else the
// repository's testdata/.
func Root() string {
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// file is <repo>/internal/testkit/testfiles/testfiles.go.
	return filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(file)))), "testdata")
}

// Path returns the path of a file under the test data folder; when it is
// absent the test skips (or fails, see Missing).
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{Root()}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		Missing(tb, "test data %s not found (%v): it is part of the repository, see testdata/README.md", p, err)
	}
	return p
}

// Missing ends a test that lacks data, a model or a tool it needs: it
// skips with the reason, or fails when $BIOKIOSK_REQUIRE_TESTDATA is 1.
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv(EnvRequire) == "1" {
		tb.Fatalf("required ($"+EnvRequire+"=1): "+format, args...)
	}
	tb.Skipf(format, args...)
}
