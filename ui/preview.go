package ui

import (
	"fmt"
	"image"
	"image/color"

	"biokiosk/capture/face/faceresult"
	"biokiosk/capture/preview"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// Preview shows the mirrored camera picture with an oval guide whose
// colour follows the state, the guidance in words and the capture
// countdown. Push may be called from the capture goroutine at camera
// rate: only a pointer swap and a refresh run on the UI goroutine, with
// no copy; while a frame waits to be drawn, newer ones are dropped, so
// the preview never queues up or slows the analysis.
type Preview struct {
	do       Loop
	tr       *Translator
	img      *canvas.Image
	oval     *canvas.Circle
	guidance *canvas.Text
	count    *canvas.Text
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
func NewPreview(tr *Translator, do Loop) *Preview {
	p := &Preview{tr: tr, do: do.orFyne(), countdown: true}
	p.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	p.img.FillMode = canvas.ImageFillContain
	p.img.ScaleMode = canvas.ImageScaleFastest
	p.oval = canvas.NewCircle(color.Transparent)
	p.oval.StrokeColor = ovalNoFace
	p.oval.StrokeWidth = 6
	p.guidance = canvas.NewText(tr.T("face.hint"), color.White)
	p.guidance.TextSize = 32
	p.guidance.Alignment = fyne.TextAlignCenter
	p.guidance.TextStyle = fyne.TextStyle{Bold: true}
	p.count = canvas.NewText("", ovalGood)
	p.count.TextSize = 28
	p.count.Alignment = fyne.TextAlignCenter
	band := canvas.NewRectangle(color.NRGBA{A: 0xa0})
	p.obj = container.NewBorder(nil, container.NewStack(band, container.NewVBox(p.guidance, p.count)), nil, nil,
		container.New(ovalLayout{}, p.img, p.oval))
	return p
}

// Object is the preview's canvas object.
func (p *Preview) Object() fyne.CanvasObject { return p.obj }

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
	switch {
	case code == faceresult.NoFace:
		p.oval.StrokeColor = ovalNoFace
	case code == faceresult.OK:
		p.oval.StrokeColor = ovalGood
	default:
		p.oval.StrokeColor = ovalSearching
	}
	p.oval.Refresh()
	if code != p.lastCode {
		p.lastCode = code
		p.guidance.Text = p.tr.T("guidance." + string(code))
		p.guidance.Refresh()
		if p.onCode != nil {
			p.onCode(code)
		}
	}
	text := ""
	if st.Dwelling && p.countdown {
		text = p.tr.T("face.countdown", p.tr.Number(st.Countdown.Seconds(), 1))
	}
	if p.count.Text != text {
		p.count.Text = text
		p.count.Refresh()
	}
}

// Guidance is the text shown now (UI goroutine; for tests).
func (p *Preview) Guidance() string { return p.guidance.Text }

// Reset clears the picture and the guidance for a new capture (UI
// goroutine).
func (p *Preview) Reset() {
	p.lastCode = ""
	p.guidance.Text = p.tr.T("face.hint")
	p.count.Text = ""
	p.oval.StrokeColor = ovalNoFace
	p.img.Image = image.NewRGBA(image.Rect(0, 0, 4, 3))
	p.img.Refresh()
	p.slot.reset()
	p.guidance.Refresh()
	p.count.Refresh()
	p.oval.Refresh()
}

// ovalLayout fills the area with the picture and centres the oval guide
// over it (0.42 × 0.78 of the area's height, the shape of a head at the
// kiosk's target size).
type ovalLayout struct{}

func (ovalLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
	h := size.Height * 0.78
	w := h * 0.72
	objs[1].Resize(fyne.NewSize(w, h))
	objs[1].Move(fyne.NewPos((size.Width-w)/2, size.Height*0.45-h/2))
}

func (ovalLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(320, 240) }

// String describes the preview for logs and tests.
func (p *Preview) String() string {
	return fmt.Sprintf("preview(%d frames, %q)", p.Frames(), p.guidance.Text)
}
