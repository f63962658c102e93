package document

import (
	"testing"

	"biokiosk/internal/testkit/docsynth"

	"gocv.io/x/gocv"
)

// benchFrame is a well-placed card on a cluttered desk at w×h.
func benchFrame(b *testing.B, w, h int) gocv.Mat {
	c := card(b, false, 2)
	defer c.Close()
	bg := docsynth.Background(w, h, 5)
	defer bg.Close()
	frame, _ := docsynth.Scene(bg, c, good)
	return frame
}

// benchAnalyze times the analysis of a w×h frame; withSignature is
// Analyze (and Capture with a side to avoid), without it Capture's
// per-frame analysis otherwise.
func benchAnalyze(b *testing.B, w, h int, withSignature bool) {
	frame := benchFrame(b, w, h)
	defer frame.Close()
	a := analyzer(b, IDCard)
	defer a.Close()
	if r, err := a.analyze(frame, withSignature); err != nil || !r.Found {
		b.Fatalf("document not found (%v)", err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := a.analyze(frame, withSignature); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkAnalyzeDocument is the per-frame analysis (docs/document.md); run it with GOMAXPROCS=1 OPENCV_FOR_THREADS_NUM=1. The
// "capture" runs leave out the flip signature, as Capture does on every
// frame it does not keep unless a side is to be avoided.
func BenchmarkAnalyzeDocument(b *testing.B) {
	b.Run("1280x720", func(b *testing.B) { benchAnalyze(b, 1280, 720, true) })
	b.Run("640x480", func(b *testing.B) { benchAnalyze(b, 640, 480, true) })
	b.Run("1280x720-capture", func(b *testing.B) { benchAnalyze(b, 1280, 720, false) })
	b.Run("640x480-capture", func(b *testing.B) { benchAnalyze(b, 640, 480, false) })
}

// BenchmarkCaptureFinish is the once-per-capture cost: full-size
// rectification and JPEG encoding.
func BenchmarkCaptureFinish(b *testing.B) {
	frame := benchFrame(b, 1280, 720)
	defer frame.Close()
	a := analyzer(b, IDCard)
	defer a.Close()
	r, err := a.Analyze(frame)
	if err != nil || !r.Found {
		b.Fatal("document not found")
	}
	c := &candidate{frame: frame, a: r}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := finish(a, c, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
}
