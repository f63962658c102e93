//go:build matprofile

package matcheck

import (
	"fmt"
	"os"
	"testing"

	"gocv.io/x/gocv"
)

// Run runs the tests and exits non-zero when they failed or left any
// gocv.Mat open.
func Run(m *testing.M) {
	code := m.Run()
	if n := gocv.MatProfile.Count(); n != 0 && code == 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d gocv.Mat leaked\n", n)
		code = 1
	}
	os.Exit(code)
}
