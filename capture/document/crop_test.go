package document

import (
	"fmt"
	"image"
	"testing"

	"biokiosk/internal/testkit/docsynth"
	"biokiosk/internal/testkit/doctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// rendered is a doctest document (a JPEG) as a sharp-cornered card.
func rendered(t *testing.T, jpeg []byte) *docsynth.Card {
	t.Helper()
	img, err := gocv.IMDecode(jpeg, gocv.IMReadColor)
	require.NoError(t, err)
	require.False(t, img.Empty())
	mask := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 0, 0, 0), img.Rows(), img.Cols(), gocv.MatTypeCV8U)
	return &docsynth.Card{Image: img, Mask: mask}
}

// borderStrips is the mean grey level of the outermost 2 px of each side
// of a BGR image (top, right, bottom, left), leaving out a tenth of the
// side at each end (rounded corners).
func borderStrips(t *testing.T, m gocv.Mat) [4]float64 {
	t.Helper()
	g := gocv.NewMat()
	defer g.Close()
	gocv.CvtColor(m, &g, gocv.ColorBGRToGray)
	w, h := g.Cols(), g.Rows()
	rects := [4]image.Rectangle{
		image.Rect(w/10, 0, w-w/10, 2), image.Rect(w-2, h/10, w, h-h/10),
		image.Rect(w/10, h-2, w-w/10, h), image.Rect(0, h/10, 2, h-h/10),
	}
	var out [4]float64
	for i, r := range rects {
		roi := g.Region(r)
		out[i] = roi.Mean().Val1
		roi.Close()
	}
	return out
}

// jpegRoundTrip re-encodes frame in place as a webcam's MJPEG would
// (quality 80): ringing along the document's edges.
func jpegRoundTrip(t *testing.T, frame *gocv.Mat) {
	t.Helper()
	buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, *frame, []int{gocv.IMWriteJpegQuality, 80})
	require.NoError(t, err)
	defer buf.Close()
	dec, err := gocv.IMDecode(buf.GetBytes(), gocv.IMReadColor)
	require.NoError(t, err)
	frame.Close()
	*frame = dec
}

// cropPoses are well-placed documents at several sizes, rolls and tilts.
var cropPoses = []docsynth.Pose{
	{CX: 0.5, CY: 0.5, Width: 0.8, Roll: 1.5, TiltX: 4},
	{CX: 0.5, CY: 0.5, Width: 0.7},
	{CX: 0.5, CY: 0.5, Width: 0.6, Roll: -10},
	{CX: 0.45, CY: 0.5, Width: 0.55, Roll: 7, TiltY: 12},
	{CX: 0.52, CY: 0.5, Width: 0.65, Roll: -3, TiltX: -10},
}

// The rectified crop holds the document only: each side's outermost
// 2 px match the document's own border (as printed, scaled to the
// output), on rendered ID cards and passport pages and on docsynth's
// rounded cards, across poses, with and without a webcam's JPEG. A line
// of background in the crop pulls a strip's mean down by 40–60 levels
// (measured before the sides were relocated on the full frame: rows of
// 120–160 against a card at 239).
func TestCropBorderIsDocument(t *testing.T) {
	type doc struct {
		name string
		kind Type
		card *docsynth.Card
	}
	var docs []doc
	// Closed however the test ends: doctest skips when ImageMagick, the
	// font or the shared portraits are missing, after the docsynth cards
	// were drawn.
	defer func() {
		for _, d := range docs {
			d.card.Close()
		}
	}()
	for i, back := range []bool{false, true} {
		docs = append(docs, doc{fmt.Sprintf("docsynth card back=%v", back), IDCard, card(t, back, int64(i+3))})
	}
	if testing.Short() {
		t.Log("short: docsynth cards only")
	} else {
		front, back := doctest.IDCard(t, doctest.Specimen())
		docs = append(docs, doc{"ID card front", IDCard, rendered(t, front)}, doc{"ID card back", IDCard, rendered(t, back)},
			doc{"passport page", Passport, rendered(t, doctest.Passport(t, doctest.Specimen()))})
	}
	checked, missed := 0, 0
	for _, d := range docs {
		a := analyzer(t, d.kind)
		geo := a.Geometry()
		want := gocv.NewMat()
		gocv.Resize(d.card.Image, &want, image.Pt(geo.Width, geo.Height), 0, 0, gocv.InterpolationArea)
		printed := borderStrips(t, want)
		want.Close()
		for i, p := range cropPoses {
			if q := docsynth.Project(d.card.Size(), image.Pt(frameW, frameH), p); !inside(q) {
				continue
			}
			frame, truth := scene(t, d.card, p, int64(10+i))
			if i%2 == 1 {
				jpegRoundTrip(t, &frame)
			}
			r, err := a.Analyze(frame)
			require.NoError(t, err)
			a.Reset()
			// Clutter crossing an edge can pull the outline's corner by
			// more than the sides' search radius (docs/document.md's known
			// misses, measured by TestCornersAcrossPoses); the crop can
			// then take in some desk. Those are counted, not checked.
			if !r.Found || cornerError(r.Corners, truth) > 2 {
				t.Logf("%s pose %+v: outline missed (found %v, corner error %.1f px)", d.name, p, r.Found, cornerError(r.Corners, truth))
				frame.Close()
				missed++
				continue
			}
			out := gocv.NewMat()
			require.NoError(t, a.Rectify(frame, &r, &out))
			got := borderStrips(t, out)
			out.Close()
			frame.Close()
			checked++
			for s, name := range []string{"top", "right", "bottom", "left"} {
				assert.InDelta(t, printed[s], got[s], 8, "%s pose %+v: %s strip %.0f, printed %.0f", d.name, p, name, got[s], printed[s])
			}
			t.Logf("%s pose %+v: strips %.0f (printed %.0f)", d.name, p, got, printed)
		}
		a.Close()
	}
	// Measured: 16 of the 24 in-view scenes have their outline within
	// 2 px (7 of the 10 docsynth ones under -short); the rest are clutter
	// lines and discs crossing an edge (every document on pose 5's desk,
	// and two more passport pages, whose 1.42 aspect lets a loop of page
	// and desk fit). A regression guard at that figure.
	t.Logf("crop checked on %d scenes; outline missed on %d", checked, missed)
	assert.GreaterOrEqual(t, checked, 2*(checked+missed)/3, "outline misses")
}

// inside says every corner lies in the frame with a 2 % margin.
func inside(q docsynth.Quad) bool {
	for _, c := range q {
		if c.X < 0.02*frameW || c.X > 0.98*frameW || c.Y < 0.02*frameH || c.Y > 0.98*frameH {
			return false
		}
	}
	return true
}

// TestSignatureSimilarityRenderedCard measures the flip rule on
// internal/testkit/doctest's rendered ID card, front (portrait and printed
// fields) against back (the TD1 zone), as TestSignatureSimilarity does on
// docsynth's cards.
func TestSignatureSimilarityRenderedCard(t *testing.T) {
	if testing.Short() {
		t.Skip("short: docsynth cards only")
	}
	f, b := doctest.IDCard(t, doctest.Specimen())
	front, back := rendered(t, f), rendered(t, b)
	defer front.Close()
	defer back.Close()
	minSame, maxOther := sideSimilarities(t, "ID card", front, back)
	def := CaptureOptions{}.withDefaults().MaxSimilarity
	assert.Greater(t, minSame, def+0.2)
	assert.Less(t, maxOther, def-0.2)
}
