package cli

import (
	"encoding/json"
	"image"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"biokiosk/capture/document"
	"biokiosk/internal/testkit/docsynth"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// cardScene writes a synthetic ID-1 card on a cluttered desk (and, with
// blur > 0, blurred) and returns its path.
func cardScene(t *testing.T, name string, blur float64) string {
	t.Helper()
	c, err := docsynth.NewCard(docsynth.CardOptions{Width: 856, Height: 540, Seed: 3, CornerRadius: 32})
	require.NoError(t, err)
	defer c.Close()
	bg := docsynth.Background(1280, 720, 4)
	defer bg.Close()
	f, _ := docsynth.Scene(bg, c, docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.7, Roll: 3})
	defer f.Close()
	if blur > 0 {
		docsynth.Blur(&f, blur)
	}
	p := filepath.Join(t.TempDir(), name)
	require.True(t, gocv.IMWrite(p, f))
	return p
}

func TestAnalyzeDocumentJSON(t *testing.T) {
	sharp, blurred := cardScene(t, "card.png", 0), cardScene(t, "blurred.png", 3)
	code, out, _ := runCLI(t, "analyze-document", sharp, blurred, filepath.Join(t.TempDir(), "none.png"), "--doctype", "idcard", "--json")
	assert.Equal(t, 2, code) // the missing file
	var res struct {
		Results []documentJSON `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	require.Len(t, res.Results, 3)
	assert.Equal(t, document.OK, res.Results[0].Guidance)
	assert.Len(t, res.Results[0].Corners, 4)
	assert.Equal(t, document.Blurry, res.Results[1].Guidance)
	assert.NotEmpty(t, res.Results[2].Error)
	code, _, _ = runCLI(t, "analyze-document", sharp, "--doctype", "visa")
	assert.Equal(t, 2, code)
}

// filesUnder lists every file and folder below dir (relative paths).
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var got []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		got = append(got, rel)
		return err
	}))
	return got
}

// TestCaptureDocumentWritesOnlyWithOut runs the command with its working
// folder, HOME and TMPDIR all in one empty folder: without --out nothing
// appears there, and --out writes exactly the file asked for.
func TestCaptureDocumentWritesOnlyWithOut(t *testing.T) {
	still := cardScene(t, "card.png", 0)
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("HOME", dir)
	t.Setenv("TMPDIR", dir)
	code, out, _ := runCLI(t, "capture-document", "--camera", still, "--doctype", "idcard", "--side", "front", "--json")
	assert.Equal(t, 0, code)
	var o document.Outcome
	require.NoError(t, json.Unmarshal([]byte(out), &o), out)
	assert.True(t, o.Captured)
	assert.Empty(t, filesUnder(t, dir))

	code, _, _ = runCLI(t, "capture-document", "--camera", still, "--out", "doc.jpg")
	require.Equal(t, 0, code)
	assert.Equal(t, []string{"doc.jpg"}, filesUnder(t, dir))
	dst := filepath.Join(dir, "doc.jpg")
	fh, err := os.Open(dst)
	require.NoError(t, err)
	defer fh.Close()
	img, err := jpeg.Decode(fh)
	require.NoError(t, err)
	assert.Equal(t, image.Pt(1011, 638), img.Bounds().Size())

	// The back, with the captured front still in view: refused.
	code, out, _ = runCLI(t, "capture-document", "--camera", still, "--side", "back", "--front", dst, "--timeout", "1s", "--json")
	assert.Equal(t, 1, code)
	require.NoError(t, json.Unmarshal([]byte(out), &o), out)
	assert.Equal(t, document.FlipDocument, o.Reason)
	assert.Equal(t, []string{"doc.jpg"}, filesUnder(t, dir))
}
