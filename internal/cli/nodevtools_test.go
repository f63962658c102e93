//go:build !devtools

package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A release build has no developer commands.
func TestNoDevtoolsInRelease(t *testing.T) {
	for _, name := range []string{"bench-face", "screenshots"} {
		code, _, errs := runCLI(t, name)
		assert.Equal(t, 2, code, name)
		assert.Contains(t, errs, "unknown command", name)
	}
}
