package ui

import (
	"image"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/capture/preview"
	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/internal/uitest"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On the document screen, in the test driver's window: the picture is
// drawn under the ID card's frame, and the frame's band fills as the
// dwell runs (widgets.TestDocPreviewDrawsTheFrameOverThePicture checks
// the pixels).
func TestDocumentScreenDrawsTheFrameOverThePicture(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	p := newPanel(inline, capsServices{flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil, ModeDocument)
	p.run.document = flow.DocIDCard
	w := test.NewWindow(p.root)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(800, 600))

	p.event(flow.StepEntered{Step: flow.StepDocumentFront})
	p.docPreview.Push(&preview.Document{Image: image.NewRGBA(image.Rect(0, 0, 640, 480))})
	assert.EqualValues(t, 1, p.docPreview.Frames())
	p.event(flow.DocumentGuidance{Side: flow.SideFront, Code: "OK", Found: true, Countdown: time.Second})
	p.event(flow.DocumentGuidance{Side: flow.SideFront, Code: "OK", Found: true, Countdown: 300 * time.Millisecond})
	assert.Equal(t, "Hold still", p.docGuide.Text)
	col, progress := p.docPreview.State()
	assert.Equal(t, widgets.OvalGood, col)
	assert.InDelta(t, 0.7, progress, 1e-9, "70 % of the dwell")
	assert.Positive(t, p.docPreview.Size().Width, "the preview is on screen")
}
