package face_test

import (
	"fmt"
	"testing"

	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"

	"github.com/stretchr/testify/require"
)

// A measurement: what the still analysis reads on each labelled face
// placed before a kiosk camera (640×480 and 1280×720, σ 3 noise): the
// figures behind the gates, to compare with the labels.
// go test ./capture/face -run XXX -bench LabelledStills -benchtime 1x -v
func BenchmarkLabelledStills(b *testing.B) {
	an := facetest.Analyzer(b)
	for _, lf := range facetest.LabelledFaces(b, an) {
		l, p := lf.Label, lf.Placer
		line := fmt.Sprintf("%-20s %-10s", l.Name(), l.Expect)
		for _, size := range [][2]int{{640, 480}, {1280, 720}} {
			cam := synth.NewCamera(size[0], size[1], 3, 2, 1)
			f := cam.Frame(p, 100.0/110, 0, 0)
			a, err := an.AnalyzeStill(f)
			f.Close()
			require.NoError(b, err)
			line += fmt.Sprintf(" | %s yaw %+5.1f pitch %+5.1f unif %.2f bright %3.0f eyes %.2f/%.2f live %.2f", a.Guidance, a.Pose.Yaw, a.Pose.Pitch,
				a.Photo.Uniformity, a.Photo.Brightness, a.Eyes.OpenRight, a.Eyes.OpenLeft, a.Liveness)
		}
		b.Log(line)
	}
}
