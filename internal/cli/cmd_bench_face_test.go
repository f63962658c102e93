//go:build devtools

package cli

import (
	"encoding/json"
	"testing"

	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBenchFace(t *testing.T) {
	apptest.NeedModels(t)
	clip := testfiles.Path(t, "video", "short_hamilton_clip.mp4")
	code, out, errs := runCLI(t, "bench-face", "--camera", clip, "--frames", "20", "--json")
	require.Equal(t, 0, code, errs)
	var res map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	assert.EqualValues(t, 20, res["frames"])
	assert.Contains(t, res, "baseline_haar")
	assert.Greater(t, res["ratio"].(float64), 0.0)
	code, _, _ = runCLI(t, "bench-face")
	assert.Equal(t, 2, code)
}
