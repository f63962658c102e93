package face_test

import (
	"fmt"
	"math"
	"testing"

	. "biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"

	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// A measurement (docs/capture.md, "Eyes behind glasses and in a smile"):
// the eye model's "open" probability on each labelled face placed
// before a kiosk camera, open and painted shut (Placer.EyesClosed), for
// eye crops of several sizes, and the landmarks' eye aspect ratio.
// go test ./capture/face -run XXX -bench EyeCrop -benchtime 1x -v
func BenchmarkEyeCrop(b *testing.B) {
	m := facetest.Models(b)
	an := facetest.Analyzer(b)
	scales := []float64{1.0, 1.2, 1.4, 1.6, 2.0}
	for _, lf := range facetest.LabelledFaces(b, an) {
		l, p := lf.Label, lf.Placer
		shut, err := p.EyesClosed()
		if err != nil {
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
	}
}

func ear(lm *Landmarks, i int) float64 {
	d := func(a, b int) float64 { return math.Hypot(lm[a].X-lm[b].X, lm[a].Y-lm[b].Y) }
	return (d(i+1, i+5) + d(i+2, i+4)) / (2 * d(i, i+3))
}

// A measurement (docs/capture.md, "Eyes behind glasses and in a smile"):
// would pooling the eye model's verdicts over the recent frames of a
// still face separate open eyes from shut ones? Each labelled face is
// held still before a kiosk camera through the live analysis, open and
// painted shut, at 480 and 720 lines, σ 3 and 6; printed: the frames on
// which both eyes read open (p ≥ 0.5), and the range over the session's
// 16-frame windows (0.5 s at 30 fps) of the mean of the lesser eye's
// and of both eyes' p(open).
// go test ./capture/face -run XXX -bench EyePooled -benchtime 1x -v
func BenchmarkEyePooled(b *testing.B) {
	an := facetest.Analyzer(b)
	const frames, window = 48, 16
	for _, lf := range facetest.LabelledFaces(b, an) {
		l, p := lf.Label, lf.Placer
		shut, err := p.EyesClosed()
		require.NoError(b, err)
		for _, size := range [][2]int{{640, 480}, {1280, 720}} {
			for _, sigma := range []float64{3, 6} {
				line := fmt.Sprintf("%-20s %4d σ%.0f", l.Name(), size[1], sigma)
				for k, pl := range []*synth.Placer{p, shut} {
					an.Reset()
					cam := synth.NewCamera(size[0], size[1], sigma, 2, 1)
					var lesser, both []float64
					open := 0
					for n := 0; n < frames; n++ {
						f := cam.Frame(pl, 100.0/110, 0, 0)
						a, err := an.AnalyzeLive(f)
						f.Close()
						require.NoError(b, err)
						if a.Eyes.Open() {
							open++
						}
						lesser = append(lesser, math.Min(a.Eyes.OpenLeft, a.Eyes.OpenRight))
						both = append(both, (a.Eyes.OpenLeft+a.Eyes.OpenRight)/2)
					}
					line += fmt.Sprintf("%s %2d/%d open, lesser %s, both %s", [2]string{" open:", " | shut:"}[k],
						open, frames, windowRange(lesser, window), windowRange(both, window))
				}
				b.Log(line)
			}
		}
		shut.Close()
	}
}

// windowRange is the least and greatest mean of v over its windows of n.
func windowRange(v []float64, n int) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i+n <= len(v); i++ {
		var sum float64
		for _, x := range v[i : i+n] {
			sum += x
		}
		lo, hi = math.Min(lo, sum/float64(n)), math.Max(hi, sum/float64(n))
	}
	return fmt.Sprintf("%.2f–%.2f", lo, hi)
}
