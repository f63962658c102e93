package widgets

import (
	"image"
	"testing"

	"biokiosk/capture/document/docresult"
	"biokiosk/capture/preview"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The found document's edges are drawn where the document is in the
// contained picture, in the frame's colour, and hidden when the
// analysis finds none (and on reset).
func TestDocPreviewDrawsTheFoundEdges(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	p := NewDocPreview(inline)
	w := test.NewWindow(p)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(800, 400)) // wider than 4:3: the picture is centred across
	pic := image.NewRGBA(image.Rect(0, 0, 640, 480))
	corners := docresult.Quad{{X: 100, Y: 120}, {X: 540, Y: 120}, {X: 540, Y: 400}, {X: 100, Y: 400}}
	p.SetState(OvalGood, 0)
	p.Push(&preview.Document{Image: pic, Analysis: docresult.Analysis{Found: true, Corners: corners}})

	size := p.img.Size()
	require.NotZero(t, size.Width)
	scale := min(size.Width/640, size.Height/480)
	ox := (size.Width - 640*scale) / 2
	for i, l := range p.edges {
		assert.True(t, l.Visible(), "edge %d", i)
		assert.Equal(t, OvalGood, l.StrokeColor)
		c := corners[i]
		assert.InDelta(t, ox+float32(c.X)*scale, l.Position1.X, 0.01, "edge %d", i)
		assert.InDelta(t, float32(c.Y)*scale, l.Position1.Y, 0.01, "edge %d", i)
		n := corners[(i+1)%4]
		assert.InDelta(t, ox+float32(n.X)*scale, l.Position2.X, 0.01, "edge %d", i)
	}
	// Corners of a 1280×960 analysed frame over its 640×480 picture.
	double := docresult.Quad{}
	for i, c := range corners {
		double[i] = docresult.Point{X: 2 * c.X, Y: 2 * c.Y}
	}
	p.Push(&preview.Document{Image: pic, Analysis: docresult.Analysis{Width: 1280, Height: 960, Found: true, Corners: double}})
	assert.InDelta(t, ox+float32(corners[2].X)*scale, p.edges[2].Position1.X, 0.01, "in the analysed frame's pixels")
	assert.InDelta(t, float32(corners[2].Y)*scale, p.edges[2].Position1.Y, 0.01)
	p.Push(&preview.Document{Image: image.NewRGBA(image.Rect(0, 0, 640, 480))})
	for i, l := range p.edges {
		assert.False(t, l.Visible(), "no document found: edge %d hidden", i)
	}
	p.Push(&preview.Document{Image: pic, Analysis: docresult.Analysis{Found: true, Corners: corners}})
	p.Reset()
	for i, l := range p.edges {
		assert.False(t, l.Visible(), "reset: edge %d hidden", i)
	}
}
