package widgets

import "testing"

// BenchmarkMaskDraw is one redraw of each capture overlay at a kiosk
// preview's size while the hold-still band fills (a new progress every
// frame, the kept overlay reused), and, as the baseline, the first draw
// at a size (every pixel asked of the shape, as every redraw was before
// the overlay was kept).
func BenchmarkMaskDraw(b *testing.B) {
	for _, tc := range []struct {
		name string
		draw func(m *maskRaster, progress float64)
	}{
		{"face", func(m *maskRaster, p float64) {
			f := newFaceMask()
			f.painter, f.Progress = *m, p
			f.draw(960, 540)
			*m = f.painter
		}},
		{"document", func(m *maskRaster, p float64) {
			d := newDocMask()
			d.painter, d.Progress = *m, p
			d.draw(960, 540)
			*m = d.painter
		}},
	} {
		b.Run(tc.name+"/filling", func(b *testing.B) {
			var m maskRaster
			tc.draw(&m, 0.01)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tc.draw(&m, float64(i%100+1)/100)
			}
		})
		b.Run(tc.name+"/first", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var m maskRaster
				tc.draw(&m, float64(i%100+1)/100)
			}
		})
	}
}
