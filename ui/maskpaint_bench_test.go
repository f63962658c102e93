package ui

import "testing"

// BenchmarkMaskDraw is one redraw of each capture overlay at a kiosk
// preview's size, as while the hold-still band fills (every frame).
func BenchmarkMaskDraw(b *testing.B) {
	face, doc := newFaceMask(), newDocMask()
	face.Progress, doc.Progress = 0.5, 0.5
	b.Run("face", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			face.draw(960, 540)
		}
	})
	b.Run("document", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			doc.draw(960, 540)
		}
	})
}
