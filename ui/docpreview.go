package ui

import (
	"image"

	"biokiosk/capture/preview"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// DocPreview shows the document camera's picture, not mirrored (the
// person must see the document's print the right way round). Like
// Preview, it draws at most one frame at a time and drops frames that
// arrive while one waits to be drawn.
type DocPreview struct {
	do   Loop
	img  *canvas.Image
	slot frameSlot[*preview.Document]
}

// NewDocPreview builds an empty document preview; do runs UI work.
func NewDocPreview(do Loop) *DocPreview {
	p := &DocPreview{do: do.orFyne()}
	p.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	p.img.FillMode = canvas.ImageFillContain
	p.img.ScaleMode = canvas.ImageScaleFastest
	p.img.SetMinSize(fyne.NewSize(320, 240))
	return p
}

// Object is the preview's canvas object.
func (p *DocPreview) Object() fyne.CanvasObject { return p.img }

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
	})
}

// Reset clears the picture and releases the frame on screen (UI goroutine).
func (p *DocPreview) Reset() {
	p.img.Image = image.NewRGBA(image.Rect(0, 0, 4, 3))
	p.img.Refresh()
	p.slot.reset()
}
