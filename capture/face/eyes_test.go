package face_test

import (
	"fmt"
	"testing"

	. "biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The eyes of every labelled face (all of them are open), placed before
// a kiosk camera at 480 and 720 lines under σ 6 noise, read open, and
// the same face with its eyes painted shut (Placer.EyesClosed) is told
// EYES_CLOSED: an eye-state change that lets one more face through must
// still refuse closed eyes on all of them.
func TestEyeStateOfLabelledFaces(t *testing.T) {
	an := facetest.Analyzer(t)
	for _, lf := range facetest.LabelledFaces(t, an) {
		l, p := lf.Label, lf.Placer
		shut, err := p.EyesClosed()
		require.NoError(t, err)
		t.Cleanup(shut.Close)
		for _, h := range []int{480, 720} {
			t.Run(fmt.Sprintf("%s %dp", l.Name(), h), func(t *testing.T) {
				cam := synth.NewCamera(h*4/3, h, 6, 2, 1)
				open := analyzeOne(t, an, cam, p)
				closed := analyzeOne(t, an, cam, shut)
				assert.False(t, closed.Eyes.Open(), "painted shut: %+v", closed.Eyes)
				assert.Contains(t, closed.Problems, EyesClosed, "painted shut: %+v", closed.Eyes)
				if why, ok := facetest.EyesMisread[l.Name()]; ok {
					t.Logf("open, misread (%s): %+v", why, open.Eyes)
					return
				}
				assert.True(t, open.Eyes.Open(), "open: %+v", open.Eyes)
				assert.NotContains(t, open.Problems, EyesClosed)
			})
		}
	}
}

func analyzeOne(t *testing.T, an *Analyzer, cam *synth.Camera, p *synth.Placer) Analysis {
	t.Helper()
	f := cam.Frame(p, 100.0/110, 0, 0)
	defer f.Close()
	a, err := an.AnalyzeStill(f)
	require.NoError(t, err)
	require.NotNil(t, a.Landmarks)
	return a
}
