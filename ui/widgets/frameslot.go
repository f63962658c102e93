package widgets

import "sync/atomic"

// frameSlot hands preview frames from a capture goroutine to the UI
// goroutine without copying them: at most one frame waits to be drawn
// (frames arriving meanwhile are released at once, so a lagging UI drops
// them), and the frame on screen keeps its pooled buffer until the next
// one replaces it. Fyne paints on the UI goroutine, so once the image is
// swapped the previous buffer is no longer read and can go back.
type frameSlot[F interface{ Release() }] struct {
	pending atomic.Bool
	shown   atomic.Int64
	current F    // the frame on screen (UI goroutine)
	has     bool // current holds a frame
}

// push hands f over (any goroutine); draw puts it on screen (UI
// goroutine). A frame without an image (ok false) is released at once.
func (s *frameSlot[F]) push(do func(func()), f F, ok bool, draw func(F)) {
	if !ok || !s.pending.CompareAndSwap(false, true) {
		f.Release()
		return
	}
	do(func() {
		prev, had := s.current, s.has
		s.current, s.has = f, true
		draw(f)
		if had {
			prev.Release()
		}
		s.shown.Add(1)
		s.pending.Store(false)
	})
}

// reset releases the frame on screen (UI goroutine).
func (s *frameSlot[F]) reset() {
	if s.has {
		s.current.Release()
		var none F
		s.current, s.has = none, false
	}
}

// frames is how many frames were drawn.
func (s *frameSlot[F]) frames() int64 { return s.shown.Load() }
