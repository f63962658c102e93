package face_test

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	. "biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// A measurement (docs/capture.md, "Eyes behind glasses and in a smile"):
// the eye model's "open" probability on each labelled face placed
// before a kiosk camera, open and painted shut (Placer.EyesClosed), for
// eye crops of several sizes, and the landmarks' eye aspect ratio.
// go test ./capture/face -run XXX -bench EyeCrop -benchtime 1x -v
func BenchmarkEyeCrop(b *testing.B) {
	labels, err := synth.LoadLabels(testfiles.Path(b, "faces", "labels.json"))
	require.NoError(b, err)
	m := facetest.Models(b)
	an := facetest.Analyzer(b)
	scales := []float64{1.0, 1.2, 1.4, 1.6, 2.0}
	for _, l := range labels {
		if l.Expect == synth.ExpectDetection {
			continue
		}
		p, err := synth.NewPlacer(an, testfiles.Path(b, "faces", filepath.FromSlash(l.File)))
		require.NoError(b, err)
		shut, err := p.EyesClosed()
		if err != nil {
			p.Close()
			continue
		}
		for _, size := range [][2]int{{640, 480}, {1280, 720}} {
			line := fmt.Sprintf("%-20s %4d", l.Name(), size[1])
			for k, pl := range []*synth.Placer{p, shut} {
				line += [2]string{" open:", " | shut:"}[k]
				cam := synth.NewCamera(size[0], size[1], 6, 2, 1)
				f := cam.Frame(pl, 100.0/110, 0, 0)
				a, err := an.AnalyzeStill(f)
				require.NoError(b, err)
				gray := gocv.NewMat()
				gocv.CvtColor(f, &gray, gocv.ColorBGRToGray)
				for _, s := range scales {
					e, err := m.EyesWithCrop(gray, a.Landmarks, s)
					require.NoError(b, err)
					line += fmt.Sprintf(" %.1f:%.2f/%.2f", s, e.OpenRight, e.OpenLeft)
				}
				line += fmt.Sprintf(" ear %.2f/%.2f", ear(a.Landmarks, 36), ear(a.Landmarks, 42))
				gray.Close()
				f.Close()
			}
			b.Log(line)
		}
		shut.Close()
		p.Close()
	}
}

func ear(lm *Landmarks, i int) float64 {
	d := func(a, b int) float64 { return math.Hypot(lm[a].X-lm[b].X, lm[a].Y-lm[b].Y) }
	return (d(i+1, i+5) + d(i+2, i+4)) / (2 * d(i, i+3))
}
