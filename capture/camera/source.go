package camera

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"biokiosk/imagesize"

	"gocv.io/x/gocv"
)

// Options are what the caller asks of a source.
type Options struct {
	// Width, Height and FPS are requested from devices and streams (0
	// leaves the driver's default); Info reports what was granted.
	Width, Height int
	FPS           float64
	// Realtime paces file sources at their frame rate (FPS, or the file's
	// own, or 30); otherwise they are read as fast as possible.
	Realtime bool
	// Reopen bounds how long a live source keeps retrying after a failed
	// read before Read gives up (default 10 s; backoff 100 ms doubling to
	// 2 s).
	Reopen time.Duration
	// OnState, when set, hears every state change (from the reading
	// goroutine).
	OnState func(State)
}

// State is a source's condition.
type State string

// Source states.
const (
	StateOpen      State = "open"
	StateReconnect State = "reconnecting"
	StateEnded     State = "ended"
	StateFailed    State = "failed"
	StateClosed    State = "closed"
	defaultReopen        = 10 * time.Second
	firstBackoff         = 100 * time.Millisecond
	maxBackoff           = 2 * time.Second
)

// Info is what a source delivers.
type Info struct {
	Spec   string  `json:"spec"`
	Kind   Kind    `json:"kind"`
	Width  int     `json:"width"`
	Height int     `json:"height"`
	FPS    float64 `json:"fps"`
	// Frames is the file's frame count when known, else 0.
	Frames int `json:"frames,omitempty"`
}

// ErrUnavailable says a source could not be opened or read.
var ErrUnavailable = errors.New("camera unavailable")

// Source reads frames. It is meant for one reading goroutine; Close may
// be called from any.
type Source struct {
	spec string
	kind Kind
	opt  Options
	info Info

	mu     sync.Mutex
	vc     *gocv.VideoCapture
	still  gocv.Mat
	closed bool

	n    int
	t0   time.Time
	open func() (*gocv.VideoCapture, error)
}

// Open opens spec (see ParseKind) and reads nothing yet.
func Open(spec string, opt Options) (*Source, error) {
	kind, err := ParseKind(spec)
	if err != nil {
		return nil, err
	}
	if opt.Reopen <= 0 {
		opt.Reopen = defaultReopen
	}
	s := &Source{spec: spec, kind: kind, opt: opt, info: Info{Spec: spec, Kind: kind}}
	switch kind {
	case Still:
		if err := imagesize.CheckFile(spec); err != nil { // before decoding: refuse a decompression bomb
			return nil, fmt.Errorf("%w: %s: %w", ErrUnavailable, spec, err)
		}
		img := gocv.IMRead(spec, gocv.IMReadColor)
		if img.Empty() {
			img.Close()
			return nil, fmt.Errorf("%w: %s: not a readable image", ErrUnavailable, spec)
		}
		s.still = img
		s.info.Width, s.info.Height = img.Cols(), img.Rows()
		s.info.FPS = opt.FPS
		if s.info.FPS <= 0 {
			s.info.FPS = 30
		}
		return s, nil
	case Video, Sequence:
		if kind == Video {
			if _, err := os.Stat(spec); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
			}
		}
		s.open = func() (*gocv.VideoCapture, error) { return gocv.VideoCaptureFile(spec) }
	case Stream:
		s.open = func() (*gocv.VideoCapture, error) { return gocv.OpenVideoCaptureWithAPI(spec, gocv.VideoCaptureFFmpeg) }
	case Device:
		if idx, err := strconv.Atoi(spec); err == nil {
			s.open = func() (*gocv.VideoCapture, error) { return gocv.VideoCaptureDeviceWithAPI(idx, gocv.VideoCaptureV4L2) }
		} else {
			if _, err := os.Stat(spec); err != nil {
				return nil, fmt.Errorf("%w: %s: no such device (is the camera plugged in? see biokiosk devices)", ErrUnavailable, spec)
			}
			s.open = func() (*gocv.VideoCapture, error) { return gocv.OpenVideoCaptureWithAPI(spec, gocv.VideoCaptureV4L2) }
		}
	}
	if err := s.reopen(); err != nil {
		return nil, err
	}
	return s, nil
}

// reopen (re)creates the capture and applies the requested settings.
func (s *Source) reopen() error {
	vc, err := s.open()
	if err == nil && !vc.IsOpened() {
		vc.Close()
		err = errors.New("could not open")
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnavailable, s.spec, err)
	}
	if s.kind.Live() {
		if s.opt.Width > 0 {
			vc.Set(gocv.VideoCaptureFrameWidth, float64(s.opt.Width))
		}
		if s.opt.Height > 0 {
			vc.Set(gocv.VideoCaptureFrameHeight, float64(s.opt.Height))
		}
		if s.opt.FPS > 0 {
			vc.Set(gocv.VideoCaptureFPS, s.opt.FPS)
		}
	}
	s.info.Width = int(vc.Get(gocv.VideoCaptureFrameWidth))
	s.info.Height = int(vc.Get(gocv.VideoCaptureFrameHeight))
	s.info.FPS = vc.Get(gocv.VideoCaptureFPS)
	if !s.kind.Live() && s.opt.FPS > 0 {
		s.info.FPS = s.opt.FPS
	}
	if s.info.FPS <= 0 || s.info.FPS > 240 {
		s.info.FPS = 30
	}
	if !s.kind.Live() {
		if n := int(vc.Get(gocv.VideoCaptureFrameCount)); n > 0 {
			s.info.Frames = n
		}
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		vc.Close()
		return fmt.Errorf("%w: closed", ErrUnavailable)
	}
	old := s.vc
	s.vc = vc
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
	s.state(StateOpen)
	return nil
}

func (s *Source) state(st State) {
	if s.opt.OnState != nil {
		s.opt.OnState(st)
	}
}

// Info says what the source delivers (after Open: what was granted).
func (s *Source) Info() Info { return s.info }

// Read reads the next frame into dst. File sources return io.EOF at
// their end. Live sources that fail are reopened with backoff until
// Options.Reopen has passed, then Read returns ErrUnavailable. Realtime
// file sources wait for the frame's due time; ctx cancels the wait.
func (s *Source) Read(ctx context.Context, dst *gocv.Mat) error {
	if s.n == 0 {
		s.t0 = time.Now()
	}
	if s.opt.Realtime && !s.kind.Live() && s.n > 0 {
		due := s.t0.Add(time.Duration(float64(s.n) / s.info.FPS * float64(time.Second)))
		if err := sleep(ctx, time.Until(due)); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.kind == Still {
		if err := s.copyStill(dst); err != nil {
			return err
		}
		s.n++
		return nil
	}
	ok, err := s.readLocked(dst)
	if err != nil {
		return err
	}
	if ok {
		s.n++
		return nil
	}
	if !s.kind.Live() {
		s.state(StateEnded)
		return io.EOF
	}
	return s.recover(ctx, dst)
}

// readLocked reads under the lock, so Close cannot free the capture
// mid-read.
func (s *Source) readLocked(dst *gocv.Mat) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false, fmt.Errorf("%w: closed", ErrUnavailable)
	}
	return s.vc.Read(dst) && !dst.Empty(), nil
}

// copyStill copies the still image under the lock, so Close cannot free
// it mid-copy.
func (s *Source) copyStill(dst *gocv.Mat) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("%w: closed", ErrUnavailable)
	}
	s.still.CopyTo(dst)
	return nil
}

// recover reopens a failed live source with backoff and reads a frame.
func (s *Source) recover(ctx context.Context, dst *gocv.Mat) error {
	s.state(StateReconnect)
	deadline := time.Now().Add(s.opt.Reopen)
	wait := firstBackoff
	var last error
	for time.Now().Before(deadline) {
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(wait*2, maxBackoff)
		if last = s.reopen(); last != nil {
			continue
		}
		ok, err := s.readLocked(dst)
		if err != nil {
			return err
		}
		if ok {
			s.n++
			return nil
		}
		last = errors.New("no frame after reopening")
	}
	s.state(StateFailed)
	return fmt.Errorf("%w: %s: gave up after %v: %v", ErrUnavailable, s.spec, s.opt.Reopen, last)
}

// Close releases the device. It is safe to call more than once.
func (s *Source) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.vc != nil {
		s.vc.Close()
		s.vc = nil
	}
	if s.kind == Still {
		s.still.Close()
	}
	s.state(StateClosed)
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
