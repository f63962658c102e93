package document

import (
	"image"

	"biokiosk/capture/document/docresult"

	"gocv.io/x/gocv"
)

// Photometry is the rectified document's light and focus figures (see
// docresult.Photometry).
type Photometry = docresult.Photometry

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
	return docresult.NewSignature(px)
}

// Signature is a document side's content fingerprint (see
// docresult.Signature).
type Signature = docresult.Signature

const sigW, sigH = 48, 30

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
	return docresult.NewSignature(px)
}
