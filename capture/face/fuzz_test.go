package face

import (
	"testing"

	"gocv.io/x/gocv"
)

// FuzzAnalyzeImage: any bytes offered as an image either fail to decode
// or analyse without a panic, with a guidance code set.
func FuzzAnalyzeImage(f *testing.F) {
	blank := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(120, 120, 120, 0), 48, 64, gocv.MatTypeCV8UC3)
	buf, err := gocv.IMEncode(gocv.JPEGFileExt, blank)
	blank.Close()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(append([]byte(nil), buf.GetBytes()...))
	buf.Close()
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE0})
	m := models(f)
	a := NewAnalyzer(m, DefaultConfig())
	defer a.Close()
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := gocv.IMDecode(b, gocv.IMReadColor)
		if err != nil || img.Empty() {
			img.Close()
			return
		}
		defer img.Close()
		if img.Cols()*img.Rows() > 4096*4096 {
			return
		}
		r, err := a.AnalyzeStill(img)
		if err == nil && r.Guidance == "" {
			t.Fatal("no guidance code")
		}
	})
}
