package cli

import (
	"biokiosk/internal/testkit/bombs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// analyze-face and analyze-document refuse a still declaring 100
// megapixels from its header instead of decoding 300 MB.
func TestAnalyzeRefusesBomb(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.png")
	require.NoError(t, os.WriteFile(path, bombs.BombPNG(10000, 10000), 0o600))
	for _, cmd := range []string{"analyze-face", "analyze-document"} {
		code, _, errs := runCLI(t, cmd, path)
		assert.Equal(t, 2, code, cmd) // an invalid file is usage
		assert.Contains(t, errs, "at most 25 megapixels", cmd)
	}
}
