package widgets

import (
	"image"
	"image/color"
	"testing"

	"biokiosk/capture/preview"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
)

// The document frame: clear inside, dimmed outside, its outline in the
// state's colour, and a band that fills clockwise from the top centre.
func TestDocMaskFillsClockwiseFromTheTop(t *testing.T) {
	m := newDocMask()
	m.Frame = image.Pt(640, 480)
	m.StrokeColor, m.Progress = OvalGood, 0.3
	const w, h = 400, 300
	img := m.draw(w, h)
	cx, cy, hw, hh := m.guide(w, h)
	assert.InDelta(t, AspectIDCard, hw/hh, 1e-9)
	assert.InDelta(t, 0.8*w/2, hw, 1e-9, "the frame takes 80 % of the picture's width")
	at := func(x, y float64) color.NRGBA { return img.At(int(x), int(y)).(color.NRGBA) }
	assert.Zero(t, at(cx, cy).A, "clear inside the frame")
	assert.NotZero(t, at(2, 2).A, "dimmed outside it")
	assert.Equal(t, OvalGood, at(cx, cy-hh))
	band := 2.5 * 3 // between the band's inner and outer edges (stroke 2.5 px)
	assert.Equal(t, OvalGood, at(cx+hw/2, cy-hh-band), "filled: the top, right of the centre")
	assert.Equal(t, OvalGood, at(cx+hw+band, cy), "filled: the right side's middle (≈ 0.19 of the way)")
	assert.NotEqual(t, OvalGood, at(cx, cy+hh+band), "not yet: the bottom (0.5)")
	assert.NotEqual(t, OvalGood, at(cx-hw/2, cy-hh-band), "not yet: the top, left of the centre")

	m.Progress = 0
	img = m.draw(w, h)
	assert.Equal(t, at(2, 2), img.At(int(cx+hw/2), int(cy-hh-band)), "no band while nobody holds still")

	m.Aspect = AspectPassport
	_, _, hw, hh = m.guide(w, h)
	assert.InDelta(t, AspectPassport, hw/hh, 1e-9)
	m.Frame = image.Pt(1280, 720) // a wide picture in a 4:3 area: the frame stays on the picture (225 px tall)
	_, _, hw, hh = m.guide(w, h)
	assert.InDelta(t, 0.8*225/2, hh, 1e-9, "the picture's height binds first")
	assert.InDelta(t, 0.8*225/2*AspectPassport, hw, 1e-9)
}

// In the test driver's window: the picture is drawn with the frame over
// it, and the band filled as far as the state says.
func TestDocPreviewDrawsTheFrameOverThePicture(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	p := NewDocPreview(inline)
	w := test.NewWindow(p)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(800, 600))

	p.Reset()
	p.SetDocument(AspectIDCard)
	pic := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := range pic.Pix {
		pic.Pix[i] = 0x80 // mid grey
		if i%4 == 3 {
			pic.Pix[i] = 0xff
		}
	}
	p.Push(&preview.Document{Image: pic})
	assert.EqualValues(t, 1, p.Frames())
	p.SetState(OvalGood, 0.7) // 70 % of the dwell

	shot := w.Canvas().Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(p)
	scale := float32(shot.Bounds().Dx()) / w.Canvas().Size().Width
	size := p.Size()
	pw, ph := int(size.Width*scale), int(size.Height*scale)
	cx, cy, hw, hh := p.mask.guide(pw, ph)
	ox, oy := int(pos.X*scale), int(pos.Y*scale)
	px := func(x, y float64) color.NRGBA {
		return color.NRGBAModel.Convert(shot.At(ox+int(x), oy+int(y))).(color.NRGBA)
	}
	// Within a few pixels (the driver's positions are rounded; the
	// band is 8 px wide at this size).
	green := func(x, y float64) bool {
		for d := -3.0; d <= 3; d++ {
			if c := px(x, y+d); c.G > 0xa0 && c.R < 0x80 {
				return true
			}
		}
		return false
	}
	inside, outside := px(cx, cy), px(cx, 2)
	assert.Equal(t, inside.R, inside.G, "the picture shows through the frame, uncoloured")
	assert.Greater(t, inside.R, outside.R, "and the picture outside the frame is dimmed")
	stroke := max(2.5, float64(ph)/150)
	band := stroke * 3
	assert.True(t, green(cx, cy-hh), "the outline is green")
	assert.True(t, green(cx+hw/2, cy-hh-band), "the band is filled on the top right")
	assert.True(t, green(cx+hw+band, cy), "and on the right")
	assert.False(t, green(cx-hw/2, cy-hh-band), "but not yet on the top left (70 % of the dwell)")
}
