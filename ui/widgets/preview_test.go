package widgets

import (
	"biokiosk/assets"
	"biokiosk/capture/face/faceresult"
	"biokiosk/capture/preview"
	"biokiosk/ui/i18n"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inline runs UI work at once (the preview test has one goroutine).
func inline(f func()) { f() }

func TestPreviewShowsGuidanceAndDropsFramesWhileBusy(t *testing.T) {
	test.NewApp()
	tr, err := i18n.NewTranslator(assets.Translations, "es")
	require.NoError(t, err)
	var queued []func()
	p := NewPreview(tr, func(f func()) { queued = append(queued, f) })
	frame := func(code faceresult.Code, st preview.Status) *preview.Face {
		return &preview.Face{Image: image.NewRGBA(image.Rect(0, 0, 64, 48)), Guidance: code, Status: st}
	}
	p.Push(frame(faceresult.MoveCloser, preview.Status{}))
	p.Push(frame(faceresult.OK, preview.Status{})) // dropped: the first is not drawn yet
	require.Len(t, queued, 1)
	queued[0]()
	assert.Equal(t, "Acérquese", p.Guidance())
	assert.Equal(t, OvalSearching, p.oval.StrokeColor)
	assert.EqualValues(t, 1, p.Frames())

	p.Push(frame(faceresult.OK, preview.Status{Dwelling: true, Countdown: 800e6}))
	require.Len(t, queued, 2)
	queued[1]()
	assert.Equal(t, "Perfecto, no se mueva", p.Guidance())
	assert.Equal(t, OvalGood, p.oval.StrokeColor)
	assert.Zero(t, p.oval.Progress, "the ring starts empty")
	p.Push(frame(faceresult.OK, preview.Status{Dwelling: true, Countdown: 200e6}))
	require.Len(t, queued, 3)
	queued[2]()
	assert.InDelta(t, 0.75, p.oval.Progress, 1e-9, "the ring fills as the dwell runs, instead of a decimal countdown")
	p.Push(frame(faceresult.MoveLeft, preview.Status{}))
	queued[3]()
	assert.True(t, p.arrow.Visible(), "a direction has an arrow")
	assert.Zero(t, p.oval.Progress)
	img := p.oval.draw(200, 100)
	assert.EqualValues(t, 0, img.At(100, 45).(color.NRGBA).A, "clear inside the ellipse")
	assert.NotZero(t, img.At(2, 2).(color.NRGBA).A, "dimmed outside it")

	p2 := NewPreview(tr, inline)
	p2.Push(&preview.Face{}) // no image: released, nothing drawn
	assert.Zero(t, p2.Frames())
}
