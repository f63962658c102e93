package face

import (
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"testing"

	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// modelBoxes is the shipped detector as recall's detect function.
func modelBoxes(t *testing.T, m *Models) func(gocv.Mat) []image.Rectangle {
	return func(img gocv.Mat) []image.Rectangle {
		d, err := m.Detect(img)
		require.NoError(t, err)
		var r []image.Rectangle
		for _, x := range d {
			r = append(r, x.Box)
		}
		return r
	}
}

func TestDetectionRecall(t *testing.T) {
	m := models(t)
	found, total, fp := recall(t, modelBoxes(t, m), 40)
	t.Logf("fr_detect: recall %d/%d (faces ≥ 40 px, IoU ≥ 0.5), %d false positives", found, total, fp)
	require.NotZero(t, total)
	assert.GreaterOrEqual(t, float64(found)/float64(total), 0.95) // measured 21/21
	assert.LessOrEqual(t, fp, 2)                                  // measured 0
}

// TestHaarBaselineRecall measures the Haar cascade (gocv's example
// defaults, the fallback detector without the models) on the labelled
// set: it must still find most faces, and the shipped detector must do
// at least as well on both recall and false positives.
func TestHaarBaselineRecall(t *testing.T) {
	c := gocv.NewCascadeClassifier()
	t.Cleanup(func() { c.Close() })
	if !c.Load(HaarCascade) {
		testfiles.Missing(t, "opencv-data's Haar cascade %s is missing: install opencv-data (scripts/install-deps.sh)", HaarCascade)
	}
	found, total, fp := recall(t, func(img gocv.Mat) []image.Rectangle { return c.DetectMultiScale(img) }, 40)
	t.Logf("Haar (gocv example defaults): recall %d/%d, %d false positives", found, total, fp)
	require.NotZero(t, total)
	assert.GreaterOrEqual(t, float64(found)/float64(total), 0.85) // measured 19/21, 10 false positives
	m := models(t)
	mFound, _, mFP := recall(t, modelBoxes(t, m), 40)
	assert.GreaterOrEqual(t, mFound, found, "the shipped detector finds at least what Haar finds")
	assert.LessOrEqual(t, mFP, fp, "and no more false positives")
}

func TestStillPortraits(t *testing.T) {
	m := models(t)
	a := NewAnalyzer(m, DefaultConfig())
	defer a.Close()
	cases := []struct {
		file      string
		faces     int
		want      []Code
		wantNot   []Code
		eyesOpen  bool
		maxAbsYaw float64
	}{
		{"obama.jpg", 1, nil, []Code{TurnLeft, TurnRight, ChinUp, ChinDown, HeadTilted, EyesClosed, TooDark, HoldStill, NotLive, MultipleFaces}, true, 10},
		{"obama_small.jpg", 1, []Code{MoveCloser}, []Code{TurnLeft, TurnRight, ChinUp, ChinDown, EyesClosed}, true, 10},
		{"obama2.jpg", 1, []Code{TurnRight}, nil, true, 90},
		{"biden.jpg", 1, []Code{HeadTilted}, []Code{EyesClosed}, true, 90},
		{"two_people.jpg", 2, []Code{MultipleFaces}, nil, true, 90},
	}
	t.Run("biden2.jpg", func(t *testing.T) {
		img := portrait(t, "biden2.jpg")
		defer img.Close()
		r, err := a.AnalyzeStill(img)
		require.NoError(t, err)
		assert.Len(t, r.Faces, 1, "the painting behind scores 0.77 as a face: under acquireScore")
		assert.NotContains(t, r.Problems, MultipleFaces)
	})
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			img := portrait(t, c.file)
			defer img.Close()
			r, err := a.AnalyzeStill(img)
			require.NoError(t, err)
			assert.Len(t, r.Faces, c.faces)
			for _, w := range c.want {
				assert.Contains(t, r.Problems, w)
			}
			for _, w := range c.wantNot {
				assert.NotContains(t, r.Problems, w)
			}
			assert.Equal(t, c.eyesOpen, r.Eyes.Open())
			assert.LessOrEqual(t, math.Abs(r.Pose.Yaw), c.maxAbsYaw)
			assert.True(t, r.PoseKnown)
			assert.GreaterOrEqual(t, r.Liveness, 0.0)
			assert.Equal(t, r.Problems[0], r.Guidance)
			assert.InDelta(t, 50, r.Score, 50)
		})
	}
}

func TestEmbeddingSeparatesPeople(t *testing.T) {
	m := models(t)
	a := NewAnalyzer(m, DefaultConfig())
	defer a.Close()
	emb := func(name string) Embedding {
		img := portrait(t, name)
		defer img.Close()
		r, err := a.AnalyzeStill(img)
		require.NoError(t, err)
		e, err := m.Embed(img, r.Landmarks)
		require.NoError(t, err)
		require.Len(t, e, EmbeddingSize)
		return e
	}
	obama := []Embedding{emb("obama.jpg"), emb("obama2.jpg"), emb("obama3.jpg"), emb("obama_small.jpg")}
	biden := []Embedding{emb("biden.jpg"), emb("biden2.jpg")}
	for i := range obama {
		for j := i + 1; j < len(obama); j++ {
			assert.Greater(t, Similarity(obama[i], obama[j]), 0.5, "obama %d/%d", i, j)
		}
		for _, b := range biden {
			assert.Less(t, Similarity(obama[i], b), 0.3, "obama %d vs biden", i)
		}
	}
	assert.InDelta(t, 1, Similarity(obama[0], obama[0]), 1e-5)
	assert.Zero(t, Similarity(obama[0], obama[0][:10]))
}

func TestNoFaceAndBadFrames(t *testing.T) {
	m := models(t)
	a := NewAnalyzer(m, DefaultConfig())
	defer a.Close()
	blank := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(90, 90, 90, 0), 480, 640, gocv.MatTypeCV8UC3)
	defer blank.Close()
	r, err := a.AnalyzeStill(blank)
	require.NoError(t, err)
	assert.Equal(t, NoFace, r.Guidance)
	assert.Equal(t, []Code{NoFace}, r.Problems)
	assert.Zero(t, r.Score)

	empty := gocv.NewMat()
	defer empty.Close()
	_, err = a.AnalyzeStill(empty)
	assert.Error(t, err)
	gray := gocv.NewMatWithSize(10, 10, gocv.MatTypeCV8U)
	defer gray.Close()
	_, err = a.AnalyzeLive(gray)
	assert.Error(t, err)
}

func TestOpenAnalyzerFallsBackLoudly(t *testing.T) {
	if _, err := os.Stat(HaarCascade); err != nil {
		testfiles.Missing(t, "opencv-data's Haar cascade missing")
	}
	var warn stringsBuilder
	a, closeFn, err := OpenAnalyzer(func(k string) string {
		if k == EnvModels {
			return t.TempDir()
		}
		return ""
	}, DefaultConfig(), &warn)
	require.NoError(t, err)
	defer closeFn()
	assert.True(t, a.Reduced())
	assert.Contains(t, warn.String(), "Haar cascade")
	assert.Equal(t, 1, countLines(warn.String()))
}

func TestStabilizer(t *testing.T) {
	s := Stabilizer{Frames: 3}
	assert.Equal(t, NoFace, s.Update(NoFace))
	assert.Equal(t, NoFace, s.Update(OK))
	assert.Equal(t, NoFace, s.Update(OK))
	assert.Equal(t, OK, s.Update(OK))
	assert.Equal(t, OK, s.Update(TooDark))
	assert.Equal(t, OK, s.Update(OK)) // a one-frame blip resets
	assert.Equal(t, OK, s.Update(TooDark))
	assert.Equal(t, OK, s.Update(TooDark))
	assert.Equal(t, TooDark, s.Update(TooDark))
}

func TestScoreMappingsMatchOFIQ(t *testing.T) {
	// Examples from the spec's OFIQ table.
	assert.InDelta(t, 38, scoreIED(60), 1)
	assert.InDelta(t, 73, scoreIED(90), 1)
	assert.InDelta(t, 92, scoreIED(120), 1)
	assert.InDelta(t, 99, scoreAngle(5), 0.5)
	assert.InDelta(t, 97, scoreAngle(10), 0.5)
	assert.InDelta(t, 75, scoreAngle(30), 0.5)
	assert.Greater(t, scoreBrightness(128), 95.0)
	assert.Less(t, scoreBrightness(20), 10.0)
	assert.InDelta(t, 50, scoreSharpness(40, 40), 0.1)
}

// The live analysis finds no face where faces/detection labels none,
// and still finds the labelled ones (issue 16: it saw a face in dogs.jpg
// on its 480-line copy, which the full image never showed). Each photo
// is a still camera: 8 live frames, two detector passes. dogs.jpg is
// also tried at other sizes, and never gives a capture candidate.
func TestLiveAnalysisFindsOnlyLabelledFaces(t *testing.T) {
	m := models(t)
	photos := labelledPhotos(t)
	var found, total int
	for _, p := range photos {
		last := assertOnlyLabelledFaces(t, m, p)
		f, n := labelledFacesFound(p, last)
		found, total = found+f, total+n
	}
	t.Logf("live analysis: %d/%d labelled faces ≥ 40 px found", found, total)
	require.NotZero(t, total)
	assert.GreaterOrEqual(t, float64(found)/float64(total), 0.95) // measured 21/21
}

// A labelledPhoto is a test photo and its labelled faces.
type labelledPhoto struct {
	name string
	img  gocv.Mat
	lab  []image.Rectangle
	big  []bool // labelled, not ignored, ≥ 40 px
}

// labelledPhotos are faces/detection's photos with their labels, and
// dogs.jpg (no face) at its own size and at 360 to 1080 lines; t closes
// them.
func labelledPhotos(t *testing.T) []labelledPhoto {
	dir, imgs := vocSet(t)
	load := func(name string) gocv.Mat {
		img := gocv.IMRead(filepath.Join(dir, name), gocv.IMReadColor)
		require.False(t, img.Empty(), name)
		t.Cleanup(func() { img.Close() })
		return img
	}
	var photos []labelledPhoto
	for _, im := range imgs {
		p := labelledPhoto{name: im.File, img: load(im.File)}
		for _, b := range im.Boxes {
			p.lab = append(p.lab, image.Rect(b.Left, b.Top, b.Left+b.Width, b.Top+b.Height))
			p.big = append(p.big, b.Ignore == 0 && b.Width >= 40 && b.Height >= 40)
		}
		photos = append(photos, p)
	}
	dogs := load("dogs.jpg")
	photos = append(photos, labelledPhoto{name: "dogs.jpg", img: dogs})
	for _, h := range []int{360, 480, 600, 720, 1080} {
		r := gocv.NewMat()
		t.Cleanup(func() { r.Close() })
		gocv.Resize(dogs, &r, image.Pt(dogs.Cols()*h/dogs.Rows(), h), 0, 0, gocv.InterpolationArea)
		photos = append(photos, labelledPhoto{name: fmt.Sprintf("dogs.jpg at %d lines", h), img: r})
	}
	return photos
}

// assertOnlyLabelledFaces runs a fresh live analysis on p as a still
// camera for 8 frames, checks that every face found is a labelled one and
// that no frame is a capture candidate, and returns the last frame's.
func assertOnlyLabelledFaces(t *testing.T, m *Models, p labelledPhoto) Analysis {
	a := NewAnalyzer(m, DefaultConfig())
	defer a.Close()
	var last Analysis
	for n := 0; n < 8; n++ {
		r, err := a.AnalyzeLive(p.img)
		require.NoError(t, err)
		for _, f := range r.Faces {
			assert.True(t, matchesLabel(f.Box, p.lab), "%s frame %d: face %v where none is labelled", p.name, n, f.Box)
		}
		assert.False(t, r.OK(), "%s frame %d: a capture candidate", p.name, n)
		last = r
	}
	return last
}

// matchesLabel says box has an IoU of at least 0.5 with one of labels.
func matchesLabel(box image.Rectangle, labels []image.Rectangle) bool {
	for _, l := range labels {
		if IoU(box, l) >= 0.5 {
			return true
		}
	}
	return false
}

// labelledFacesFound counts p's big labelled faces (total) and those the
// analysis found (IoU ≥ 0.5).
func labelledFacesFound(p labelledPhoto, a Analysis) (found, total int) {
	for i, l := range p.lab {
		if !p.big[i] {
			continue
		}
		total++
		for _, f := range a.Faces {
			if IoU(f.Box, l) >= 0.5 {
				found++
				break
			}
		}
	}
	return found, total
}

// A weak detection is kept only where a face is already followed.
func TestAcquireKeepsWeakDetectionsOfFollowedFacesOnly(t *testing.T) {
	strong := Detection{Box: image.Rect(0, 0, 100, 100), Score: 0.95}
	weak := Detection{Box: image.Rect(200, 0, 300, 100), Score: 0.7}
	assert.Equal(t, []Detection{strong}, acquire([]Detection{strong, weak}))
	followed := []Detection{{Box: image.Rect(210, 5, 310, 105), Score: 0.99}}
	assert.Equal(t, []Detection{strong, weak}, acquire([]Detection{strong, weak}, nil, followed))
	elsewhere := []Detection{{Box: image.Rect(400, 0, 500, 100), Score: 0.99}}
	assert.Equal(t, []Detection{strong}, acquire([]Detection{strong, weak}, elsewhere))
	assert.Empty(t, acquire(nil, followed))
}
