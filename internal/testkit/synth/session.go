package synth

import (
	"context"
	"fmt"
	"io"

	"biokiosk/capture/camera"

	"gocv.io/x/gocv"
)

// Stretch is a run of frames of one kind in a Session.
type Stretch struct {
	Name   string
	Frames int
	Make   func(c *Camera) gocv.Mat
}

// Session is a generated camera session that reads like a video file:
// frames are made when read, so a long 720p session costs one frame of
// memory. Not safe for concurrent use.
type Session struct {
	cam       *Camera
	fps       float64
	stretches []Stretch
	i         int
}

// Compliant is the name of KioskSession's compliant stretch.
const Compliant = "compliant"

// KioskSession is a person walking up to the kiosk: standing far, then
// off-centre, then moving (blurred), then in a dark spot, each for bad
// frames, then still and compliant (IED 100 px at 480 lines) for good
// frames. Every stretch looks the same at every resolution: the blur is
// 4 px per 480 lines, as the face's size is.
func KioskSession(p *Placer, cam *Camera, fps float64, bad, good int) *Session {
	const ied = 100.0 / 110
	blur := 4 * float64(cam.Height) / Height
	return &Session{cam: cam, fps: fps, stretches: []Stretch{
		{"far", bad, func(c *Camera) gocv.Mat { return c.Frame(p, 0.55, 0, 0) }},
		{"off-centre", bad, func(c *Camera) gocv.Mat { return c.Frame(p, ied, 0.22, 0) }},
		{"blurred", bad, func(c *Camera) gocv.Mat { m := c.Frame(p, ied, 0, 0); Blur(&m, blur); return m }},
		{"dark", bad, func(c *Camera) gocv.Mat { m := c.Frame(p, ied, 0, 0); Darken(&m, 0.25); return m }},
		{Compliant, good, func(c *Camera) gocv.Mat { return c.Frame(p, ied, 0, 0) }},
	}}
}

// StillSession is a person already in place: frames of p's face still at
// the kiosk's size and centre (IED 100 px at 480 lines), as the last
// stretch of KioskSession, named Compliant whatever the face.
func StillSession(p *Placer, cam *Camera, fps float64, frames int) *Session {
	const ied = 100.0 / 110
	return &Session{cam: cam, fps: fps, stretches: []Stretch{
		{Compliant, frames, func(c *Camera) gocv.Mat { return c.Frame(p, ied, 0, 0) }},
	}}
}

// Span is the [start, end) frame indexes of the named stretch.
func (s *Session) Span(name string) (int, int, error) {
	start := 0
	for _, st := range s.stretches {
		if st.Name == name {
			return start, start + st.Frames, nil
		}
		start += st.Frames
	}
	return 0, 0, fmt.Errorf("synth: no stretch %q", name)
}

// Len is the session's frame count.
func (s *Session) Len() int {
	n := 0
	for _, st := range s.stretches {
		n += st.Frames
	}
	return n
}

// Read makes the next frame into dst; io.EOF after the last.
func (s *Session) Read(_ context.Context, dst *gocv.Mat) error {
	at := s.i
	for _, st := range s.stretches {
		if at < st.Frames {
			m := st.Make(s.cam)
			defer m.Close()
			m.CopyTo(dst)
			s.i++
			return nil
		}
		at -= st.Frames
	}
	return io.EOF
}

// Rewind starts the session over (the camera's noise goes on).
func (s *Session) Rewind() { s.i = 0 }

// Info describes the session as a video file.
func (s *Session) Info() camera.Info {
	return camera.Info{Spec: "synth", Kind: camera.Video, Width: s.cam.Width, Height: s.cam.Height, FPS: s.fps, Frames: s.Len()}
}
