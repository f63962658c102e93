package face

import (
	"image"
	"testing"

	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// BenchmarkStages times each network and measure of the live analysis on
// one 640×480 frame, the pose network's halves apart, to see which frame
// of the live schedule costs what (docs/capture.md). Run it with
// GOMAXPROCS=1 OPENCV_FOR_THREADS_NUM=1 (make bench).
func BenchmarkStages(b *testing.B) {
	m := models(b)
	img := portrait(b, "obama-480p.jpg")
	b.Cleanup(func() { img.Close() })
	frame := img.Region(image.Rect(0, 0, 640, 480))
	b.Cleanup(func() { frame.Close() })
	gray := gocv.NewMat()
	b.Cleanup(func() { gray.Close() })
	gocv.CvtColor(frame, &gray, gocv.ColorBGRToGray)
	faces, err := m.Detect(frame)
	require.NoError(b, err)
	require.NotEmpty(b, faces)
	box := faces[0].Box
	lm, err := m.Landmarks(gray, box)
	require.NoError(b, err)
	mid, err := m.poseFirst(frame, &lm)
	require.NoError(b, err)
	b.Cleanup(func() { mid.Close() })
	run := func(name string, f func() error) {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				require.NoError(b, f())
			}
		})
	}
	run("detect", func() error { _, err := m.Detect(frame); return err })
	run("landmarks", func() error { _, err := m.Landmarks(gray, box); return err })
	run("eyes", func() error { _, err := m.Eyes(gray, &lm); return err })
	run("pose-whole", func() error { _, err := m.PoseOf(frame, &lm); return err })
	run("pose-first-half", func() error {
		h, err := m.poseFirst(frame, &lm)
		h.Close()
		return err
	})
	run("pose-second-half", func() error { _, err := m.poseSecond(mid); return err })
	run("liveness", func() error { _, err := m.Liveness(frame, box); return err })
	run("photometry", func() error { measurePhotometry(gray, box, &lm); return nil })
}
