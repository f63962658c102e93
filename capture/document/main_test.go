//go:build matprofile

package document

import (
	"testing"

	"biokiosk/internal/testkit/matcheck"
)

// TestMain fails the package when a test leaked a gocv.Mat.
func TestMain(m *testing.M) { matcheck.Run(m) }
