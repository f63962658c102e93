package cli

import (
	"os"
	"path/filepath"
	"testing"

	"biokiosk/internal/imagesize"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// analyze-face and analyze-document refuse a still declaring 100
// megapixels from its header instead of decoding 300 MB.
func TestAnalyzeRefusesBomb(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.png")
	require.NoError(t, os.WriteFile(path, imagesize.BombPNG(10000, 10000), 0o600))
	for _, cmd := range []string{"analyze-face", "analyze-document"} {
		code, _, errs := runCLI(t, cmd, path)
		assert.Equal(t, 1, code, cmd)
		assert.Contains(t, errs, "at most 25 megapixels", cmd)
	}
}
