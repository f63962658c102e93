package widgets

import (
	"image"
	"image/color"

	"biokiosk/capture/preview"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// DocPreview shows the document camera's picture, not mirrored (the
// person must see the document's print the right way round), under a
// card-shaped frame whose outline follows the state and whose band fills
// while the person holds still (docMask), and the edges of the document
// the analysis found, in the frame's colour, so the person sees what the
// kiosk sees while bringing the card into the frame. Like Preview, it
// draws at most one frame at a time and drops frames that arrive while
// one waits to be drawn.
type DocPreview struct {
	widget.BaseWidget
	do    func(func())
	img   *canvas.Image
	mask  *docMask
	edges [4]*canvas.Line
	obj   fyne.CanvasObject
	slot  frameSlot[*preview.Document]
}

// NewDocPreview builds an empty document preview; do runs UI work.
func NewDocPreview(do func(func())) *DocPreview {
	p := &DocPreview{do: orFyne(do)}
	p.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 4, 3)))
	p.img.FillMode = canvas.ImageFillContain
	p.img.ScaleMode = canvas.ImageScaleFastest
	p.img.SetMinSize(fyne.NewSize(320, 240))
	p.mask = newDocMask()
	lines := container.NewWithoutLayout()
	for i := range p.edges {
		p.edges[i] = canvas.NewLine(p.mask.StrokeColor)
		p.edges[i].StrokeWidth = 3
		p.edges[i].Hide()
		lines.Add(p.edges[i])
	}
	p.obj = container.NewStack(p.img, p.mask, lines)
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer lays out the picture, the frame and the edges.
func (p *DocPreview) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.obj) }

// showEdges draws the found document's edges over the picture, or hides
// them when none was found (UI goroutine). The corners are in the
// analysed frame's pixels (the picture's, when the analysis gives no
// size); the picture is contained in the preview's area.
func (p *DocPreview) showEdges(f *preview.Document) {
	a := f.Analysis
	size := p.img.Size()
	pw, ph := float32(f.Image.Rect.Dx()), float32(f.Image.Rect.Dy())
	aw, ah := float32(a.Width), float32(a.Height)
	if aw == 0 || ah == 0 {
		aw, ah = pw, ph
	}
	if !a.Found || pw == 0 || ph == 0 || size.Width == 0 || size.Height == 0 {
		p.hideEdges()
		return
	}
	scale := min(size.Width/pw, size.Height/ph) // picture pixels → area
	ox, oy := (size.Width-pw*scale)/2, (size.Height-ph*scale)/2
	sx, sy := scale*pw/aw, scale*ph/ah // frame pixels → area
	at := func(i int) fyne.Position {
		c := a.Corners[i%4]
		return fyne.NewPos(ox+float32(c.X)*sx, oy+float32(c.Y)*sy)
	}
	for i, l := range p.edges {
		l.Position1, l.Position2 = at(i), at(i+1)
		l.StrokeColor = p.mask.StrokeColor
		if l.Visible() {
			l.Refresh()
		} else {
			l.Show() // Show refreshes
		}
	}
}

// hideEdges hides the edges, touching the canvas only when they show.
func (p *DocPreview) hideEdges() {
	if p.edges[0].Visible() {
		for _, l := range p.edges {
			l.Hide()
		}
	}
}

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
		p.showEdges(f)
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

// State is the frame's colour and how far its band is filled (UI
// goroutine).
func (p *DocPreview) State() (color.Color, float64) { return p.mask.StrokeColor, p.mask.Progress }

// Reset clears the picture, the state and the progress, and releases the
// frame on screen (UI goroutine).
func (p *DocPreview) Reset() {
	p.img.Image = image.NewRGBA(image.Rect(0, 0, 4, 3))
	p.img.Refresh()
	p.slot.reset()
	p.SetState(OvalNoFace, 0)
	p.hideEdges()
}
