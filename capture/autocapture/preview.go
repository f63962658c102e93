package autocapture

import (
	"image"

	"gocv.io/x/gocv"
)

// PreviewPool converts camera frames into RGBA buffers for display, from
// a pool of two: one on screen, one being filled or waiting to be drawn.
// While the UI holds both, frames are not converted at all, so a UI slower
// than the camera skips frames rather than queueing them. The face
// capture (Run) and the document capture (document.Capture) share it.
//
// Convert is for the capture loop's goroutine only; Put may be called from
// any goroutine (the UI's), also after Close.
type PreviewPool struct {
	mirror         bool
	free           chan *image.RGBA
	mirrored, rgba gocv.Mat
}

// NewPreviewPool makes a pool of two buffers, allocated lazily at the
// frame's size. With mirror the frames are flipped left to right (the
// face preview is a mirror); without it they are shown as taken (a
// document's print must read the right way round). Close it after use.
func NewPreviewPool(mirror bool) *PreviewPool {
	p := &PreviewPool{mirror: mirror, free: make(chan *image.RGBA, 2), mirrored: gocv.NewMat(), rgba: gocv.NewMat()}
	for i := 0; i < cap(p.free); i++ {
		p.free <- nil // allocated at the first frame's size
	}
	return p
}

// Close frees the pool's Mats; buffers still on screen can be Put back
// afterwards (they are simply dropped with the pool).
func (p *PreviewPool) Close() {
	p.mirrored.Close()
	p.rgba.Close()
}

// Convert copies frame (BGR), mirrored when the pool mirrors, into a free
// buffer (allocated or resized as needed) and returns it; it returns nil
// without converting anything when the UI holds every buffer.
func (p *PreviewPool) Convert(frame gocv.Mat) *image.RGBA {
	var buf *image.RGBA
	select {
	case buf = <-p.free:
	default:
		return nil
	}
	src := frame
	if p.mirror {
		gocv.Flip(frame, &p.mirrored, 1)
		src = p.mirrored
	}
	gocv.CvtColor(src, &p.rgba, gocv.ColorBGRToRGBA)
	w, h := p.rgba.Cols(), p.rgba.Rows()
	if buf == nil || buf.Rect.Dx() != w || buf.Rect.Dy() != h {
		buf = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	if px, err := p.rgba.DataPtrUint8(); err == nil {
		copy(buf.Pix, px)
	}
	return buf
}

// Put hands a buffer from Convert back for reuse. A nil pool or buffer is
// ignored, and so is a buffer beyond the pool's two.
func (p *PreviewPool) Put(img *image.RGBA) {
	if p == nil || img == nil {
		return
	}
	select {
	case p.free <- img:
	default:
	}
}
