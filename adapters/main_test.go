//go:build matprofile

package adapters_test

import (
	"fmt"
	"os"
	"testing"

	"gocv.io/x/gocv"
)

// TestMain fails the package when a test leaked a gocv.Mat (the count is
// only kept with -tags matprofile, as make test runs).
func TestMain(m *testing.M) {
	code := m.Run()
	if n := gocv.MatProfile.Count(); n != 0 && code == 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d gocv.Mat leaked\n", n)
		code = 1
	}
	os.Exit(code)
}
