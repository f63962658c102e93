package document

import (
	"image"
	"sort"
	"testing"

	"biokiosk/internal/testkit/docsynth"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCornersAcrossPoses measures detection and corner error on cards at
// several scales, in-plane rotations and tilts, on cluttered
// backgrounds, every other one with pixel noise.
func TestCornersAcrossPoses(t *testing.T) {
	front := card(t, false, 1)
	defer front.Close()
	a := analyzer(t, IDCard)
	defer a.Close()
	var poses []docsynth.Pose
	for _, w := range []float64{0.4, 0.5, 0.6, 0.7} {
		for _, roll := range []float64{-25, -8, 0, 12, 25} {
			poses = append(poses, docsynth.Pose{CX: 0.5, CY: 0.5, Width: w, Roll: roll})
		}
	}
	for _, tilt := range [][2]float64{{15, 0}, {0, 15}, {-20, 10}, {10, -20}, {25, 0}, {0, -25}} {
		poses = append(poses, docsynth.Pose{CX: 0.48, CY: 0.52, Width: 0.55, Roll: 5, TiltX: tilt[0], TiltY: tilt[1]})
	}
	poses = inView(poses, front)
	require.GreaterOrEqual(t, len(poses), 20)
	found, accurate := 0, 0
	var errs []float64
	for i, p := range poses {
		frame, want := scene(t, front, p, int64(i))
		if i%2 == 1 {
			docsynth.Noise(&frame, 8, int64(i))
		}
		r, err := a.Analyze(frame)
		frame.Close()
		a.Reset()
		require.NoError(t, err)
		if !r.Found {
			t.Logf("pose %d %+v: not found", i, p)
			continue
		}
		found++
		e := cornerError(r.Corners, want)
		errs = append(errs, e)
		if e < 3 {
			accurate++
		}
		t.Logf("pose %d %+v: error %.2f px, aspect %.3f, side ratio %.3f, skew %.1f°, area %.2f, sharpness %.0f, guidance %s",
			i, p, e, r.Aspect, r.SideRatio, r.Skew, r.Area, r.Photo.Sharpness, r.Guidance)
	}
	sort.Float64s(errs)
	t.Logf("found %d/%d; within 3 px %d/%d; corner error median %.2f px, worst %.2f px", found, len(poses), accurate, found, errs[len(errs)/2], errs[len(errs)-1])
	// Measured (deterministic scenes): 17/21 found, 14 of them within
	// 3 px, median 1.0 px. The misses are clutter touching the border
	// (a disc or crossing lines closing loops with it). These floors are
	// regression guards at the measured figures.
	assert.GreaterOrEqual(t, found, 17, "detection rate")
	assert.GreaterOrEqual(t, accurate, 14, "corner accuracy")
	assert.Less(t, errs[len(errs)/2], 1.5, "median corner error")
}

// inView keeps the poses that put the whole card inside the frame with a
// 2 % margin.
func inView(poses []docsynth.Pose, c *docsynth.Card) []docsynth.Pose {
	var out []docsynth.Pose
	for _, p := range poses {
		q := docsynth.Project(c.Size(), image.Pt(frameW, frameH), p)
		in := true
		for _, c := range q {
			in = in && c.X > 0.02*frameW && c.X < 0.98*frameW && c.Y > 0.02*frameH && c.Y < 0.98*frameH
		}
		if in {
			out = append(out, p)
		}
	}
	return out
}

// TestAnalyzerReusedAcrossFrameSizes: the analyzer reuses its Mats
// between frames (the filled outlines' canvas is only cleared, not
// allocated again), so a frame of another size after a first one is
// analysed exactly as by a fresh analyzer.
func TestAnalyzerReusedAcrossFrameSizes(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	reused := analyzer(t, IDCard)
	defer reused.Close()
	for i, size := range []image.Point{{1280, 720}, {640, 480}, {1920, 1080}, {1280, 720}} {
		bg := docsynth.Background(size.X, size.Y, int64(i))
		frame, _ := docsynth.Scene(bg, front, good)
		bg.Close()
		fresh := analyzer(t, IDCard)
		want, err := fresh.Analyze(frame)
		fresh.Close()
		require.NoError(t, err)
		reused.Reset()
		got, err := reused.Analyze(frame)
		frame.Close()
		require.NoError(t, err)
		require.True(t, want.Found, "%v", size)
		assert.Equal(t, want.Corners, got.Corners, "%v", size)
		assert.Equal(t, want.Photo, got.Photo, "%v", size)
		assert.InDelta(t, 1, got.Signature.Similarity(want.Signature), 1e-6, "%v", size)
	}
}
