package document

import (
	"image"
	"image/color"
	"testing"

	"biokiosk/internal/testkit/docsynth"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// analyzeScene analyses one frame of the front at pose p after degrade.
func analyzeScene(t *testing.T, p docsynth.Pose, degrade func(*gocv.Mat, docsynth.Quad)) Analysis {
	t.Helper()
	front := card(t, false, 2)
	defer front.Close()
	frame, q := scene(t, front, p, 5)
	defer frame.Close()
	if degrade != nil {
		degrade(&frame, q)
	}
	a := analyzer(t, IDCard)
	defer a.Close()
	r, err := a.Analyze(frame)
	require.NoError(t, err)
	return r
}

func TestGuidance(t *testing.T) {
	centre := func(q docsynth.Quad) image.Point {
		return image.Pt(int((q[0].X+q[2].X)/2), int((q[0].Y+q[2].Y)/2))
	}
	cases := []struct {
		name    string
		pose    docsynth.Pose
		degrade func(*gocv.Mat, docsynth.Quad)
		want    Code
	}{
		{"good", good, nil, OK},
		{"good with noise", good, func(m *gocv.Mat, _ docsynth.Quad) { docsynth.Noise(m, 6, 1) }, OK},
		{"small", docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.35}, nil, MoveCloser},
		{"at the edge", docsynth.Pose{CX: 0.35, CY: 0.5, Width: 0.7}, nil, MoveBack},
		// 25°: beyond about 27° the aspect leaves AspectTolerance, and
		// the outline is no longer a document at all.
		{"tilted", docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.6, TiltY: 25}, nil, Align},
		{"dark", good, func(m *gocv.Mat, _ docsynth.Quad) { docsynth.Darken(m, 0.3) }, TooDark},
		{"glare", good, func(m *gocv.Mat, q docsynth.Quad) { docsynth.Glare(m, centre(q), image.Pt(60, 35)) }, Glare},
		{"slightly soft", good, func(m *gocv.Mat, _ docsynth.Quad) { docsynth.Blur(m, 1) }, OK},
		{"soft", good, func(m *gocv.Mat, _ docsynth.Quad) { docsynth.Blur(m, 1.5) }, OK},
		{"blurred", good, func(m *gocv.Mat, _ docsynth.Quad) { docsynth.Blur(m, 2) }, Blurry},
		{"very blurred", good, func(m *gocv.Mat, _ docsynth.Quad) { docsynth.Blur(m, 3) }, Blurry},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := analyzeScene(t, c.pose, c.degrade)
			t.Logf("%s: found %v area %.2f side ratio %.3f skew %.1f brightness %.0f glare %.4f sharpness %.0f score %.1f problems %v",
				c.name, r.Found, r.Area, r.SideRatio, r.Skew, r.Photo.Brightness, r.Photo.Glare, r.Photo.Sharpness, r.Score, r.Problems)
			require.True(t, r.Found)
			assert.Equal(t, c.want, r.Guidance)
		})
	}
}

func TestNoDocument(t *testing.T) {
	a := analyzer(t, IDCard)
	defer a.Close()
	for seed := int64(0); seed < 5; seed++ {
		bg := docsynth.Background(frameW, frameH, seed)
		r, err := a.Analyze(bg)
		bg.Close()
		require.NoError(t, err)
		assert.False(t, r.Found, "seed %d: %v", seed, r.Corners)
		assert.Equal(t, NoDocument, r.Guidance)
		assert.Zero(t, r.Score)
	}
}

// TestWrongAspectRejected: a square and a long strip, light and printed
// like a card, are not documents; the same card is one.
func TestWrongAspectRejected(t *testing.T) {
	a := analyzer(t, IDCard)
	defer a.Close()
	for _, size := range []image.Point{{540, 540}, {856, 540}, {900, 300}} {
		c := plainCard(size)
		frame, _ := scene(t, c, docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.6 * float64(size.X) / 856, Roll: 4}, 9)
		c.Close()
		r, err := a.Analyze(frame)
		frame.Close()
		require.NoError(t, err)
		isCard := size == image.Pt(856, 540)
		assert.Equal(t, isCard, r.Found, "%v: aspect %.2f", size, r.Aspect)
	}
}

// plainCard is a light shape of size with lines of print and no inner
// boxes.
func plainCard(size image.Point) *docsynth.Card {
	img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(214, 222, 228, 0), size.Y, size.X, gocv.MatTypeCV8UC3)
	for y := 60; y < size.Y-30; y += 50 {
		gocv.PutText(&img, "PRINTED LINE OF TEXT 0123", image.Pt(30, y), gocv.FontHersheySimplex, 0.9, color.RGBA{40, 30, 30, 0}, 2)
	}
	mask := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 0, 0, 0), size.Y, size.X, gocv.MatTypeCV8U)
	return &docsynth.Card{Image: img, Mask: mask}
}

func TestPassportPage(t *testing.T) {
	page, err := docsynth.NewCard(docsynth.CardOptions{Width: 1000, Height: 704, Back: true, Seed: 4})
	require.NoError(t, err)
	defer page.Close()
	frame, want := scene(t, page, docsynth.Pose{CX: 0.5, CY: 0.5, Width: 0.6, Roll: -6}, 6)
	defer frame.Close()
	p := analyzer(t, Passport)
	defer p.Close()
	r, err := p.Analyze(frame)
	require.NoError(t, err)
	require.True(t, r.Found)
	assert.Less(t, cornerError(r.Corners, want), 3.0)
	assert.Equal(t, OK, r.Guidance, "%v", r.Problems)
	// An ID-1 analyzer does not take the passport page (aspect 1.42).
	id := analyzer(t, IDCard)
	defer id.Close()
	r, err = id.Analyze(frame)
	require.NoError(t, err)
	assert.False(t, r.Found)
}

func TestHoldStill(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	a := analyzer(t, IDCard)
	defer a.Close()
	bg := docsynth.Background(frameW, frameH, 5)
	defer bg.Close()
	var got []Code
	for _, cx := range []float64{0.50, 0.501, 0.53} { // still, 1 px, then 38 px
		p := good
		p.CX = cx
		frame, _ := docsynth.Scene(bg, front, p)
		r, err := a.Analyze(frame)
		frame.Close()
		require.NoError(t, err)
		got = append(got, r.Guidance)
	}
	assert.Equal(t, []Code{OK, OK, HoldStill}, got)
}

func TestRectifyOutputSize(t *testing.T) {
	front := card(t, false, 2)
	defer front.Close()
	frame, _ := scene(t, front, good, 5)
	defer frame.Close()
	a := analyzer(t, IDCard)
	defer a.Close()
	r, err := a.Analyze(frame)
	require.NoError(t, err)
	out := gocv.NewMat()
	defer out.Close()
	require.NoError(t, a.Rectify(frame, &r, &out))
	assert.Equal(t, image.Pt(1011, 638), image.Pt(out.Cols(), out.Rows()))
	// The header band is at the top: the rectified card reads upright.
	top := out.Region(image.Rect(100, 30, 900, 70))
	defer top.Close()
	bottom := out.Region(image.Rect(100, 560, 900, 600))
	defer bottom.Close()
	assert.Less(t, top.Mean().Val1, bottom.Mean().Val1-40)
	assert.Error(t, a.Rectify(frame, &Analysis{}, &out))
}

func TestStabilizer(t *testing.T) {
	s := Stabilizer{Frames: 3}
	var shown []Code
	for _, c := range []Code{NoDocument, OK, OK, NoDocument, OK, OK, OK, Glare} {
		shown = append(shown, s.Update(c))
	}
	assert.Equal(t, []Code{NoDocument, NoDocument, NoDocument, NoDocument, NoDocument, NoDocument, OK, OK}, shown)
}
