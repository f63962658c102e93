package document

import (
	"testing"

	"biokiosk/internal/testkit/docsynth"

	"gocv.io/x/gocv"
)

// FuzzAnalyzeDocument: any bytes offered as an image either fail to
// decode or analyse without a panic (or a leaked Mat, under matprofile),
// with a guidance code set.
func FuzzAnalyzeDocument(f *testing.F) {
	seed := func(m gocv.Mat, ext gocv.FileExt) {
		buf, err := gocv.IMEncode(ext, m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append([]byte(nil), buf.GetBytes()...))
		buf.Close()
	}
	blank := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(120, 120, 120, 0), 48, 64, gocv.MatTypeCV8UC3)
	seed(blank, gocv.JPEGFileExt)
	blank.Close()
	c, err := docsynth.NewCard(docsynth.CardOptions{Width: 214, Height: 135, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	bg := docsynth.Background(320, 240, 1)
	frame, _ := docsynth.Scene(bg, c, docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.7, Roll: 5})
	seed(frame, gocv.PNGFileExt)
	frame.Close()
	bg.Close()
	c.Close()
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	a, err := NewAnalyzer(IDCard, DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
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
		r, err := a.Analyze(img)
		if err == nil && r.Guidance == "" {
			t.Fatal("no guidance code")
		}
		if r.Found {
			out := gocv.NewMat()
			defer out.Close()
			if err := a.Rectify(img, &r, &out); err != nil {
				t.Fatal(err)
			}
		}
	})
}
