package cli

import (
	"encoding/json"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"biokiosk/capture/face"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnalyzeFaceJSON(t *testing.T) {
	apptest.NeedModels(t)
	obama := testfiles.Path(t, "faces", "portraits", "obama.jpg")
	two := testfiles.Path(t, "faces", "portraits", "two_people.jpg")
	dogs := testfiles.Path(t, "faces", "detection", "dogs.jpg")
	code, out, _ := runCLI(t, "analyze-face", obama, two, dogs, "--json")
	assert.Equal(t, 0, code)
	var res struct {
		Results []faceJSON `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	require.Len(t, res.Results, 3)
	o := res.Results[0]
	assert.Equal(t, 1, o.Faces)
	assert.True(t, o.EyesOpen)
	assert.Greater(t, o.IED, 90.0)
	assert.Greater(t, o.Liveness, 0.5)
	assert.Len(t, o.Box, 4)
	assert.Equal(t, 2, res.Results[1].Faces)
	assert.Contains(t, res.Results[1].Problems, face.MultipleFaces)
	assert.Equal(t, 0, res.Results[2].Faces)
	assert.Equal(t, face.NoFace, res.Results[2].Guidance)
	for _, key := range []string{`"ied_px"`, `"eyes_open"`, `"sharpness"`, `"brightness"`, `"liveness"`, `"guidance"`, `"problems"`} {
		assert.Contains(t, out, key)
	}

	code, _, errs := runCLI(t, "analyze-face", filepath.Join(t.TempDir(), "missing.jpg"), "--json")
	assert.Equal(t, 2, code) // unreadable: usage
	assert.Empty(t, errs)
	code, _, _ = runCLI(t, "analyze-face")
	assert.Equal(t, 2, code)
}

func TestCaptureOnTheHamiltonClipRefuses(t *testing.T) {
	apptest.NeedModels(t)
	clip := testfiles.Path(t, "video", "short_hamilton_clip.mp4")
	outFile := filepath.Join(t.TempDir(), "best.jpg")
	code, out, _ := runCLI(t, "capture", "--camera", clip, "--out", outFile, "--json")
	assert.Equal(t, 1, code)
	var res map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	assert.Equal(t, false, res["captured"])
	assert.EqualValues(t, 275, res["frames"])
	assert.NotEmpty(t, res["reason"])
	assert.NoFileExists(t, outFile)
}

func TestCaptureFromAStillPortrait(t *testing.T) {
	apptest.NeedModels(t)
	// obama.jpg (910×1137) holds a face small for its frame (the IED is
	// under 18 % of the frame's height: MOVE_CLOSER) so it is never
	// captured automatically; a still repeated is still a source, and the
	// timeout names the blocking reason.
	img := testfiles.Path(t, "faces", "portraits", "obama.jpg")
	code, out, _ := runCLI(t, "capture", "--camera", img, "--timeout", "1s", "--json")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `"reason": "MOVE_CLOSER"`)
	code, _, errs := runCLI(t, "capture", "--camera", "/dev/video97")
	assert.Equal(t, 3, code)
	assert.Contains(t, errs, "camera unavailable")
}

func TestCaptureWritesTheJPEG(t *testing.T) {
	apptest.NeedModels(t)
	// A crop of obama.jpg with the face on the oval is a compliant still.
	dir := t.TempDir()
	src := testfiles.Path(t, "faces", "portraits", "obama.jpg")
	framed := filepath.Join(dir, "framed.png")
	require.NoError(t, cropForKiosk(src, framed))
	outFile := filepath.Join(dir, "best.jpg")
	code, out, errs := runCLI(t, "capture", "--camera", framed, "--out", outFile, "--json")
	require.Equal(t, 0, code, out+errs)
	f, err := os.Open(outFile)
	require.NoError(t, err)
	defer f.Close()
	_, err = jpeg.Decode(f)
	require.NoError(t, err)
	st, _ := os.Stat(outFile)
	assert.LessOrEqual(t, st.Size(), int64(200<<10))
}
