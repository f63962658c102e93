package ui

import (
	"image"
	"image/color"

	"biokiosk/capture/preview"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// DocPreview shows the document camera's picture, not mirrored (the
// person must see the document's print the right way round), under a
// card-shaped frame whose outline follows the state and whose band fills
// while the person holds still (docMask). Like Preview, it draws at most
// one frame at a time and drops frames that arrive while one waits to be
// drawn.
type DocPreview struct {
	do   Loop
	img  *canvas.Image
	mask *docMask
	obj  fyne.CanvasObject
	slot frameSlot[*preview.Document]
}

// NewDocPreview builds an empty document preview; do runs UI work.
func NewDocPreview(do Loop) *DocPreview {
	p := &DocPreview{do: do.orFyne()}
	p.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	p.img.FillMode = canvas.ImageFillContain
	p.img.ScaleMode = canvas.ImageScaleFastest
	p.img.SetMinSize(fyne.NewSize(320, 240))
	p.mask = newDocMask()
	p.obj = container.NewStack(p.img, p.mask.Object())
	return p
}

// Object is the preview's canvas object.
func (p *DocPreview) Object() fyne.CanvasObject { return p.obj }

// Frames is how many frames were drawn.
func (p *DocPreview) Frames() int64 { return p.slot.frames() }

// Push hands over one frame (any goroutine). The preview keeps the
// frame's pooled buffer while it is on screen and releases it when the
// next one replaces it; a frame arriving while another waits to be drawn
// is released at once.
func (p *DocPreview) Push(f *preview.Document) {
	p.slot.push(p.do, f, f.Image != nil, func(f *preview.Document) {
		p.img.Image = f.Image
		p.img.Refresh()
		if size := f.Image.Rect.Size(); size != p.mask.Frame {
			p.mask.Frame = size // the frame sits on the picture
			p.mask.Refresh()
		}
	})
}

// SetDocument shapes the frame for a document of the given aspect (width
// over height; UI goroutine).
func (p *DocPreview) SetDocument(aspect float64) {
	if aspect != p.mask.Aspect {
		p.mask.Aspect = aspect
		p.mask.Refresh()
	}
}

// SetState colours the frame's outline and fills its band to progress
// (0–1; UI goroutine). It redraws only on a change.
func (p *DocPreview) SetState(col color.Color, progress float64) {
	progress = max(0, min(1, progress))
	if col != p.mask.StrokeColor || progress != p.mask.Progress {
		p.mask.StrokeColor, p.mask.Progress = col, progress
		p.mask.Refresh()
	}
}

// Progress is how far the band is filled (UI goroutine; for tests).
func (p *DocPreview) Progress() float64 { return p.mask.Progress }

// Reset clears the picture, the state and the progress, and releases the
// frame on screen (UI goroutine).
func (p *DocPreview) Reset() {
	p.img.Image = image.NewRGBA(image.Rect(0, 0, 4, 3))
	p.img.Refresh()
	p.slot.reset()
	p.SetState(ovalNoFace, 0)
}
