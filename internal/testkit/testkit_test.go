package testkit

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShippedProgramImportsNoTestkit lists every package the shipped
// binary (default build tags) links and finds none under internal/testkit.
func TestShippedProgramImportsNoTestkit(t *testing.T) {
	for _, tags := range []string{"", "matprofile"} {
		cmd := exec.Command("go", "list", "-deps", "-tags", tags, "biokiosk")
		out, err := cmd.Output()
		require.NoError(t, err, "go list -deps biokiosk (tags %q)", tags)
		deps := strings.Fields(string(out))
		require.Contains(t, deps, "biokiosk/internal/cli", "the list holds the program's own packages")
		for _, p := range deps {
			assert.False(t, strings.HasPrefix(p, "biokiosk/internal/testkit"), "the shipped program (tags %q) imports %s", tags, p)
		}
	}
}
