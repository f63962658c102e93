package adapters_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"path/filepath"
	"testing"
	"time"

	"biokiosk/adapters"
	"biokiosk/capture/camera"
	"biokiosk/capture/document"
	"biokiosk/flow"
	"biokiosk/internal/testkit/docsynth"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// docScenes writes a still of the card's front, a sequence in which the
// card is turned over in place and a still of its back, and returns their
// camera specs.
func docScenes(t *testing.T) (still, flipped, backStill string) {
	t.Helper()
	front, err := docsynth.NewCard(docsynth.CardOptions{Width: 856, Height: 540, Seed: 7, CornerRadius: 32})
	require.NoError(t, err)
	defer front.Close()
	back, err := docsynth.NewCard(docsynth.CardOptions{Width: 856, Height: 540, Seed: 7, CornerRadius: 32, Back: true})
	require.NoError(t, err)
	defer back.Close()
	bg := docsynth.Background(1280, 720, 3)
	defer bg.Close()
	pose := docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.7, Roll: 2}
	dir := t.TempDir()
	f, _ := docsynth.Scene(bg, front, pose)
	still = filepath.Join(dir, "front.png")
	require.True(t, gocv.IMWrite(still, f))
	f.Close()
	b, _ := docsynth.Scene(bg, back, pose)
	backStill = filepath.Join(dir, "back.png")
	require.True(t, gocv.IMWrite(backStill, b))
	b.Close()
	for i := 0; i < 20; i++ {
		c := front
		if i >= 5 {
			c = back
		}
		m, _ := docsynth.Scene(bg, c, pose)
		require.True(t, gocv.IMWrite(filepath.Join(dir, fmt.Sprintf("%03d.png", i)), m))
		m.Close()
	}
	return still, filepath.Join(dir, "%03d.png"), backStill
}

func code(t *testing.T, err error) string {
	t.Helper()
	var c flow.Coder
	require.ErrorAs(t, err, &c)
	return c.Code()
}

func TestDocumentCameraFrontThenBack(t *testing.T) {
	still, flipped, backStill := docScenes(t)
	cam := &adapters.DocumentCamera{Source: still, Options: camera.Options{FPS: 10},
		Capture: document.CaptureOptions{Timeout: 2 * time.Second}}
	var seen []flow.DocumentProgress
	front, err := cam.CaptureDocument(context.Background(), flow.DocIDCard, flow.SideFront, func(p flow.DocumentProgress) { seen = append(seen, p) })
	require.NoError(t, err)
	img, err := jpeg.Decode(bytes.NewReader(front.JPEG))
	require.NoError(t, err)
	assert.Equal(t, image.Pt(1011, 638), img.Bounds().Size())
	assert.Greater(t, front.Score, 90.0)
	require.NotEmpty(t, seen)
	assert.Equal(t, flow.SideFront, seen[0].Side)
	assert.True(t, seen[len(seen)-1].Found)
	assert.Equal(t, "OK", seen[len(seen)-1].Guidance)

	// The back, with the front still lying there: never taken.
	_, err = cam.CaptureDocument(context.Background(), flow.DocIDCard, flow.SideBack, nil)
	require.Error(t, err)
	assert.Equal(t, string(flow.CodeCaptureTimeout), code(t, err))
	assert.ErrorContains(t, err, "FLIP_DOCUMENT")

	// Turned over: the back is taken.
	cam.Source = flipped
	back, err := cam.CaptureDocument(context.Background(), flow.DocIDCard, flow.SideBack, nil)
	require.NoError(t, err)
	assert.NotEmpty(t, back.JPEG)
	assert.False(t, bytes.Equal(front.JPEG, back.JPEG))

	// The front again (the server could not read the card), with the back
	// still lying there: never taken as the front.
	cam.Source = backStill
	_, err = cam.CaptureDocument(context.Background(), flow.DocIDCard, flow.SideFront, nil)
	require.Error(t, err)
	assert.ErrorContains(t, err, "FLIP_DOCUMENT")
	cam.Source = still
	_, err = cam.CaptureDocument(context.Background(), flow.DocIDCard, flow.SideFront, nil)
	assert.NoError(t, err, "turned back to the front")
}

func TestDocumentCameraBackAloneNeedsTheCardToLeave(t *testing.T) {
	still, _, _ := docScenes(t)
	cam := &adapters.DocumentCamera{Source: still, Options: camera.Options{FPS: 10},
		Capture: document.CaptureOptions{Timeout: time.Second}}
	_, err := cam.CaptureDocument(context.Background(), flow.DocIDCard, flow.SideBack, nil)
	assert.Equal(t, string(flow.CodeCaptureTimeout), code(t, err))
	assert.ErrorContains(t, err, "FLIP_DOCUMENT")
}

func TestDocumentCameraErrors(t *testing.T) {
	cam := &adapters.DocumentCamera{Source: filepath.Join(t.TempDir(), "none.png")}
	_, err := cam.CaptureDocument(context.Background(), flow.DocIDCard, flow.SideFront, nil)
	assert.Equal(t, string(flow.CodeCameraUnavailable), code(t, err))
	_, err = cam.CaptureDocument(context.Background(), "driving-licence", flow.SideFront, nil)
	assert.Equal(t, string(flow.CodeBadRequest), code(t, err))
	_, err = cam.CaptureDocument(context.Background(), flow.DocPassport, "inside", nil)
	assert.Equal(t, string(flow.CodeBadRequest), code(t, err))

	still, _, _ := docScenes(t)
	cam.Source = still
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = cam.CaptureDocument(ctx, flow.DocIDCard, flow.SideFront, nil)
	assert.ErrorIs(t, err, context.Canceled)
}
