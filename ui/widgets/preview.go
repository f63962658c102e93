package widgets

import (
	"fmt"
	"image"
	"image/color"
	"time"

	"biokiosk/capture/face/faceresult"
	"biokiosk/capture/preview"
	"biokiosk/ui/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Preview shows the mirrored camera picture with an oval guide whose
// colour follows the state, the guidance in words and the capture
// countdown. Push may be called from the capture goroutine at camera
// rate: only a pointer swap and a refresh run on the UI goroutine, with
// no copy; while a frame waits to be drawn, newer ones are dropped, so
// the preview never queues up or slows the analysis.
type Preview struct {
	widget.BaseWidget
	do       func(func())
	tr       *i18n.Translator
	img      *canvas.Image
	oval     *faceMask
	guidance *canvas.Text
	arrow    *canvas.Image // the direction to move, when there is one
	opening  *widget.ProgressBarInfinite
	dwell    time.Duration // the longest countdown of this dwell (its length)
	obj      fyne.CanvasObject
	lastCode faceresult.Code
	onCode   func(faceresult.Code)
	onFrame  func(*faceresult.Analysis)
	slot     frameSlot[*preview.Face]
	// countdown shows the dwell's "Hold still" (off for the camera test,
	// which never captures).
	countdown bool
}

// NewPreview builds an empty preview; do runs UI work (nil: fyne.Do).
func NewPreview(tr *i18n.Translator, do func(func())) *Preview {
	p := &Preview{tr: tr, do: orFyne(do), countdown: true}
	p.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	p.img.FillMode = canvas.ImageFillContain
	p.img.ScaleMode = canvas.ImageScaleFastest
	p.oval = newFaceMask()
	p.guidance = canvas.NewText(tr.T("face.hint"), color.White)
	p.guidance.TextSize = 32
	p.guidance.Alignment = fyne.TextAlignCenter
	p.guidance.TextStyle = fyne.TextStyle{Bold: true}
	p.arrow = canvas.NewImageFromResource(nil)
	p.arrow.FillMode = canvas.ImageFillContain
	p.arrow.SetMinSize(fyne.NewSize(56, 56))
	p.arrow.Hide()
	p.opening = widget.NewProgressBarInfinite()
	band := canvas.NewRectangle(color.NRGBA{A: 0xa0})
	words := container.NewCenter(container.NewHBox(p.arrow, p.guidance))
	p.obj = container.NewBorder(nil, container.NewStack(band, container.NewPadded(words)), nil, nil,
		container.NewStack(p.img, p.oval, container.NewCenter(p.opening)))
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer lays out the picture, the oval and the guidance band.
func (p *Preview) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.obj) }

// SetCountdown turns the dwell's "Hold still" ring on or off (off for the
// camera test, which never captures; UI goroutine).
func (p *Preview) SetCountdown(on bool) { p.countdown = on }

// HideOpening hides the "camera opening" bar until the next Reset (UI
// goroutine).
func (p *Preview) HideOpening() { p.opening.Hide() }

// SetGuidance shows text in place of the guidance until the guidance
// changes (UI goroutine).
func (p *Preview) SetGuidance(text string) {
	p.guidance.Text = text
	p.guidance.Refresh()
}

// Code is the guidance code shown now (UI goroutine).
func (p *Preview) Code() faceresult.Code { return p.lastCode }

// Frames is how many frames were drawn (for diagnostics and tests).
func (p *Preview) Frames() int64 { return p.slot.frames() }

// OnGuidance calls f on the UI goroutine whenever the shown guidance
// changes (for spoken guidance).
func (p *Preview) OnGuidance(f func(faceresult.Code)) { p.onCode = f }

// OnFrame calls f on the UI goroutine with each drawn frame's analysis
// (for the diagnostics figures).
func (p *Preview) OnFrame(f func(*faceresult.Analysis)) { p.onFrame = f }

// Push hands over one camera frame (any goroutine). The preview keeps the
// frame's pooled buffer while it is on screen and releases it when the
// next frame replaces it; a frame that arrives while another waits to be
// drawn is released at once (dropped). Holding at most two buffers, the
// preview leaves the capture loop's pool empty while it lags, so the loop
// skips converting frames nobody will see.
func (p *Preview) Push(f *preview.Face) {
	p.slot.push(p.do, f, f.Image != nil, func(f *preview.Face) {
		if p.opening.Visible() {
			p.opening.Hide() // the camera is open
		}
		p.img.Image = f.Image
		p.img.Refresh()
		p.show(f.Guidance, f.Status)
		if p.onFrame != nil {
			p.onFrame(&f.Analysis)
		}
	})
}

// show updates the overlay (UI goroutine).
func (p *Preview) show(code faceresult.Code, st preview.Status) {
	var col color.Color = OvalSearching
	switch code {
	case faceresult.NoFace:
		col = OvalNoFace
	case faceresult.OK:
		col = OvalGood
	}
	progress := 0.0
	if st.Dwelling && p.countdown {
		p.dwell = max(p.dwell, st.Countdown)
		if p.dwell > 0 {
			progress = 1 - float64(st.Countdown)/float64(p.dwell)
		}
	} else {
		p.dwell = 0
	}
	if col != p.oval.StrokeColor || progress != p.oval.Progress {
		p.oval.StrokeColor, p.oval.Progress = col, progress
		p.oval.Refresh()
	}
	if code != p.lastCode {
		p.lastCode = code
		p.guidance.Text = p.tr.T("guidance." + string(code))
		p.guidance.Refresh()
		p.showArrow(code)
		if p.onCode != nil {
			p.onCode(code)
		}
	}
}

// showArrow shows the icon for a direction to move, or hides it.
func (p *Preview) showArrow(code faceresult.Code) {
	icons := map[faceresult.Code]fyne.Resource{
		faceresult.MoveLeft: theme.NavigateBackIcon(), faceresult.MoveRight: theme.NavigateNextIcon(),
		faceresult.MoveUp: theme.MoveUpIcon(), faceresult.MoveDown: theme.MoveDownIcon(),
		faceresult.MoveCloser: theme.ZoomInIcon(), faceresult.MoveBack: theme.ZoomOutIcon(),
	}
	icon, ok := icons[code]
	if !ok {
		p.arrow.Hide()
		return
	}
	p.arrow.Resource = theme.NewColoredResource(icon, theme.ColorNameWarning)
	p.arrow.Refresh()
	p.arrow.Show()
}

// Guidance is the text shown now (UI goroutine; for tests).
func (p *Preview) Guidance() string { return p.guidance.Text }

// Reset clears the picture and the guidance for a new capture (UI
// goroutine).
func (p *Preview) Reset() {
	p.lastCode = ""
	p.guidance.Text = p.tr.T("face.hint")
	p.oval.StrokeColor, p.oval.Progress, p.dwell = OvalNoFace, 0, 0
	p.img.Image = image.NewRGBA(image.Rect(0, 0, 4, 3))
	p.img.Refresh()
	p.slot.reset()
	p.guidance.Refresh()
	p.arrow.Hide()
	p.opening.Show() // until the first frame
	p.oval.Refresh()
}

// String describes the preview for logs and tests.
func (p *Preview) String() string {
	return fmt.Sprintf("preview(%d frames, %q)", p.Frames(), p.guidance.Text)
}
