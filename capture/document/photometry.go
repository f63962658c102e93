package document

import (
	"image"
	"math"

	"gocv.io/x/gocv"
)

// Photometry is measured on the document rectified to half its output
// size, so every measure sees the print at the same scale whatever the
// document's distance.
type Photometry struct {
	// Brightness is the mean grey level (0–255).
	Brightness float64
	// Glare is the largest connected blob of saturated pixels (≥
	// GlareLevel) as a share of the document; Saturated is the share of
	// all saturated pixels.
	Glare, Saturated float64
	// Sharpness is the variance of the Laplacian (3×3 aperture).
	Sharpness float64
}

// photometer measures the rectified document; its Mats are reused
// between frames.
type photometer struct {
	warped, grey, lap, mean, sd, mask, labels, stats, centroids, thumb gocv.Mat
}

func newPhotometer() *photometer {
	return &photometer{warped: gocv.NewMat(), grey: gocv.NewMat(), lap: gocv.NewMat(), mean: gocv.NewMat(), sd: gocv.NewMat(),
		mask: gocv.NewMat(), labels: gocv.NewMat(), stats: gocv.NewMat(), centroids: gocv.NewMat(), thumb: gocv.NewMat()}
}

func (p *photometer) close() {
	for _, m := range []*gocv.Mat{&p.warped, &p.grey, &p.lap, &p.mean, &p.sd, &p.mask, &p.labels, &p.stats, &p.centroids, &p.thumb} {
		m.Close()
	}
}

// measure rectifies q out of frame at size and measures it. The rectified
// grey document stays in the photometer until the next measure, for
// signature.
func (p *photometer) measure(frame gocv.Mat, q Quad, size image.Point, cfg Config) (Photometry, error) {
	if err := warp(frame, q, size, &p.warped); err != nil {
		return Photometry{}, err
	}
	gocv.CvtColor(p.warped, &p.grey, gocv.ColorBGRToGray)
	var ph Photometry
	ph.Brightness = p.grey.Mean().Val1

	gocv.Laplacian(p.grey, &p.lap, gocv.MatTypeCV16S, 3, 1, 0, gocv.BorderDefault)
	gocv.MeanStdDev(p.lap, &p.mean, &p.sd)
	s := p.sd.GetDoubleAt(0, 0)
	ph.Sharpness = s * s

	n := float64(size.X * size.Y)
	gocv.Threshold(p.grey, &p.mask, float32(cfg.GlareLevel)-0.5, 255, gocv.ThresholdBinary)
	if sat := gocv.CountNonZero(p.mask); sat > 0 {
		ph.Saturated = float64(sat) / n
		k := gocv.ConnectedComponentsWithStats(p.mask, &p.labels, &p.stats, &p.centroids)
		largest := 0
		for i := 1; i < k; i++ { // label 0 is the background
			largest = max(largest, int(p.stats.GetIntAt(i, int(gocv.CC_STAT_AREA))))
		}
		ph.Glare = float64(largest) / n
	}
	return ph, nil
}

// signature is the signature of the document measured last: its rectified
// grey image shrunk to a thumbnail.
func (p *photometer) signature() Signature {
	gocv.Resize(p.grey, &p.thumb, image.Pt(sigW, sigH), 0, 0, gocv.InterpolationArea)
	px, err := p.thumb.DataPtrUint8()
	if err != nil || len(px) != sigW*sigH {
		return Signature{}
	}
	return newSignature(px)
}

// Signature is a document side's content fingerprint: its rectified grey
// image shrunk to 48×30, zero-mean and unit-norm. It is kept in memory
// only (the flip rule) and never written anywhere.
type Signature struct{ v []float32 }

const sigW, sigH = 48, 30

func newSignature(px []uint8) Signature {
	v := make([]float32, len(px))
	mean := 0.0
	for _, x := range px {
		mean += float64(x)
	}
	mean /= float64(len(px))
	norm := 0.0
	for i, x := range px {
		d := float64(x) - mean
		v[i] = float32(d)
		norm += d * d
	}
	if norm < 1e-6 {
		return Signature{v: make([]float32, len(px))} // flat: similar to nothing
	}
	k := float32(1 / math.Sqrt(norm))
	for i := range v {
		v[i] *= k
	}
	return Signature{v: v}
}

// SignatureOf takes the signature of an already rectified document image
// (e.g. a captured side's decoded JPEG).
func SignatureOf(rectified gocv.Mat) Signature {
	if rectified.Empty() {
		return Signature{}
	}
	grey, thumb := gocv.NewMat(), gocv.NewMat()
	defer grey.Close()
	defer thumb.Close()
	if rectified.Channels() == 3 {
		gocv.CvtColor(rectified, &grey, gocv.ColorBGRToGray)
	} else {
		rectified.CopyTo(&grey)
	}
	gocv.Resize(grey, &thumb, image.Pt(sigW, sigH), 0, 0, gocv.InterpolationArea)
	px, err := thumb.DataPtrUint8()
	if err != nil || len(px) != sigW*sigH {
		return Signature{}
	}
	return newSignature(px)
}

// Empty says there is no signature.
func (s Signature) Empty() bool { return len(s.v) == 0 }

// Similarity is the normalised cross-correlation of two signatures, the
// larger of s against o as is and o turned by 180° (a side put back
// upside down is the same side): 1 for the same content, about 0 for
// unrelated content; 0 when either is empty.
func (s Signature) Similarity(o Signature) float64 {
	if len(s.v) == 0 || len(s.v) != len(o.v) {
		return 0
	}
	var same, turned float64
	n := len(s.v)
	for i, x := range s.v {
		same += float64(x * o.v[i])
		turned += float64(x * o.v[n-1-i])
	}
	return math.Max(same, turned)
}

// Clear zeroes the signature (it is a tiny image of the document).
func (s *Signature) Clear() {
	clear(s.v)
	s.v = nil
}
