package document

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"path/filepath"
	"testing"
	"time"

	"biokiosk/capture/camera"
	"biokiosk/internal/testkit/docsynth"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// writeFrames writes frames as dir/000.png… (test scenes only).
func writeFrames(t *testing.T, dir string, frames []gocv.Mat) string {
	t.Helper()
	for i, f := range frames {
		require.True(t, gocv.IMWrite(filepath.Join(dir, fmt.Sprintf("%03d.png", i)), f))
	}
	return filepath.Join(dir, "%03d.png")
}

func openSource(t *testing.T, spec string) *camera.Source {
	t.Helper()
	src, err := camera.Open(spec, camera.Options{FPS: 10})
	require.NoError(t, err)
	t.Cleanup(func() { src.Close() })
	return src
}

func TestCaptureFromAStillImage(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	frame, _ := scene(t, front, good, 5)
	path := filepath.Join(t.TempDir(), "card.png")
	require.True(t, gocv.IMWrite(path, frame))
	frame.Close()
	a := analyzer(t, IDCard)
	defer a.Close()
	var previews, progress int
	out, err := Capture(context.Background(), openSource(t, path), a, CaptureOptions{
		Preview: func(p *Preview) {
			previews++
			assert.Equal(t, frameW, p.Image.Rect.Dx())
			p.Release()
		},
		Progress: func(p Progress) { progress++ },
	})
	require.NoError(t, err)
	require.True(t, out.Captured, "reason %s counts %v", out.Reason, out.GuidanceCounts)
	// The dwell is 1 s of source time at 10 fps: captured on frame 11.
	assert.Equal(t, 11, out.Frames)
	assert.Equal(t, 10, progress)
	assert.Equal(t, 10, previews)
	img, err := jpeg.Decode(bytes.NewReader(out.JPEG))
	require.NoError(t, err)
	assert.Equal(t, image.Pt(1011, 638), img.Bounds().Size())
	assert.LessOrEqual(t, len(out.JPEG), 1<<20)
	assert.False(t, bytes.Contains(out.JPEG[:64], []byte("Exif")))
	assert.Greater(t, out.Score, 90.0)
	assert.False(t, out.Signature.Empty())
}

// TestCaptureTakesTheBestFrameOfTheWindow: a sequence where the card
// arrives blurred, then sharp; the photo comes from the sharp stretch.
func TestCaptureFromASequence(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	bg := docsynth.Background(frameW, frameH, 5)
	defer bg.Close()
	var frames []gocv.Mat
	for i := 0; i < 5; i++ {
		frames = append(frames, bg.Clone())
	}
	for i := 0; i < 5; i++ {
		f, _ := docsynth.Scene(bg, front, good)
		docsynth.Blur(&f, 3)
		frames = append(frames, f)
	}
	for i := 0; i < 15; i++ {
		f, _ := docsynth.Scene(bg, front, good)
		frames = append(frames, f)
	}
	spec := writeFrames(t, t.TempDir(), frames)
	for i := range frames {
		frames[i].Close()
	}
	a := analyzer(t, IDCard)
	defer a.Close()
	out, err := Capture(context.Background(), openSource(t, spec), a, CaptureOptions{})
	require.NoError(t, err)
	require.True(t, out.Captured, "reason %s counts %v", out.Reason, out.GuidanceCounts)
	assert.GreaterOrEqual(t, out.FrameIndex, 10)
	assert.Equal(t, 21, out.Frames) // 10 frames before, 10 of dwell, 1 to complete it
	assert.Equal(t, 5, out.GuidanceCounts[NoDocument])
	assert.Equal(t, 5, out.GuidanceCounts[Blurry])
}

func TestCaptureTimesOutWithTheMostFrequentProblem(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	frame, _ := scene(t, front, good, 5)
	docsynth.Glare(&frame, image.Pt(640, 360), image.Pt(70, 40))
	path := filepath.Join(t.TempDir(), "glare.png")
	require.True(t, gocv.IMWrite(path, frame))
	frame.Close()
	a := analyzer(t, IDCard)
	defer a.Close()
	out, err := Capture(context.Background(), openSource(t, path), a, CaptureOptions{Timeout: 2 * time.Second})
	require.NoError(t, err)
	assert.False(t, out.Captured)
	assert.Equal(t, Glare, out.Reason)
	assert.Equal(t, 21, out.Frames)
	assert.Nil(t, out.JPEG)
}

func TestCaptureCancelled(t *testing.T) {
	bg := docsynth.Background(frameW, frameH, 5)
	path := filepath.Join(t.TempDir(), "bg.png")
	require.True(t, gocv.IMWrite(path, bg))
	bg.Close()
	a := analyzer(t, IDCard)
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Capture(ctx, openSource(t, path), a, CaptureOptions{})
	assert.ErrorIs(t, err, context.Canceled)
}

// sidePoses are the poses the flip rule's similarities are measured on.
var sidePoses = []docsynth.Pose{
	{CX: 0.5, CY: 0.5, Width: 0.6, Roll: -10},
	{CX: 0.47, CY: 0.52, Width: 0.7, Roll: 4},
	{CX: 0.5, CY: 0.5, Width: 0.55, Roll: 3, TiltX: 12},
	{CX: 0.5, CY: 0.5, Width: 0.6, Roll: 183}, // upside down
}

// sideSimilarities measures the flip rule's signatures: the front at the
// good pose against the front (same) and the back (other) at each of
// sidePoses, with pixel noise; it returns the smallest same-side and the
// largest other-side similarity.
func sideSimilarities(t *testing.T, name string, front, back *docsynth.Card) (minSame, maxOther float64) {
	t.Helper()
	a := analyzer(t, IDCard)
	defer a.Close()
	sig := func(c *docsynth.Card, p docsynth.Pose, seed int64) Signature {
		f, _ := scene(t, c, p, seed)
		defer f.Close()
		docsynth.Noise(&f, 6, seed)
		a.Reset()
		r, err := a.Analyze(f)
		require.NoError(t, err)
		require.True(t, r.Found, "%s pose %+v", name, p)
		return r.Signature
	}
	ref := sig(front, good, 1)
	minSame, maxOther = 1.0, -1.0
	for i, p := range sidePoses {
		s := ref.Similarity(sig(front, p, int64(10+i)))
		o := ref.Similarity(sig(back, p, int64(20+i)))
		t.Logf("%s pose %+v: same side %.4f, other side %.4f", name, p, s, o)
		minSame, maxOther = min(minSame, s), max(maxOther, o)
	}
	return minSame, maxOther
}

// TestSignatureSimilarity measures the flip rule's threshold: the same
// side across poses, scales and noise against front and back.
func TestSignatureSimilarity(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	back := card(t, true, 2)
	defer back.Close()
	minSame, maxOther := sideSimilarities(t, "docsynth card", front, back)
	def := CaptureOptions{}.withDefaults().MaxSimilarity
	assert.Greater(t, minSame, def+0.2)
	assert.Less(t, maxOther, def-0.2)
}

// TestFlipRule: capturing the back with the front's signature, the front
// lying there is never taken (FLIP_DOCUMENT); once the card is turned over
// the back is captured. Without a signature, the card must leave the view
// first.
func TestFlipRule(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	back := card(t, true, 2)
	defer back.Close()
	bg := docsynth.Background(frameW, frameH, 5)
	defer bg.Close()
	a := analyzer(t, IDCard)
	defer a.Close()

	// The front, captured first.
	f, _ := docsynth.Scene(bg, front, good)
	path := filepath.Join(t.TempDir(), "front.png")
	require.True(t, gocv.IMWrite(path, f))
	f.Close()
	first, err := Capture(context.Background(), openSource(t, path), a, CaptureOptions{})
	require.NoError(t, err)
	require.True(t, first.Captured)

	// The back step, the front still lying there.
	out, err := Capture(context.Background(), openSource(t, path), a, CaptureOptions{Avoid: first.Signature, Timeout: 2 * time.Second})
	require.NoError(t, err)
	assert.False(t, out.Captured)
	assert.Equal(t, FlipDocument, out.Reason)

	// Turned over in place (no frame without a card): front 10 frames,
	// then the back, slightly moved.
	var frames []gocv.Mat
	for i := 0; i < 10; i++ {
		m, _ := docsynth.Scene(bg, front, good)
		frames = append(frames, m)
	}
	p := good
	p.CX, p.Roll = 0.52, -2
	for i := 0; i < 15; i++ {
		m, _ := docsynth.Scene(bg, back, p)
		frames = append(frames, m)
	}
	spec := writeFrames(t, t.TempDir(), frames)
	for i := range frames {
		frames[i].Close()
	}
	out, err = Capture(context.Background(), openSource(t, spec), a, CaptureOptions{Avoid: first.Signature})
	require.NoError(t, err)
	require.True(t, out.Captured, "reason %s counts %v", out.Reason, out.GuidanceCounts)
	assert.GreaterOrEqual(t, out.FrameIndex, 10)
	assert.Equal(t, 10, out.GuidanceCounts[FlipDocument])
	assert.Less(t, out.Signature.Similarity(first.Signature), 0.3)

	// No signature, LeaveFirst: the same sequence never captures (the card
	// never left the view)…
	out, err = Capture(context.Background(), openSource(t, spec), a, CaptureOptions{LeaveFirst: true})
	require.NoError(t, err)
	assert.False(t, out.Captured)
	assert.Equal(t, FlipDocument, out.Reason)
	// …while the still front, after three empty frames, is taken.
	frames = nil
	for i := 0; i < 3; i++ {
		frames = append(frames, bg.Clone())
	}
	for i := 0; i < 12; i++ {
		m, _ := docsynth.Scene(bg, back, good)
		frames = append(frames, m)
	}
	spec = writeFrames(t, t.TempDir(), frames)
	for i := range frames {
		frames[i].Close()
	}
	out, err = Capture(context.Background(), openSource(t, spec), a, CaptureOptions{LeaveFirst: true})
	require.NoError(t, err)
	assert.True(t, out.Captured, "reason %s counts %v", out.Reason, out.GuidanceCounts)
}

// TestCaptureSignatureIsTheCapturedFrames: without a side to avoid,
// Capture takes the signature only for the frames it keeps; the
// outcome's is still the captured frame's, as Analyze takes it.
func TestCaptureSignatureIsTheCapturedFrames(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	frame, _ := scene(t, front, good, 5)
	path := filepath.Join(t.TempDir(), "card.png")
	require.True(t, gocv.IMWrite(path, frame))
	a := analyzer(t, IDCard)
	defer a.Close()
	want, err := a.Analyze(frame)
	frame.Close()
	require.NoError(t, err)
	var seen int
	out, err := Capture(context.Background(), openSource(t, path), a, CaptureOptions{
		Progress: func(Progress) { seen++ },
	})
	require.NoError(t, err)
	require.True(t, out.Captured)
	assert.InDelta(t, 1, out.Signature.Similarity(want.Signature), 1e-6)
	assert.InDelta(t, 1, out.Analysis.Signature.Similarity(want.Signature), 1e-6)
	assert.Equal(t, 10, seen)
}
