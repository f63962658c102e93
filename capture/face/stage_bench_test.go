package face

import (
	"image"
	"testing"

	"gocv.io/x/gocv"
)

func BenchmarkStages(b *testing.B) {
	m := models(b)
	img := portrait(b, "obama-480p.jpg")
	defer img.Close()
	frame := img.Region(image.Rect(0, 0, 640, 480))
	defer frame.Close()
	gray := gocv.NewMat()
	defer gray.Close()
	gocv.CvtColor(frame, &gray, gocv.ColorBGRToGray)
	faces, _ := m.Detect(frame)
	box := faces[0].Box
	lm, _ := m.Landmarks(gray, box)
	b.Run("detect", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m.Detect(frame)
		}
	})
	b.Run("landmarks", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m.Landmarks(gray, box)
		}
	})
	b.Run("eyes", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m.Eyes(gray, &lm)
		}
	})
	b.Run("pose", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m.PoseOf(frame, &lm)
		}
	})
	b.Run("liveness", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m.Liveness(frame, box)
		}
	})
	b.Run("photometry", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			measurePhotometry(gray, box)
		}
	})
}
