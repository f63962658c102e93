package synth

import (
	"math/rand/v2"
	"runtime"

	"gocv.io/x/gocv"
)

// Camera makes frames of one size as a kiosk webcam delivers them: the
// placed face sways by up to Jitter pixels each frame and every frame
// gets Gaussian sensor noise of Noise grey levels. It is deterministic
// for a seed. Not safe for concurrent use.
type Camera struct {
	Width, Height int
	Noise, Jitter float64
	rng           *rand.Rand
}

// NewCamera makes a camera of w×h frames.
func NewCamera(w, h int, noise, jitter float64, seed uint64) *Camera {
	return &Camera{Width: w, Height: h, Noise: noise, Jitter: jitter, rng: rand.New(rand.NewPCG(seed, 1))}
}

// Frame places p's face as Placer.FrameIn does, shifted by a random sway
// within ±Jitter px, and adds the sensor noise. The caller closes it.
func (c *Camera) Frame(p *Placer, scale, dx, dy float64) gocv.Mat {
	return c.FrameTilted(p, scale, dx, dy, 0)
}

// FrameTilted is Frame with the head rolled by angle degrees.
func (c *Camera) FrameTilted(p *Placer, scale, dx, dy, angle float64) gocv.Mat {
	jx := (c.rng.Float64()*2 - 1) * c.Jitter / float64(c.Width)
	jy := (c.rng.Float64()*2 - 1) * c.Jitter / float64(c.Height)
	m := p.FrameTilted(c.Width, c.Height, scale, dx+jx, dy+jy, angle)
	c.AddNoise(&m)
	return m
}

// AddNoise adds the camera's sensor noise to frame in place.
func (c *Camera) AddNoise(frame *gocv.Mat) {
	if c.Noise <= 0 {
		return
	}
	noise := gocv.NewMatWithSize(frame.Rows(), frame.Cols(), gocv.MatTypeCV16SC3)
	defer noise.Close()
	wide := gocv.NewMat()
	defer wide.Close()
	// OpenCV's RNG is per thread: stay on one while seeding and drawing.
	runtime.LockOSThread()
	gocv.SetRNGSeed(int(c.rng.Int32()))
	gocv.RandN(&noise, gocv.NewScalar(0, 0, 0, 0), gocv.NewScalar(c.Noise, c.Noise, c.Noise, 0))
	runtime.UnlockOSThread()
	frame.ConvertTo(&wide, gocv.MatTypeCV16SC3)
	gocv.Add(wide, noise, &wide)
	wide.ConvertTo(frame, gocv.MatTypeCV8UC3)
}
