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

// secondFaceFrames counts the live frames of 3 s (640×480, σ noise, ±2
// px sway), from 300 ms on, whose problems include MULTIPLE_FACES
// (failed) and on which it is shown after the 3-frame hysteresis.
func secondFaceFrames(t *testing.T, sigma float64, seed uint64, frame func(c *synth.Camera) gocv.Mat) (failed, shown int) {
	t.Helper()
	cam := synth.NewCamera(synth.Width, synth.Height, sigma, 2, seed)
	an := facetest.Analyzer(t)
	stab := Stabilizer{Frames: 3}
	for i := 0; i < 90; i++ {
		f := frame(cam)
		a, err := an.AnalyzeLive(f)
		f.Close()
		require.NoError(t, err)
		code := stab.Update(a.Guidance)
		if i < 9 {
			continue
		}
		if contains(a.Problems, MultipleFaces) {
			failed++
		}
		if code == MultipleFaces {
			shown++
		}
	}
	return failed, shown
}

func contains(cs []Code, c Code) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// The landscape behind biden2.jpg, which the detector scores 0.6–0.93
// as a face under sensor noise, is not a second person: in each still
// session (σ 3 and 6, three seeds) MULTIPLE_FACES is shown on at most
// one detector period's frames (4; when two passes in a row score it
// ≥ 0.9 it counts until the next pass). Before second faces were judged
// on their average score, one pass over 0.9 made it count for as long as
// it scored over 0.6 (34 of 81 frames with seed 1 at σ 3). A second
// person beside the customer is shown MULTIPLE_FACES on every frame
// from 300 ms on.
func TestABackgroundPatternIsNotASecondPerson(t *testing.T) {
	biden, obama := placer(t, "biden2.jpg"), placer(t, "obama.jpg")
	for _, sigma := range []float64{3, 6} {
		for seed := uint64(1); seed <= 3; seed++ {
			failed, shown := secondFaceFrames(t, sigma, seed, func(c *synth.Camera) gocv.Mat { return c.Frame(biden, 100.0/110, 0, 0) })
			msg := fmt.Sprintf("biden2 σ %g, seed %d: MULTIPLE_FACES failed on %d, shown on %d of 81 frames", sigma, seed, failed, shown)
			t.Log(msg)
			assert.LessOrEqual(t, shown, 4, msg)
		}
		_, beside := secondFaceFrames(t, sigma, 9, func(c *synth.Camera) gocv.Mat {
			m := c.Frame(obama, 100.0/110, 0, 0)
			synth.Beside(&m, biden, 0.55, 0.34, -0.05)
			return m
		})
		assert.Equal(t, 81, beside, "a bystander σ %g", sigma)
	}
}
