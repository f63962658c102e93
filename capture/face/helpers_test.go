package face

import (
	"bytes"
	"encoding/xml"
	"image"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

var (
	modelsOnce sync.Once
	testModels *Models
	modelsErr  error
)

// models loads the models once for the package's tests, or skips.
func models(t testing.TB) *Models {
	t.Helper()
	modelsOnce.Do(func() {
		dir, err := FindModelsDir(os.Getenv)
		if err != nil {
			modelsErr = err
			return
		}
		testModels, modelsErr = LoadModels(dir)
	})
	if modelsErr != nil {
		testfiles.Missing(t, "face models unavailable (%v): run make models", modelsErr)
	}
	return testModels
}

// portrait reads a test portrait; the caller closes it.
func portrait(t testing.TB, name string) gocv.Mat {
	t.Helper()
	img := gocv.IMRead(testfiles.Path(t, "faces", "portraits", name), gocv.IMReadColor)
	require.False(t, img.Empty(), name)
	return img
}

// vocImage is one labelled image of faces/detection.
type vocImage struct {
	File  string `xml:"file,attr"`
	Boxes []struct {
		Top    int `xml:"top,attr"`
		Left   int `xml:"left,attr"`
		Width  int `xml:"width,attr"`
		Height int `xml:"height,attr"`
		Ignore int `xml:"ignore,attr"`
	} `xml:"box"`
}

// vocSet reads testing.xml and training.xml.
func vocSet(t testing.TB) (dir string, imgs []vocImage) {
	t.Helper()
	dir = filepath.Dir(testfiles.Path(t, "faces", "detection", "testing.xml"))
	for _, f := range []string{"testing.xml", "training.xml"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		var ds struct {
			Images []vocImage `xml:"images>image"`
		}
		dec := xml.NewDecoder(bytes.NewReader(b))
		// The files declare ISO-8859-1 but hold only ASCII.
		dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
		require.NoError(t, dec.Decode(&ds), f)
		imgs = append(imgs, ds.Images...)
	}
	return dir, imgs
}

// recall matches detections to labelled faces of at least minSide px at
// IoU ≥ 0.5 and counts false positives (detections matching no label of
// any size).
func recall(t testing.TB, detect func(gocv.Mat) []image.Rectangle, minSide int) (found, total, fp int) {
	dir, imgs := vocSet(t)
	for _, im := range imgs {
		img := gocv.IMRead(filepath.Join(dir, im.File), gocv.IMReadColor)
		require.False(t, img.Empty(), im.File)
		dets := detect(img)
		img.Close()
		used := make([]bool, len(dets))
		for _, b := range im.Boxes {
			lab := image.Rect(b.Left, b.Top, b.Left+b.Width, b.Top+b.Height)
			big := b.Ignore == 0 && b.Width >= minSide && b.Height >= minSide
			if big {
				total++
			}
			for i, d := range dets {
				if !used[i] && IoU(d, lab) >= 0.5 {
					used[i] = true
					if big {
						found++
					}
					break
				}
			}
		}
		for _, u := range used {
			if !u {
				fp++
			}
		}
	}
	dogs := gocv.IMRead(filepath.Join(dir, "dogs.jpg"), gocv.IMReadColor)
	fp += len(detect(dogs))
	dogs.Close()
	return found, total, fp
}
