package face_test

import (
	"fmt"
	"testing"

	. "biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// Each correction, on a live noisy sequence built to need exactly it,
// is the code shown (after the 3-frame hysteresis) from 300 ms on, and
// it does not change for the rest of the 1.33 s. Directions are the
// person's: a face at the image's left (unmirrored camera) stands to the
// person's right, so MOVE_LEFT. A face high and to the side is told to
// move sideways first, never to turn. The eyes are painted shut
// (EYES_CLOSED), a lamp lights the face from one side (UNEVEN_LIGHT) and
// a second person stands beside the first (MULTIPLE_FACES) on the same
// compliant framing, so each of those frames needs only that correction.
func TestEachCorrectionIsShownSteadily(t *testing.T) {
	front, turned, bystander := placer(t, "obama.jpg"), placer(t, "obama2.jpg"), placer(t, "biden2.jpg")
	shut, err := front.EyesClosed()
	require.NoError(t, err)
	t.Cleanup(shut.Close)
	const ied = 100.0 / 110
	cases := []struct {
		want Code
		// more: the frame may fail later checks too (a face high and to
		// the side; light bad enough also hides the eyes and the focus);
		// every other frame fails the wanted check only.
		more  bool
		frame func(c *synth.Camera) gocv.Mat
	}{
		{OK, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0, 0) }},
		{NoFace, false, func(c *synth.Camera) gocv.Mat { m := synth.Empty(); c.AddNoise(&m); return m }},
		{MoveCloser, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, 0.6, 0, 0) }},
		{MoveBack, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, 2.0, 0, 0.05) }},
		{MoveLeft, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, -0.2, 0) }},
		{MoveRight, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0.2, 0) }},
		{MoveDown, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0, -0.18) }},
		{MoveUp, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0, 0.28) }},
		// A seated or short person, face low in the frame, and a tall one,
		// face high: the portrait's crop around the face still fits, so
		// nobody is asked to move (issue 24: they were told MOVE_UP or
		// MOVE_DOWN from 12 % off the oval's centre).
		{OK, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0, 0.15) }},
		{OK, false, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0, -0.05) }},
		{MoveRight, true, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0.2, -0.18) }}, // high and to the side
		{TurnRight, false, func(c *synth.Camera) gocv.Mat { return c.Frame(turned, ied, 0, 0) }},
		{HeadTilted, false, func(c *synth.Camera) gocv.Mat { return c.FrameTilted(front, ied, 0, 0, 15) }},
		{TooDark, true, func(c *synth.Camera) gocv.Mat { m := c.Frame(front, ied, 0, 0); synth.Darken(&m, 0.25); return m }},
		{TooBright, true, func(c *synth.Camera) gocv.Mat {
			m := c.Frame(front, ied, 0, 0)
			m.ConvertToWithParams(&m, gocv.MatTypeCV8UC3, 1.6, 90)
			return m
		}},
		{HoldStill, false, func(c *synth.Camera) gocv.Mat { m := c.Frame(front, ied, 0, 0); synth.Blur(&m, 4); return m }},
		{EyesClosed, false, func(c *synth.Camera) gocv.Mat { return c.Frame(shut, ied, 0, 0) }},
		{UnevenLight, false, func(c *synth.Camera) gocv.Mat {
			// From 0.3 of the light at the face's one side to 1.2 at the
			// other, over the middle quarter of the frame.
			m := c.Frame(front, ied, 0, 0)
			synth.SideLight(&m, synth.Width/2, synth.Width/4, 0.3, 1.2)
			return m
		}},
		{MultipleFaces, false, func(c *synth.Camera) gocv.Mat {
			// A second person at 55 % of the first's size, beside them.
			m := c.Frame(front, ied, 0, 0)
			synth.Beside(&m, bystander, 0.55, 0.34, -0.05)
			return m
		}},
	}
	for i, tc := range cases {
		t.Run(string(tc.want), func(t *testing.T) {
			cam := synth.NewCamera(synth.Width, synth.Height, 6, 2, uint64(i))
			an := facetest.Analyzer(t)
			stab := Stabilizer{Frames: 3}
			var shown []Code
			var problems [][]Code
			for n := 0; n < 40; n++ {
				f := tc.frame(cam)
				a, err := an.AnalyzeLive(f)
				f.Close()
				require.NoError(t, err)
				shown = append(shown, stab.Update(a.Guidance))
				problems = append(problems, a.Problems)
			}
			for n, c := range shown[9:] { // from 300 ms at 30 fps
				require.Equal(t, tc.want, c, "frame %d: %v", n+9, shown)
			}
			assert.Equal(t, tc.want, shown[len(shown)-1])
			if !tc.more {
				want := []Code{tc.want}
				if tc.want == OK {
					want = nil
				}
				for n, p := range problems[9:] {
					require.Equal(t, want, p, "frame %d: the sequence needs exactly this correction", n+9)
				}
			}
		})
	}
}

// A washed-out or dark face is the detector's weakest (scores down to
// 0.87 at 1080p, under the 0.9 a new face needs): it is still found and
// its light named at the kiosk cameras' resolutions, steadily from
// 300 ms on.
func TestBadLightIsNamedAtKioskResolutions(t *testing.T) {
	front := placer(t, "obama.jpg")
	const ied = 100.0 / 110
	for _, res := range [][2]int{{1280, 720}, {1920, 1080}} {
		for _, tc := range []struct {
			want Code
			edit func(m *gocv.Mat)
		}{
			{TooBright, func(m *gocv.Mat) { m.ConvertToWithParams(m, gocv.MatTypeCV8UC3, 1.6, 90) }},
			{TooDark, func(m *gocv.Mat) { synth.Darken(m, 0.15) }},
		} {
			t.Run(fmt.Sprintf("%s %dp", tc.want, res[1]), func(t *testing.T) {
				cam := synth.NewCamera(res[0], res[1], 6, 2*float64(res[1])/synth.Height, 5)
				an := facetest.Analyzer(t)
				stab := Stabilizer{Frames: 3}
				var shown []Code
				for n := 0; n < 30; n++ {
					f := cam.Frame(front, ied, 0, 0)
					tc.edit(&f)
					a, err := an.AnalyzeLive(f)
					f.Close()
					require.NoError(t, err)
					shown = append(shown, stab.Update(a.Guidance))
				}
				for n, c := range shown[9:] {
					require.Equal(t, tc.want, c, "frame %d: %v", n+9, shown)
				}
			})
		}
	}
}
