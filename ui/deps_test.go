package ui

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoGoCV: ui and its sub-packages build without OpenCV, with or
// without the devtools tag. Their frames and figures come from the
// GoCV-free capture/preview, faceresult and docresult, so importing a
// capture package that links GoCV shows up here.
func TestNoGoCV(t *testing.T) {
	for _, tags := range []string{"", "devtools"} {
		out, err := exec.Command("go", "list", "-tags", tags, "-deps", "biokiosk/ui/...").Output()
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		require.NoError(t, err)
		deps := strings.Fields(string(out))
		require.Contains(t, deps, "biokiosk/capture/preview")
		require.Contains(t, deps, "biokiosk/ui/i18n")
		for _, d := range deps {
			assert.False(t, strings.HasPrefix(d, "gocv.io/"), "ui/... (tags %q) depends on %s", tags, d)
		}
	}
}
