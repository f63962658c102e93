package main

import (
	"encoding/json"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"biokiosk/capture/document"
	"biokiosk/internal/docsynth"

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
	assert.Equal(t, 1, code) // the missing file
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

func TestCaptureDocumentWritesOnlyWithOut(t *testing.T) {
	still := cardScene(t, "card.png", 0)
	dir := t.TempDir()
	code, out, _ := runCLI(t, "capture-document", "--camera", still, "--doctype", "idcard", "--side", "front", "--json")
	assert.Equal(t, 0, code)
	var o document.Outcome
	require.NoError(t, json.Unmarshal([]byte(out), &o), out)
	assert.True(t, o.Captured)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)

	dst := filepath.Join(dir, "doc.jpg")
	code, _, _ = runCLI(t, "capture-document", "--camera", still, "--out", dst)
	require.Equal(t, 0, code)
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
}
