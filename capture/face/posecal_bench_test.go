package face_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/require"
)

// A measurement (docs/capture.md, "Head pose zero"): the pose network's
// mean pitch and yaw on the labelled compliant faces, placed as a kiosk
// camera sees them, for crops of several sizes and vertical offsets.
// Pitch is reported from pitchZero (−6.0°, measured with this benchmark
// before it was set: every crop read level faces −4.7…−6.0°).
// go test ./capture/face -run XXX -bench PoseCrop -benchtime 1x -v
func BenchmarkPoseCrop(b *testing.B) {
	labels, err := synth.LoadLabels(testfiles.Path(b, "faces", "labels.json"))
	require.NoError(b, err)
	m := facetest.Models(b)
	an := facetest.Analyzer(b)
	type variant struct{ side, up float64 }
	var vs []variant
	for _, side := range []float64{1.3, 1.5, 1.8, 2.1} {
		for _, up := range []float64{-0.05, 0, 0.05, 0.1, 0.15} {
			vs = append(vs, variant{side, up})
		}
	}
	sumP, sumY := make([]float64, len(vs)+1), make([]float64, len(vs)+1)
	n := 0
	for _, l := range labels {
		if l.Expect != synth.ExpectCompliant {
			continue
		}
		p, err := synth.NewPlacer(an, testfiles.Path(b, "faces", filepath.FromSlash(l.File)))
		require.NoError(b, err)
		f := p.Frame(100.0/110, 0, 0)
		a, err := an.AnalyzeStill(f)
		require.NoError(b, err)
		require.NotNil(b, a.Landmarks)
		line := fmt.Sprintf("%-16s live %.2f", l.Name(), a.Liveness)
		for i, v := range vs {
			q, err := m.PoseWithCrop(f, a.Landmarks, v.side, v.up)
			require.NoError(b, err)
			sumP[i] += q.Pitch
			sumY[i] += q.Yaw
			line += fmt.Sprintf(" %+5.1f", q.Pitch)
		}
		q, err := m.Pose(f, a.Box())
		require.NoError(b, err)
		sumP[len(vs)] += q.Pitch
		line += fmt.Sprintf(" | box %+5.1f", q.Pitch)
		b.Log(line)
		n++
		f.Close()
		p.Close()
	}
	for i, v := range vs {
		b.Logf("side %.1f up %+.2f: mean pitch %+.1f°, mean yaw %+.1f°", v.side, v.up, sumP[i]/float64(n), sumY[i]/float64(n))
	}
	b.Logf("detector box grown by a quarter: mean pitch %+.1f°", sumP[len(vs)]/float64(n))
}
