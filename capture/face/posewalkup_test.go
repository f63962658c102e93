package face_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// A face that walks up (far, off-centre, blurred, then in a dark spot,
// 0.5 s each) and then stands still in good light keeps issue 16's
// still-face spread over the still stretch from 300 ms on: SD ≤ 0.7°
// and every frame within 1.5° of the mean, on yaw, pitch and roll. The
// pose network reads these faces 2–4° differently in the dark; before
// the filter kept passes of one view only, the dark stretch's passes
// dragged the estimate for 0.8 s into the still stretch (max dev up to
// 3.1° in bench-capture).
func TestPoseIsSteadyOnAStillFaceAfterTheWalkUp(t *testing.T) {
	an := facetest.Analyzer(t)
	for i, name := range []string{"diverse/clapton-2.jpg", "diverse/lennon-2.jpg", "diverse/angelina_jolie.jpg"} {
		t.Run(name, func(t *testing.T) {
			p, err := synth.NewPlacer(an, testfiles.Path(t, "faces", filepath.FromSlash(name)))
			require.NoError(t, err)
			t.Cleanup(p.Close)
			s := synth.KioskSession(p, synth.NewCamera(synth.Width, synth.Height, 3, 2, uint64(i)), 30, 15, 90)
			start, end, err := s.Span(synth.Compliant)
			require.NoError(t, err)
			an.Reset()
			f := gocv.NewMat()
			t.Cleanup(func() { f.Close() })
			var yaw, pitch, roll []float64
			for n := 0; n < end; n++ {
				require.NoError(t, s.Read(context.Background(), &f))
				a, err := an.AnalyzeLive(f)
				require.NoError(t, err)
				if n >= start+9 { // from 300 ms into the still stretch
					require.True(t, a.PoseKnown, "frame %d", n)
					yaw, pitch, roll = append(yaw, a.Pose.Yaw), append(pitch, a.Pose.Pitch), append(roll, a.Pose.Roll)
				}
			}
			for _, axis := range []struct {
				name string
				v    []float64
			}{{"yaw", yaw}, {"pitch", pitch}, {"roll", roll}} {
				sd, dev := synth.Spread(axis.v)
				msg := fmt.Sprintf("%s: SD %.2f°, max dev %.2f°", axis.name, sd, dev)
				t.Log(msg)
				assert.LessOrEqual(t, sd, 0.7, msg)
				assert.LessOrEqual(t, dev, 1.5, msg)
			}
		})
	}
}
