package facetest

import (
	"path/filepath"
	"testing"

	"biokiosk/capture/face"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/require"
)

// Labelled is a face of testdata/faces/labels.json with its placer.
type Labelled struct {
	Label  synth.Label
	Placer *synth.Placer
}

// LabelledFaces places every labelled face that is compliant or needs a
// correction (the detection-only ones are left out) with an; the placers
// close when the test ends.
func LabelledFaces(tb testing.TB, an *face.Analyzer) []Labelled {
	tb.Helper()
	labels, err := synth.LoadLabels(testfiles.Path(tb, "faces", "labels.json"))
	require.NoError(tb, err)
	var out []Labelled
	for _, l := range labels {
		if l.Expect == synth.ExpectDetection {
			continue
		}
		p, err := synth.NewPlacer(an, testfiles.Path(tb, "faces", filepath.FromSlash(l.File)))
		require.NoError(tb, err, l.File)
		tb.Cleanup(p.Close)
		out = append(out, Labelled{Label: l, Placer: p})
	}
	return out
}
