package face

import (
	"image"
	"math"
	"os"
	"testing"

	"biokiosk/internal/testfiles"

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
		{"obama.jpg", 1, nil, []Code{LookStraight, HeadTilted, EyesClosed, TooDark, HoldStill, NotLive, MultipleFaces}, true, 10},
		{"obama_small.jpg", 1, []Code{MoveCloser}, []Code{LookStraight, EyesClosed}, true, 10},
		{"obama2.jpg", 1, []Code{LookStraight}, nil, true, 90},
		{"biden.jpg", 1, []Code{HeadTilted}, []Code{EyesClosed}, true, 90},
		{"two_people.jpg", 2, []Code{MultipleFaces}, nil, true, 90},
	}
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
