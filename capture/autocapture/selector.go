package autocapture

import (
	"time"

	"biokiosk/capture/face"
	"biokiosk/capture/guidance"
	"biokiosk/capture/preview"

	"gocv.io/x/gocv"
)

// Options tune the selector.
type Options struct {
	// Dwell is how long the gate must hold before capture (default 1.2 s;
	// vendors use 1.5–2 s, a fixed kiosk camera needs less).
	Dwell time.Duration
	// Timeout ends the attempt without a photo (default 20 s).
	Timeout time.Duration
	// Recent is how far back manual capture looks for the best frame
	// (default 1 s).
	Recent time.Duration
}

func (o Options) withDefaults() Options {
	if o.Dwell <= 0 {
		o.Dwell = 1200 * time.Millisecond
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.Recent <= 0 {
		o.Recent = time.Second
	}
	return o
}

// Confirmer runs the checks too slow for every frame on a candidate
// (face.Analyzer.Confirm).
type Confirmer func(frame gocv.Mat, a *face.Analysis) error

// Status is the selector's answer to one frame (see preview.Status).
type Status = preview.Status

// Result is how an attempt ended.
type Result struct {
	Captured bool
	// Frame is the captured frame (BGR, unmirrored); the caller closes it.
	Frame gocv.Mat
	// Analysis of the captured frame, confirmed.
	Analysis face.Analysis
	// FrameIndex is the captured frame's index among the frames pushed;
	// At its timestamp.
	FrameIndex int
	At         time.Duration
	// Frames is how many frames were pushed.
	Frames int
	// GuidanceCounts counts each frame's guidance.
	GuidanceCounts map[face.Code]int
	// Reason is why nothing was captured: the most frequent blocking
	// guidance, or TIMEOUT when no frame blocked.
	Reason face.Code
}

// candidate is a kept frame with its analysis.
type candidate struct {
	frame gocv.Mat
	a     face.Analysis
	index int
	at    time.Duration
}

func (c *candidate) close() {
	if c != nil {
		c.frame.Close()
	}
}

// Selector picks the best frame once the gate holds for the dwell. Feed
// it every analysed frame with Push; it copies the frames it keeps, so
// the caller may reuse its Mat. Not safe for concurrent use.
type Selector struct {
	opt     Options
	confirm Confirmer

	start      time.Duration
	started    bool
	dwellStart time.Duration
	dwelling   bool
	best       *candidate // best of the current dwell window
	recent     *candidate // best recent frame with a face, for manual capture
	frames     int
	counts     map[face.Code]int
	result     *Result
}

// NewSelector makes a selector; confirm may be nil (no confirmation).
func NewSelector(opt Options, confirm Confirmer) *Selector {
	return &Selector{opt: opt.withDefaults(), confirm: confirm, counts: map[face.Code]int{}}
}

// Push hands the selector one frame taken at t (from the source's
// clock) with its live analysis.
func (s *Selector) Push(t time.Duration, frame gocv.Mat, a face.Analysis) Status {
	if s.result != nil {
		return Status{Guidance: a.Guidance, Done: true}
	}
	if !s.started {
		s.start, s.started = t, true
	}
	idx := s.frames
	s.frames++
	s.counts[a.Guidance]++
	st := Status{Guidance: a.Guidance}

	if len(a.Faces) > 0 && (s.recent == nil || a.Score >= s.recent.a.Score || t-s.recent.at > s.opt.Recent) {
		s.recent.close()
		s.recent = &candidate{frame: frame.Clone(), a: a, index: idx, at: t}
	}

	if a.OK() {
		if !s.dwelling {
			s.dwelling, s.dwellStart = true, t
		}
		if s.best == nil || a.Score > s.best.a.Score {
			s.best.close()
			s.best = &candidate{frame: frame.Clone(), a: a, index: idx, at: t}
		}
		left := s.opt.Dwell - (t - s.dwellStart)
		if left <= 0 {
			if s.accept(s.best) {
				return Status{Guidance: a.Guidance, Done: true}
			}
			// The candidate failed confirmation: start over.
			s.resetDwell()
		} else {
			st.Dwelling, st.Countdown = true, left
		}
	} else {
		s.resetDwell()
	}
	if t-s.start >= s.opt.Timeout {
		s.finish(nil)
		st.Done = true
	}
	return st
}

// accept confirms c and, when it holds, ends the attempt with it.
func (s *Selector) accept(c *candidate) bool {
	if s.confirm != nil {
		if err := s.confirm(c.frame, &c.a); err != nil || !c.a.OK() {
			if err == nil {
				s.counts[c.a.Guidance]++
			}
			return false
		}
	}
	s.finish(c)
	return true
}

// Capture ends the attempt now with the best recent frame (manual
// capture), confirmed but not gated; it reports false when no recent
// frame had a face.
func (s *Selector) Capture() bool {
	if s.result != nil {
		return s.result.Captured
	}
	c := s.best
	if c == nil {
		c = s.recent
		s.recent = nil
	} else {
		s.best = nil
	}
	if c == nil {
		return false
	}
	if s.confirm != nil {
		_ = s.confirm(c.frame, &c.a)
	}
	s.finish(c)
	return true
}

// Stop ends the attempt without a photo (e.g. the person left).
func (s *Selector) Stop() {
	if s.result == nil {
		s.finish(nil)
	}
}

func (s *Selector) resetDwell() {
	s.dwelling = false
	s.best.close()
	s.best = nil
}

func (s *Selector) finish(c *candidate) {
	r := &Result{Frames: s.frames, GuidanceCounts: s.counts}
	// The result owns c's frame from here: detach it before freeing the rest.
	if c == s.best {
		s.best = nil
	}
	if c == s.recent {
		s.recent = nil
	}
	if c != nil {
		r.Captured, r.Frame, r.Analysis, r.FrameIndex, r.At = true, c.frame, c.a, c.index, c.at
	} else {
		r.Reason = guidance.MostFrequentBlocker(s.counts, face.Codes, face.OK)
	}
	s.resetDwell()
	s.recent.close()
	s.recent = nil
	s.result = r
}

// Result is the outcome once Push reported Done (or after Capture/Stop);
// nil before.
func (s *Selector) Result() *Result { return s.result }

// Close frees any kept frames (not the Result's frame).
func (s *Selector) Close() {
	s.resetDwell()
	s.recent.close()
	s.recent = nil
}

// Timeout is the reason when no frame was ever blocked yet nothing was
// captured (the dwell never completed).
const Timeout face.Code = guidance.Timeout
