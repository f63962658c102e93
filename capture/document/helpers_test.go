package document

import (
	"math"
	"testing"

	"biokiosk/internal/testkit/docsynth"

	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// The synthetic camera: 1280×720, like a kiosk webcam.
const frameW, frameH = 1280, 720

// card draws an ID-1 card at 10 px/mm with rounded corners.
func card(t testing.TB, back bool, seed int64) *docsynth.Card {
	t.Helper()
	c, err := docsynth.NewCard(docsynth.CardOptions{Width: 856, Height: 540, Back: back, Seed: seed, CornerRadius: 32})
	require.NoError(t, err)
	return c
}

// scene places c on a cluttered background with pose p.
func scene(t testing.TB, c *docsynth.Card, p docsynth.Pose, seed int64) (gocv.Mat, docsynth.Quad) {
	t.Helper()
	bg := docsynth.Background(frameW, frameH, seed)
	defer bg.Close()
	return docsynth.Scene(bg, c, p)
}

// good is a well-placed card: centred, 70 % of the frame's width.
var good = docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.7, Roll: 3}

func analyzer(t testing.TB, kind Type) *Analyzer {
	t.Helper()
	a, err := NewAnalyzer(kind, DefaultConfig())
	require.NoError(t, err)
	return a
}

// cornerError is the largest distance between found and true corners.
func cornerError(got Quad, want docsynth.Quad) float64 {
	e := 0.0
	for i := range got {
		e = math.Max(e, math.Hypot(float64(got[i].X-want[i].X), float64(got[i].Y-want[i].Y)))
	}
	return e
}
