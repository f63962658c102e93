package face_test

import (
	"math"
	"testing"

	. "biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// placer is a synth.Placer for a test portrait, closed with the test.
func placer(t *testing.T, name string) *synth.Placer {
	t.Helper()
	p, err := synth.NewPlacer(facetest.Analyzer(t), testfiles.Path(t, "faces", "portraits", name))
	require.NoError(t, err)
	t.Cleanup(p.Close)
	return p
}

// A motionless face under sensor noise (σ 6, ±2 px sway, IED 100 px at
// 640×480) keeps a steady pose over 3 s at 30 fps: SD ≤ 0.7°, every frame
// within 1.5° of the mean, on yaw, pitch and roll (issue 16: the
// detector-box crop gave yaw SD up to 2.8°, deviations up to 8°).
func TestPoseIsSteadyOnAStillFace(t *testing.T) {
	for _, name := range []string{"obama.jpg", "obama_small.jpg"} {
		p := placer(t, name)
		cam := synth.NewCamera(synth.Width, synth.Height, 6, 2, 7)
		an := facetest.Analyzer(t)
		var yaw, pitch, roll []float64
		for i := 0; i < 100; i++ {
			f := cam.Frame(p, 100.0/110, 0, 0)
			a, err := an.AnalyzeLive(f)
			f.Close()
			require.NoError(t, err)
			// The pose network's halves run on frames 1 and 2.
			require.Equal(t, i >= 2, a.PoseKnown, "frame %d", i)
			if i >= 10 { // the first 300 ms fill the filter
				yaw, pitch, roll = append(yaw, a.Pose.Yaw), append(pitch, a.Pose.Pitch), append(roll, a.Pose.Roll)
			}
		}
		for axis, v := range map[string][]float64{"yaw": yaw, "pitch": pitch, "roll": roll} {
			sd, dev := synth.Spread(v)
			t.Logf("%s %s: SD %.2f°, max dev %.2f°", name, axis, sd, dev)
			assert.LessOrEqual(t, sd, 0.7, "%s %s", name, axis)
			assert.LessOrEqual(t, dev, 1.5, "%s %s", name, axis)
		}
	}
}

// A head that turns away is reported within 200 ms (6 frames at 30 fps):
// the filter restarts on a jump instead of averaging it away.
func TestPoseFollowsAHeadTurn(t *testing.T) {
	front, turned := placer(t, "obama.jpg"), placer(t, "obama2.jpg")
	cam := synth.NewCamera(synth.Width, synth.Height, 6, 2, 3)
	an := facetest.Analyzer(t)
	for i := 0; i < 30; i++ {
		f := cam.Frame(front, 100.0/110, 0, 0)
		a, err := an.AnalyzeLive(f)
		f.Close()
		require.NoError(t, err)
		require.Less(t, math.Abs(a.Pose.Yaw), 10.0)
	}
	seen := -1
	for i := 0; i < 12 && seen < 0; i++ {
		f := cam.Frame(turned, 100.0/110, 0, 0)
		a, err := an.AnalyzeLive(f)
		f.Close()
		require.NoError(t, err)
		if a.Guidance == TurnRight {
			seen = i
		}
	}
	t.Logf("turn reported after %d frames", seen+1)
	assert.True(t, seen >= 0 && seen < 6, "turn seen at frame %d", seen)
}
