package face_test

import (
	"testing"

	. "biokiosk/capture/face"
	"biokiosk/internal/facetest"
	"biokiosk/internal/synth"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// Each correction, on a live noisy sequence built to need exactly it,
// is the code shown (after the 3-frame hysteresis) from 300 ms on, and
// it does not change for the rest of the 1.33 s. Directions are the
// person's: a face at the image's left (unmirrored camera) stands to the
// person's right, so MOVE_LEFT. A face high and to the side is told to
// move sideways first, never LOOK_STRAIGHT.
func TestEachCorrectionIsShownSteadily(t *testing.T) {
	front, turned := placer(t, "obama.jpg"), placer(t, "obama2.jpg")
	const ied = 100.0 / 110
	cases := []struct {
		want  Code
		frame func(c *synth.Camera) gocv.Mat
	}{
		{OK, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0, 0) }},
		{NoFace, func(c *synth.Camera) gocv.Mat { m := synth.Empty(); c.AddNoise(&m); return m }},
		{MoveCloser, func(c *synth.Camera) gocv.Mat { return c.Frame(front, 0.6, 0, 0) }},
		{MoveBack, func(c *synth.Camera) gocv.Mat { return c.Frame(front, 2.0, 0, 0.05) }},
		{MoveLeft, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, -0.2, 0) }},
		{MoveRight, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0.2, 0) }},
		{MoveDown, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0, -0.18) }},
		{MoveUp, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0, 0.18) }},
		{MoveRight, func(c *synth.Camera) gocv.Mat { return c.Frame(front, ied, 0.2, -0.18) }}, // high and to the side
		{LookStraight, func(c *synth.Camera) gocv.Mat { return c.Frame(turned, ied, 0, 0) }},
		{HeadTilted, func(c *synth.Camera) gocv.Mat { return c.FrameTilted(front, ied, 0, 0, 15) }},
		{TooDark, func(c *synth.Camera) gocv.Mat { m := c.Frame(front, ied, 0, 0); synth.Darken(&m, 0.25); return m }},
		{TooBright, func(c *synth.Camera) gocv.Mat {
			m := c.Frame(front, ied, 0, 0)
			m.ConvertToWithParams(&m, gocv.MatTypeCV8UC3, 1.6, 90)
			return m
		}},
		{HoldStill, func(c *synth.Camera) gocv.Mat { m := c.Frame(front, ied, 0, 0); synth.Blur(&m, 4); return m }},
	}
	for i, tc := range cases {
		t.Run(string(tc.want), func(t *testing.T) {
			cam := synth.NewCamera(synth.Width, synth.Height, 6, 2, uint64(i))
			an := facetest.Analyzer(t)
			stab := Stabilizer{Frames: 3}
			var shown []Code
			for n := 0; n < 40; n++ {
				f := tc.frame(cam)
				a, err := an.AnalyzeLive(f)
				f.Close()
				require.NoError(t, err)
				shown = append(shown, stab.Update(a.Guidance))
			}
			for n, c := range shown[9:] { // from 300 ms at 30 fps
				require.Equal(t, tc.want, c, "frame %d: %v", n+9, shown)
			}
			assert.Equal(t, tc.want, shown[len(shown)-1])
		})
	}
}
