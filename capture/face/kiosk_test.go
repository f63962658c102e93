package face_test

import (
	"image"
	"testing"

	. "biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// A face alone in a frame of the kiosk's shape, centred on the oval,
// passes every check.
func TestKioskFramingPasses(t *testing.T) {
	m := facetest.Models(t)
	a := NewAnalyzer(m, DefaultConfig())
	defer a.Close()
	frame := facetest.Frame(t, "obama.jpg", 1.0, 0, 0)
	defer frame.Close()
	r, err := a.AnalyzeStill(frame)
	require.NoError(t, err)
	assert.Equal(t, OK, r.Guidance, "%+v", r.Problems)
	assert.Greater(t, r.Score, 80.0)
}

func TestDegradationsAreNamed(t *testing.T) {
	m := facetest.Models(t)
	a := NewAnalyzer(m, DefaultConfig())
	defer a.Close()
	base := facetest.Frame(t, "obama.jpg", 1.0, 0, 0)
	defer base.Close()
	check := func(name string, f func(src gocv.Mat, dst *gocv.Mat), want Code) {
		t.Run(name, func(t *testing.T) {
			dst := gocv.NewMat()
			defer dst.Close()
			f(base, &dst)
			r, err := a.AnalyzeStill(dst)
			require.NoError(t, err)
			assert.Contains(t, r.Problems, want, "%+v photo %+v", r.Problems, r.Photo)
		})
	}
	check("blur", func(s gocv.Mat, d *gocv.Mat) { gocv.GaussianBlur(s, d, image.Pt(0, 0), 4, 4, gocv.BorderDefault) }, HoldStill)
	check("dark", func(s gocv.Mat, d *gocv.Mat) { s.ConvertToWithParams(d, gocv.MatTypeCV8UC3, 0.25, 0) }, TooDark)
	check("bright", func(s gocv.Mat, d *gocv.Mat) { s.ConvertToWithParams(d, gocv.MatTypeCV8UC3, 1.6, 90) }, TooBright)
	check("tilted", func(s gocv.Mat, d *gocv.Mat) {
		rot := gocv.GetRotationMatrix2D(image.Pt(s.Cols()/2, s.Rows()/2), 20, 1)
		defer rot.Close()
		gocv.WarpAffine(s, d, rot, image.Pt(s.Cols(), s.Rows()))
	}, HeadTilted)
	check("uneven", func(s gocv.Mat, d *gocv.Mat) {
		s.CopyTo(d)
		half := d.Region(image.Rect(0, 0, s.Cols()/2, s.Rows()))
		half.ConvertToWithParams(&half, gocv.MatTypeCV8UC3, 0.3, 0)
		half.Close()
	}, UnevenLight)
}

func TestHaarFallback(t *testing.T) {
	a, err := NewFallbackAnalyzer(HaarCascade, DefaultConfig())
	if err != nil {
		testfiles.Missing(t, "no cascade: %v", err)
	}
	defer a.Close()
	frame := facetest.Frame(t, "obama.jpg", 1.0, 0, 0)
	defer frame.Close()
	r, err := a.AnalyzeStill(frame)
	require.NoError(t, err)
	assert.True(t, r.Reduced)
	assert.Len(t, r.Faces, 1)
	assert.Nil(t, r.Landmarks)
	assert.Equal(t, -1.0, r.Liveness)
	assert.Equal(t, OK, r.Guidance, "%v", r.Problems)

	_, err = NewFallbackAnalyzer("/nonexistent.xml", DefaultConfig())
	assert.ErrorContains(t, err, "opencv-data")
}

// benchFrames are 640×480 kiosk frames of a person swaying slightly.
func benchFrames(b *testing.B) []gocv.Mat {
	a := NewAnalyzer(facetest.Models(b), DefaultConfig())
	defer a.Close()
	p, err := synth.NewPlacer(a, testfiles.Path(b, "faces", "portraits", "obama.jpg"))
	require.NoError(b, err)
	defer p.Close()
	var fs []gocv.Mat
	for i := 0; i < 30; i++ {
		fs = append(fs, p.Frame(1, float64(i%5-2)*2/synth.Width, 0))
	}
	b.Cleanup(func() {
		for i := range fs {
			fs[i].Close()
		}
	})
	return fs
}

// BenchmarkAnalyzeLive is the live per-frame analysis at 640×480. Run it
// single-threaded: OPENCV_FOR_THREADS_NUM=1 go test -cpu 1 -bench .
func BenchmarkAnalyzeLive(b *testing.B) {
	fs := benchFrames(b)
	a := NewAnalyzer(facetest.Models(b), DefaultConfig())
	defer a.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := a.AnalyzeLive(fs[i%len(fs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHaarBaseline is the naive baseline on the same frames: the
// Haar cascade with default parameters on every full frame.
func BenchmarkHaarBaseline(b *testing.B) {
	fs := benchFrames(b)
	c := gocv.NewCascadeClassifier()
	defer c.Close()
	if !c.Load(HaarCascade) {
		testfiles.Missing(b, "no cascade")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.DetectMultiScale(fs[i%len(fs)])
	}
}

// BenchmarkConfirm is the per-candidate cost (pose network + liveness).
func BenchmarkConfirm(b *testing.B) {
	fs := benchFrames(b)
	a := NewAnalyzer(facetest.Models(b), DefaultConfig())
	defer a.Close()
	r, err := a.AnalyzeStill(fs[0])
	require.NoError(b, err)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := a.Confirm(fs[0], &r); err != nil {
			b.Fatal(err)
		}
	}
}
