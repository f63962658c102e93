// Package facetest gives tests the face models and kiosk-framed test
// portraits: one place instead of a loader and a framing helper per test
// package. Tests skip clearly when the models or ../shared/testdata are
// missing.
package facetest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"biokiosk/capture/face"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"gocv.io/x/gocv"
)

// loaded caches the models for the test binary: loading them takes most
// of a second and every test of a package wants them.
var loaded struct {
	once   sync.Once
	models *face.Models
	err    error
}

// Models returns the face models, or skips the test.
func Models(tb testing.TB) *face.Models {
	tb.Helper()
	loaded.once.Do(func() {
		dir, err := face.FindModelsDir(os.Getenv)
		if err != nil {
			loaded.err = err
			return
		}
		loaded.models, loaded.err = face.LoadModels(dir)
	})
	if loaded.err != nil {
		testfiles.Missing(tb, "face models unavailable (%v): run make models", loaded.err)
	}
	return loaded.models
}

// Analyzer returns a kiosk-default analyzer on the models, closed when
// the test ends.
func Analyzer(tb testing.TB) *face.Analyzer {
	tb.Helper()
	a := face.NewAnalyzer(Models(tb), face.DefaultConfig())
	tb.Cleanup(a.Close)
	return a
}

// Frame returns a 640×480 frame with the test portrait's face placed as
// a kiosk camera sees it (synth.Placer.Frame); the caller closes it.
func Frame(tb testing.TB, portrait string, scale, dx, dy float64) gocv.Mat {
	tb.Helper()
	p, err := synth.NewPlacer(Analyzer(tb), testfiles.Path(tb, "faces", "portraits", portrait))
	if err != nil {
		tb.Fatal(err)
	}
	defer p.Close()
	return p.Frame(scale, dx, dy)
}

// PNG writes the centred kiosk frame of a portrait to the test's temp dir
// (for file cameras) and returns its path.
func PNG(tb testing.TB, portrait string) string {
	tb.Helper()
	f := Frame(tb, portrait, 1, 0, 0)
	defer f.Close()
	out := filepath.Join(tb.TempDir(), portrait+".png")
	if !gocv.IMWrite(out, f) {
		tb.Fatalf("facetest: cannot write %s", out)
	}
	return out
}

// JPEG returns the centred kiosk frame of a portrait as a JPEG.
func JPEG(tb testing.TB, portrait string) []byte {
	tb.Helper()
	f := Frame(tb, portrait, 1, 0, 0)
	defer f.Close()
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, f, []int{gocv.IMWriteJpegQuality, 90})
	if err != nil {
		tb.Fatal(err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...)
}

// HeldUpJPEG returns, as a JPEG, a 640×480 frame of the portrait at
// faces/<rel> held up before the camera as a printed photo
// (synth.Placer.HeldUp, 60 % of the frame's height): a sample passive
// liveness should refuse.
func HeldUpJPEG(tb testing.TB, rel string) []byte {
	tb.Helper()
	p, err := synth.NewPlacer(Analyzer(tb), testfiles.Path(tb, "faces", filepath.FromSlash(rel)))
	if err != nil {
		tb.Fatal(err)
	}
	defer p.Close()
	f := p.HeldUp(synth.Width, synth.Height, 0.6)
	defer f.Close()
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, f, []int{gocv.IMWriteJpegQuality, 90})
	if err != nil {
		tb.Fatal(err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...)
}
