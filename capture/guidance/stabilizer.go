package guidance

// Stabilizer adds hysteresis to per-frame guidance so the message on the
// screen does not flicker: a new code is shown only after it has been the
// frame's guidance for Frames consecutive frames. The zero value shows
// every change at once. C's zero value means "nothing shown yet": the
// first code is shown at once.
type Stabilizer[C comparable] struct {
	Frames  int
	shown   C
	pending C
	count   int
}

// Update takes one frame's guidance and returns the code to show.
func (s *Stabilizer[C]) Update(c C) C {
	var none C
	if s.shown == none || c == s.shown {
		s.shown, s.pending, s.count = c, none, 0
		return s.shown
	}
	if c != s.pending {
		s.pending, s.count = c, 0
	}
	s.count++
	if s.count >= s.Frames {
		s.shown, s.pending, s.count = c, none, 0
	}
	return s.shown
}
