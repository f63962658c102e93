// Package docsynth builds deterministic synthetic document scenes for the
// document capture tests and benchmarks: a flat card (light background,
// printed lines of text, a portrait on the front, an MRZ-like block on the
// back) placed with a known homography, from a 3-D pose seen by a pinhole
// camera, onto a cluttered background, then degraded on purpose (blur,
// noise, glare, darkness). Every scene's true corners are returned.
package docsynth

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand"

	"gocv.io/x/gocv"
)

// Card is a flat, fronto-parallel document image (BGR) and its mask (the
// card's shape, with rounded corners). Close it after use.
type Card struct {
	Image, Mask gocv.Mat
}

// Close frees the card's Mats.
func (c *Card) Close() {
	c.Image.Close()
	c.Mask.Close()
}

// Size is the card image's size.
func (c *Card) Size() image.Point { return image.Pt(c.Image.Cols(), c.Image.Rows()) }

// CardOptions describe a card to draw.
type CardOptions struct {
	// Width and Height are the card's size in pixels (e.g. 856×540 for an
	// ID-1 card at 10 px/mm).
	Width, Height int
	// Back draws the back (barcode stripes and a three-line MRZ) instead
	// of the front (portrait and fields).
	Back bool
	// Seed varies the printed text.
	Seed int64
	// Portrait, when set, is placed on the front (BGR, any size); else a
	// drawn head silhouette is.
	Portrait *gocv.Mat
	// CornerRadius rounds the corners (ID-1: 3.18 mm, about 3.7 % of the
	// width); 0 draws sharp corners.
	CornerRadius int
	// Tint is the card's background colour; zero gives a pale beige.
	Tint color.RGBA
}

var (
	ink     = color.RGBA{40, 30, 30, 0}
	faintBG = color.RGBA{228, 222, 214, 0}
)

// NewCard draws a card.
func NewCard(o CardOptions) (*Card, error) {
	if o.Width < 64 || o.Height < 40 {
		return nil, fmt.Errorf("docsynth: card %dx%d too small", o.Width, o.Height)
	}
	tint := o.Tint
	if tint == (color.RGBA{}) {
		tint = faintBG
	}
	w, h := o.Width, o.Height
	img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(float64(tint.B), float64(tint.G), float64(tint.R), 0), h, w, gocv.MatTypeCV8UC3)
	rng := rand.New(rand.NewSource(o.Seed))
	// A faint guilloche-like pattern: thin sine curves.
	for k := 0; k < 6; k++ {
		pts := make([]image.Point, 0, 64)
		ph := rng.Float64() * 2 * math.Pi
		for i := 0; i <= 63; i++ {
			x := i * w / 63
			y := h/2 + int(float64(h)/3*math.Sin(float64(x)/float64(w)*4*math.Pi+ph))
			pts = append(pts, image.Pt(x, y))
		}
		pv := gocv.NewPointsVectorFromPoints([][]image.Point{pts})
		gocv.Polylines(&img, pv, false, color.RGBA{200, 190, 205, 0}, 1)
		pv.Close()
	}
	u := float64(w) / 856 // font scale unit
	if o.Back {
		drawBack(&img, rng, w, h, u)
	} else if err := drawFront(&img, rng, w, h, u, o.Portrait); err != nil {
		img.Close()
		return nil, err
	}
	mask := gocv.NewMatWithSize(h, w, gocv.MatTypeCV8U)
	drawRounded(&mask, w, h, o.CornerRadius)
	return &Card{Image: img, Mask: mask}, nil
}

func drawFront(img *gocv.Mat, rng *rand.Rand, w, h int, u float64, portrait *gocv.Mat) error {
	// Header band with the issuer's name.
	// Inset from the card's edge by a light margin, as on most ID cards.
	gocv.Rectangle(img, image.Rect(int(14*u), int(14*u), w-int(14*u), h/7), color.RGBA{150, 90, 40, 0}, -1)
	gocv.PutText(img, "REPUBLIC OF UTOPIA  IDENTITY CARD", image.Pt(int(30*u), int(52*u)), gocv.FontHersheyDuplex, 1.1*u, color.RGBA{250, 250, 250, 0}, max(1, int(2*u)))
	pr := image.Rect(int(40*u), int(110*u), int(300*u), int(440*u))
	if portrait != nil && !portrait.Empty() {
		roi := img.Region(pr)
		gocv.Resize(*portrait, &roi, pr.Size(), 0, 0, gocv.InterpolationArea)
		roi.Close()
	} else {
		gocv.Rectangle(img, pr, color.RGBA{170, 180, 190, 0}, -1)
		c := image.Pt((pr.Min.X+pr.Max.X)/2, pr.Min.Y+pr.Dy()*2/5)
		gocv.Ellipse(img, c, image.Pt(pr.Dx()/4, pr.Dy()/4), 0, 0, 360, color.RGBA{70, 90, 120, 0}, -1)
		gocv.Ellipse(img, image.Pt(c.X, pr.Max.Y), image.Pt(pr.Dx()/2, pr.Dy()/4), 0, 180, 360, color.RGBA{60, 60, 70, 0}, -1)
	}
	labels := []string{"SURNAME", "GIVEN NAMES", "DATE OF BIRTH", "NATIONALITY", "DOCUMENT NO", "DATE OF EXPIRY"}
	for i, l := range labels {
		y := int(float64(140+i*52) * u)
		gocv.PutText(img, l, image.Pt(int(330*u), y), gocv.FontHersheySimplex, 0.45*u, color.RGBA{110, 100, 100, 0}, 1)
		gocv.PutText(img, word(rng, 6+rng.Intn(8)), image.Pt(int(330*u), y+int(24*u)), gocv.FontHersheyDuplex, 0.8*u, ink, max(1, int(1.5*u)))
	}
	// A signature scribble.
	pts := make([]image.Point, 0, 40)
	for i := 0; i < 40; i++ {
		pts = append(pts, image.Pt(int((330+float64(i)*8)*u), int((470+18*math.Sin(float64(i)*0.9+rng.Float64()))*u)))
	}
	pv := gocv.NewPointsVectorFromPoints([][]image.Point{pts})
	gocv.Polylines(img, pv, false, color.RGBA{120, 40, 20, 0}, max(1, int(2*u)))
	pv.Close()
	return nil
}

func drawBack(img *gocv.Mat, rng *rand.Rand, w, h int, u float64) {
	// Barcode stripes, then address lines, then the MRZ band.
	x := int(40 * u)
	for x < int(560*u) {
		bw := 1 + rng.Intn(4)
		gocv.Rectangle(img, image.Rect(x, int(40*u), x+int(float64(bw)*u)+1, int(150*u)), ink, -1)
		x += int(float64(bw+1+rng.Intn(4)) * u)
	}
	for i := 0; i < 3; i++ {
		gocv.PutText(img, word(rng, 10)+" "+word(rng, 8), image.Pt(int(40*u), int(float64(200+i*40)*u)), gocv.FontHersheySimplex, 0.7*u, ink, max(1, int(1.5*u)))
	}
	gocv.Rectangle(img, image.Rect(0, int(340*u), w, h), color.RGBA{245, 245, 245, 0}, -1)
	for i := 0; i < 3; i++ {
		gocv.PutText(img, mrzLine(rng, 30), image.Pt(int(30*u), int(float64(385+i*50)*u)), gocv.FontHersheyPlain, 2.6*u, color.RGBA{10, 10, 10, 0}, max(1, int(2*u)))
	}
}

// drawRounded fills mask with the card's shape: a rectangle with corners
// of radius r.
func drawRounded(mask *gocv.Mat, w, h, r int) {
	white := color.RGBA{255, 255, 255, 0}
	if r <= 0 {
		mask.SetTo(gocv.NewScalar(255, 0, 0, 0))
		return
	}
	gocv.Rectangle(mask, image.Rect(r, 0, w-r, h), white, -1)
	gocv.Rectangle(mask, image.Rect(0, r, w, h-r), white, -1)
	for _, c := range []image.Point{{r, r}, {w - 1 - r, r}, {w - 1 - r, h - 1 - r}, {r, h - 1 - r}} {
		gocv.Circle(mask, c, r, white, -1)
	}
}

func word(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + rng.Intn(26))
	}
	return string(b)
}

func mrzLine(rng *rand.Rand, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.Intn(len(alphabet))]
	}
	return string(b)
}

// Background draws a cluttered desk: a colour gradient, wood-like grain,
// a dozen random lines, circles and small rectangles (none with a card's
// size), and pixel noise.
func Background(w, h int, seed int64) gocv.Mat {
	rng := rand.New(rand.NewSource(seed))
	bg := gocv.NewMatWithSize(h, w, gocv.MatTypeCV8UC3)
	base := [3]float64{60 + rng.Float64()*60, 50 + rng.Float64()*60, 40 + rng.Float64()*60}
	for y := 0; y < h; y += 4 {
		f := float64(y) / float64(h)
		c := color.RGBA{uint8(base[0] * (0.7 + 0.6*f)), uint8(base[1] * (0.8 + 0.4*f)), uint8(base[2] * (1.1 - 0.4*f)), 0}
		gocv.Rectangle(&bg, image.Rect(0, y, w, y+4), c, -1)
	}
	for i := 0; i < 60; i++ { // wood-like grain: long, low-contrast lines
		y := rng.Intn(h)
		f := float64(y)/float64(h) + (rng.Float64()-0.5)*0.3
		k := 0.85 + rng.Float64()*0.3
		c := color.RGBA{uint8(base[0] * (0.7 + 0.6*f) * k), uint8(base[1] * (0.8 + 0.4*f) * k), uint8(base[2] * (1.1 - 0.4*f) * k), 0}
		gocv.Line(&bg, image.Pt(0, y), image.Pt(w, y+rng.Intn(40)-20), c, 1+rng.Intn(3))
	}
	for i := 0; i < 12; i++ {
		c := color.RGBA{uint8(rng.Intn(256)), uint8(rng.Intn(256)), uint8(rng.Intn(256)), 0}
		p := image.Pt(rng.Intn(w), rng.Intn(h))
		switch i % 3 {
		case 0:
			gocv.Line(&bg, p, image.Pt(rng.Intn(w), rng.Intn(h)), c, 1+rng.Intn(3))
		case 1:
			gocv.Circle(&bg, p, 5+rng.Intn(w/20), c, -1+rng.Intn(2)*3)
		default:
			s := 5 + rng.Intn(w/25)
			gocv.Rectangle(&bg, image.Rect(p.X, p.Y, p.X+s, p.Y+s*(1+rng.Intn(3))), c, -1)
		}
	}
	Noise(&bg, 6, seed)
	return bg
}

// Pose places a card in a frame, as a pinhole camera with a 60°
// horizontal field of view would see it.
type Pose struct {
	// CX and CY are the card centre's position as shares of the frame.
	CX, CY float64
	// Width is the card's width in the frame (for a flat card) as a share
	// of the frame's width.
	Width float64
	// Roll is the in-plane rotation in degrees (clockwise on screen);
	// TiltX and TiltY rotate the card about its horizontal and vertical
	// axes (perspective).
	Roll, TiltX, TiltY float64
}

// Quad is a card's four corners in frame pixels: the card image's
// top-left, top-right, bottom-right and bottom-left.
type Quad [4]gocv.Point2f

// Project returns where pose puts the corners of a card of size card in a
// frame of size frame.
func Project(card, frame image.Point, p Pose) Quad {
	fw, fh := float64(frame.X), float64(frame.Y)
	f := fw / 2 / math.Tan(30*math.Pi/180)
	cw, ch := float64(card.X), float64(card.Y)
	z := f * cw / (p.Width * fw)
	rx, ry, rz := p.TiltX*math.Pi/180, p.TiltY*math.Pi/180, p.Roll*math.Pi/180
	var q Quad
	for i, c := range [4][2]float64{{-cw / 2, -ch / 2}, {cw / 2, -ch / 2}, {cw / 2, ch / 2}, {-cw / 2, ch / 2}} {
		x, y, zz := c[0], c[1], 0.0
		// Tilt about x, then y, then roll about the optical axis.
		y, zz = y*math.Cos(rx)-zz*math.Sin(rx), y*math.Sin(rx)+zz*math.Cos(rx)
		x, zz = x*math.Cos(ry)+zz*math.Sin(ry), -x*math.Sin(ry)+zz*math.Cos(ry)
		x, y = x*math.Cos(rz)-y*math.Sin(rz), x*math.Sin(rz)+y*math.Cos(rz)
		d := z + zz
		q[i] = gocv.Point2f{X: float32(p.CX*fw + f*x/d), Y: float32(p.CY*fh + f*y/d)}
	}
	return q
}

// Scene composites card onto a copy of bg with pose and returns the frame
// and the card's true corners: its outline, the outer edges of its corner
// pixels. The caller closes the frame.
func Scene(bg gocv.Mat, card *Card, p Pose) (gocv.Mat, Quad) {
	size := card.Size()
	q := Project(size, image.Pt(bg.Cols(), bg.Rows()), p)
	// OpenCV puts pixel centres on integer coordinates, so the card's
	// outline runs from −0.5 to size−0.5; mapping 0 and size instead
	// would shift the returned corners half a card pixel off the card.
	w, h := float32(size.X)-0.5, float32(size.Y)-0.5
	src := gocv.NewPoint2fVectorFromPoints([]gocv.Point2f{{X: -0.5, Y: -0.5}, {X: w, Y: -0.5}, {X: w, Y: h}, {X: -0.5, Y: h}})
	defer src.Close()
	dst := gocv.NewPoint2fVectorFromPoints(q[:])
	defer dst.Close()
	m := gocv.GetPerspectiveTransform2f(src, dst)
	defer m.Close()
	out := bg.Clone()
	sz := image.Pt(bg.Cols(), bg.Rows())
	warped := gocv.NewMat()
	defer warped.Close()
	gocv.WarpPerspectiveWithParams(card.Image, &warped, m, sz, gocv.InterpolationLinear, gocv.BorderConstant, color.RGBA{})
	mask := gocv.NewMat()
	defer mask.Close()
	gocv.WarpPerspectiveWithParams(card.Mask, &mask, m, sz, gocv.InterpolationLinear, gocv.BorderConstant, color.RGBA{})
	gocv.Threshold(mask, &mask, 127, 255, gocv.ThresholdBinary)
	warped.CopyToWithMask(&out, mask)
	return out, q
}

// Blur blurs frame in place (out of focus or moving).
func Blur(frame *gocv.Mat, sigma float64) {
	gocv.GaussianBlur(*frame, frame, image.Pt(0, 0), sigma, sigma, gocv.BorderDefault)
}

// Noise adds Gaussian pixel noise of standard deviation sigma in place,
// the same for the same seed (drawn in Go: OpenCV's generator is per
// thread).
func Noise(frame *gocv.Mat, sigma float64, seed int64) {
	rng := rand.New(rand.NewSource(seed))
	n := frame.Rows() * frame.Cols() * frame.Channels()
	b := make([]byte, 2*n)
	for i := 0; i < n; i++ {
		v := int16(math.Round(rng.NormFloat64() * sigma))
		b[2*i], b[2*i+1] = byte(uint16(v)), byte(uint16(v)>>8)
	}
	noise, err := gocv.NewMatFromBytes(frame.Rows(), frame.Cols(), gocv.MatTypeCV16SC3, b)
	if err != nil {
		return
	}
	defer noise.Close()
	f := gocv.NewMat()
	defer f.Close()
	frame.ConvertTo(&f, gocv.MatTypeCV16SC3)
	gocv.Add(f, noise, &f)
	f.ConvertTo(frame, gocv.MatTypeCV8UC3)
}

// Glare adds a specular highlight in place: a saturated ellipse of
// semi-axes axes at centre with a soft halo around it.
func Glare(frame *gocv.Mat, center, axes image.Point) {
	halo := frame.Clone()
	defer halo.Close()
	white := color.RGBA{255, 255, 255, 0}
	gocv.Ellipse(&halo, center, image.Pt(axes.X*3/2, axes.Y*3/2), 20, 0, 360, white, -1)
	gocv.AddWeighted(*frame, 0.6, halo, 0.4, 0, frame)
	gocv.Ellipse(frame, center, axes, 20, 0, 360, white, -1)
}

// Darken scales frame's brightness in place.
func Darken(frame *gocv.Mat, gain float64) {
	frame.ConvertToWithParams(frame, gocv.MatTypeCV8UC3, float32(gain), 0)
}
