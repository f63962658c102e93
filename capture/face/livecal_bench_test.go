package face_test

import (
	"fmt"
	"testing"

	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"

	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// A measurement (docs/capture.md, "Liveness on generated sessions"): the
// liveness network's score on each labelled face placed before a
// kiosk camera (Placer.Frame) and held up as a printed photo
// (Placer.HeldUp), by sensor noise, fed RGB / BGR.
// go test ./capture/face -run XXX -bench LivenessByNoise -benchtime 1x -v
func BenchmarkLivenessByNoise(b *testing.B) {
	m := facetest.Models(b)
	an := facetest.Analyzer(b)
	for _, lf := range facetest.LabelledFaces(b, an) {
		l, p := lf.Label, lf.Placer
		line := fmt.Sprintf("%-20s", l.Name())
		for _, photo := range []bool{false, true} {
			line += fmt.Sprintf(" | photo %v:", photo)
			for _, sigma := range []float64{0, 3, 6} {
				cam := synth.NewCamera(640, 480, sigma, 0, 1)
				var sum, sumBGR float64
				for i := 0; i < 4; i++ {
					var f gocv.Mat
					if photo {
						f = p.HeldUp(640, 480, 0.6)
						cam.AddNoise(&f)
					} else {
						f = cam.Frame(p, 100.0/110, 0, 0)
					}
					a, err := an.AnalyzeStill(f)
					require.NoError(b, err)
					if len(a.Faces) > 0 {
						v, err := m.LivenessRGB(f, a.Box())
						require.NoError(b, err)
						sum += v
						v, err = m.Liveness(f, a.Box())
						require.NoError(b, err)
						sumBGR += v
					}
					f.Close()
				}
				line += fmt.Sprintf(" σ%g %.2f/%.2f", sigma, sum/4, sumBGR/4)
			}
		}
		b.Log(line)
	}
}
