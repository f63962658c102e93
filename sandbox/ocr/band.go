package ocr

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"

	"gocv.io/x/gocv"
)

// mrzCharHeight is the character height, in pixels, the zone is scaled
// to for Tesseract (which reads best at 20–40 px).
const mrzCharHeight = 32

// findWidth is the width a side is scaled to for finding the zone's
// lines, so the kernels and limits below hold for any crop size.
const findWidth = 1000

// zoneLine is a text line of a document side found by textLines, in the
// side's pixels: its centre, its direction (unit vector, dx > 0), its
// length along that direction and its thickness across it (the
// character height).
type zoneLine struct {
	cx, cy, dx, dy    float64
	length, thickness float64
}

// mrzBand finds the machine-readable zone of a document side (grey) and
// returns it binarised (dark text on white) with a white margin: each of
// the zone's text lines is cut out along its own direction (which undoes
// a residual rotation and, line by line, a residual perspective), scaled
// so characters are about mrzCharHeight high, freed of lighting gradients,
// binarised and cleaned of what is not a character of that line; the
// lines are stacked top to bottom. The lines are those textLines finds;
// when there is none, the lower 40 % of the side is used as it is.
func mrzBand(gray gocv.Mat) (block, error) {
	if gray.Empty() || gray.Type() != gocv.MatTypeCV8U {
		return block{}, fmt.Errorf("ocr: zone: want a non-empty 8-bit grey image")
	}
	lines := textLines(gray)
	if len(lines) == 0 {
		return wholeBand(gray)
	}
	const gap = mrzCharHeight / 2
	var strips []block
	for _, l := range lines {
		s, err := lineStrip(gray, l)
		if err != nil {
			return block{}, err
		}
		strips = append(strips, s)
	}
	w, h := 0, 0
	for _, s := range strips {
		w, h = max(w, s.w), h+s.h+gap
	}
	out := whiteBlock(w+40, h-gap+40)
	y := 20
	for _, s := range strips {
		for r := range s.h {
			copy(out.pix[(y+r)*out.w+20:], s.pix[r*s.w:(r+1)*s.w])
		}
		y += s.h + gap
	}
	return out, nil
}

// whiteBlock is a white block of w×h.
func whiteBlock(w, h int) block {
	b := block{pix: make([]byte, w*h), w: w, h: h}
	for i := range b.pix {
		b.pix[i] = 255
	}
	return b
}

// wholeBand is the fallback when no zone line stands out: the lower 40 %
// of the side, scaled for ~36 characters across, binarised (Otsu) with a
// white margin.
func wholeBand(gray gocv.Mat) (block, error) {
	w, h := gray.Cols(), gray.Rows()
	crop := gray.Region(image.Rect(0, h*6/10, w, h))
	defer crop.Close()
	lineH := float64(w) / 36 // ICAO lines span ~89 % of the width: 30 or 44 characters
	scale := min(4, max(0.5, mrzCharHeight/lineH))
	scaled := gocv.NewMat()
	defer scaled.Close()
	gocv.Resize(crop, &scaled, image.Point{}, scale, scale, gocv.InterpolationCubic)
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.Threshold(scaled, &bin, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	if bin.Mean().Val1 < 128 { // light text on a dark zone
		gocv.BitwiseNot(bin, &bin)
	}
	framed := gocv.NewMat()
	defer framed.Close()
	gocv.CopyMakeBorder(bin, &framed, 20, 20, 20, 20, gocv.BorderConstant, color.RGBA{255, 255, 255, 0})
	return block{pix: framed.ToBytes(), w: framed.Cols(), h: framed.Rows()}, nil
}

// png encodes a block for Tesseract.
func (b block) png() ([]byte, error) {
	m, err := gocv.NewMatFromBytes(b.h, b.w, gocv.MatTypeCV8U, b.pix)
	if err != nil {
		return nil, fmt.Errorf("ocr: zone image: %w", err)
	}
	defer m.Close()
	buf, err := gocv.IMEncode(gocv.PNGFileExt, m)
	if err != nil {
		return nil, fmt.Errorf("ocr: encode the zone: %w", err)
	}
	defer buf.Close()
	return append([]byte(nil), buf.GetBytes()...), nil
}

// textLines returns the text lines of a grey document side that span at
// least half its width in its lower 60 %, top to bottom, in the side's
// pixels. The side is scaled to findWidth; dark strokes are taken by a
// black-hat and Otsu, and the strokes touching the image's edge are
// dropped before they are joined along the lines (a wide closing): a
// rectified camera crop often keeps a dark rim of background, or a whole
// margin of it, which would otherwise join the zone or enclose it. Each
// line's direction is fitted to its outline, so a rotated or slightly
// keystoned zone is measured along its own lines rather than across rows.
func textLines(gray gocv.Mat) []zoneLine {
	s := float64(findWidth) / float64(gray.Cols())
	small := gocv.NewMat()
	defer small.Close()
	interp := gocv.InterpolationArea
	if s > 1 {
		interp = gocv.InterpolationLinear
	}
	gocv.Resize(gray, &small, image.Point{}, s, s, interp)
	w, h := small.Cols(), small.Rows()

	kern := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(15, 7))
	defer kern.Close()
	hat := gocv.NewMat()
	defer hat.Close()
	gocv.MorphologyEx(small, &hat, gocv.MorphBlackhat, kern)
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.Threshold(hat, &bin, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	if err := dropComponents(&bin, func(c component) bool {
		return c.box.Min.X == 0 || c.box.Min.Y == 0 || c.box.Max.X == w || c.box.Max.Y == h
	}); err != nil {
		return nil
	}
	join := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(25, 1))
	defer join.Close()
	gocv.MorphologyEx(bin, &bin, gocv.MorphClose, join)

	contours := gocv.FindContours(bin, gocv.RetrievalList, gocv.ChainApproxNone)
	defer contours.Close()
	fit := gocv.NewMat()
	defer fit.Close()
	var out []zoneLine
	for i := range contours.Size() {
		c := contours.At(i)
		if r := gocv.BoundingRect(c); r.Dx() < w/2 || r.Max.Y < h*4/10 {
			continue
		}
		gocv.FitLine(c, &fit, gocv.DistHuber, 0, 0.01, 0.01)
		dx, dy := float64(fit.GetFloatAt(0, 0)), float64(fit.GetFloatAt(1, 0))
		if dx < 0 {
			dx, dy = -dx, -dy
		}
		if math.Abs(dy) > math.Sin(8*math.Pi/180) { // not a zone line: ICAO lines are level, the crop nearly so
			continue
		}
		l := measure(c.ToPoints(), dx, dy)
		if l.length < float64(w)/2 || l.cy < float64(h)*4/10 || l.thickness < 6 || l.thickness > float64(h)/8 {
			continue
		}
		l.cx, l.cy, l.length, l.thickness = l.cx/s, l.cy/s, l.length/s, l.thickness/s
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].cy < out[j].cy })
	return out
}

// measure is the extent of pts along (dx, dy) and across it.
func measure(pts []image.Point, dx, dy float64) zoneLine {
	a0, a1 := math.Inf(1), math.Inf(-1)
	n0, n1 := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		x, y := float64(p.X), float64(p.Y)
		a, n := x*dx+y*dy, -x*dy+y*dx
		a0, a1, n0, n1 = min(a0, a), max(a1, a), min(n0, n), max(n1, n)
	}
	// Outline points sit on the outermost pixels' centres: the extent is
	// one pixel more.
	am, nm := (a0+a1)/2, (n0+n1)/2
	return zoneLine{cx: am*dx - nm*dy, cy: am*dy + nm*dx, dx: dx, dy: dy, length: a1 - a0 + 1, thickness: n1 - n0 + 1}
}

// lineStrip cuts a text line out of the side along its direction, scaled
// so its characters are mrzCharHeight high, with a margin of a third of
// a character above and below and one character at the ends. It is
// divided by its background (a grey closing wider than the strokes) to
// even the lighting out, binarised (Otsu; inverted for light print on a
// dark zone) and cleaned: specks, what reaches the strip's ends, and
// pieces of neighbouring lines (short components on the top or bottom
// edge) are painted white.
func lineStrip(gray gocv.Mat, l zoneLine) (block, error) {
	k := float64(mrzCharHeight) / l.thickness
	padY, padX := 0.35*l.thickness, l.thickness
	ow := int(math.Round((l.length + 2*padX) * k))
	oh := int(math.Round((l.thickness + 2*padY) * k))
	// dst → src: p = c + ((u - ow/2)·d + (v - oh/2)·n) / k, n = (−dy, dx).
	m := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer m.Close()
	hw, hh := float64(ow)/2, float64(oh)/2
	m.SetDoubleAt(0, 0, l.dx/k)
	m.SetDoubleAt(0, 1, -l.dy/k)
	m.SetDoubleAt(0, 2, l.cx-(l.dx*hw-l.dy*hh)/k)
	m.SetDoubleAt(1, 0, l.dy/k)
	m.SetDoubleAt(1, 1, l.dx/k)
	m.SetDoubleAt(1, 2, l.cy-(l.dy*hw+l.dx*hh)/k)
	strip := gocv.NewMat()
	defer strip.Close()
	gocv.WarpAffineWithParams(gray, &strip, m, image.Pt(ow, oh), gocv.InterpolationCubic|gocv.WarpInverseMap, gocv.BorderReplicate, color.RGBA{})

	// The background: a closing removes the dark strokes (narrower than
	// the kernel) and keeps the paper's shading.
	kern := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(mrzCharHeight*3/4, mrzCharHeight*3/4))
	defer kern.Close()
	bg := gocv.NewMat()
	defer bg.Close()
	gocv.MorphologyExWithParams(strip, &bg, gocv.MorphClose, kern, 1, gocv.BorderReplicate)
	f, fbg := gocv.NewMat(), gocv.NewMat()
	defer f.Close()
	defer fbg.Close()
	strip.ConvertTo(&f, gocv.MatTypeCV32F)
	bg.ConvertTo(&fbg, gocv.MatTypeCV32F)
	gocv.Divide(f, fbg, &f)
	f.MultiplyFloat(255)
	even := gocv.NewMat()
	defer even.Close()
	f.ConvertTo(&even, gocv.MatTypeCV8U) // saturates: the paper at 255

	ink := gocv.NewMat()
	defer ink.Close()
	gocv.Threshold(even, &ink, 0, 255, gocv.ThresholdBinaryInv|gocv.ThresholdOtsu)
	if ink.Mean().Val1 > 128 { // light print on a dark zone
		gocv.BitwiseNot(ink, &ink)
	}
	lh := mrzCharHeight
	if err := dropComponents(&ink, func(c component) bool {
		b := c.box
		speck := b.Dy()*5 < lh && b.Dx()*5 < lh
		atEnd := b.Min.X == 0 || b.Max.X == ow
		neighbour := (b.Min.Y == 0 || b.Max.Y == oh) && b.Dy()*10 < lh*6
		return speck || atEnd || neighbour || b.Dy() > lh*3/2
	}); err != nil {
		return block{}, err
	}
	gocv.BitwiseNot(ink, &ink)
	return block{pix: ink.ToBytes(), w: ow, h: oh}, nil
}

// component is a connected component of a binary image.
type component struct {
	box  image.Rectangle
	area int
}

// dropComponents clears (to 0) the 8-connected components of a binary
// image (non-zero is foreground) for which drop is true.
func dropComponents(bin *gocv.Mat, drop func(component) bool) error {
	labels, stats, centroids := gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	defer labels.Close()
	defer stats.Close()
	defer centroids.Close()
	n := gocv.ConnectedComponentsWithStatsWithParams(*bin, &labels, &stats, &centroids, 8, gocv.MatTypeCV32S, gocv.CCL_DEFAULT)
	gone := make([]bool, n)
	some := false
	for i := 1; i < n; i++ {
		x, y := int(stats.GetIntAt(i, 0)), int(stats.GetIntAt(i, 1))
		c := component{box: image.Rect(x, y, x+int(stats.GetIntAt(i, 2)), y+int(stats.GetIntAt(i, 3))), area: int(stats.GetIntAt(i, 4))}
		gone[i] = drop(c)
		some = some || gone[i]
	}
	if !some {
		return nil
	}
	lab := labels.ToBytes()
	pix, err := bin.DataPtrUint8()
	if err != nil {
		return fmt.Errorf("ocr: components: %w", err)
	}
	if len(lab) != 4*len(pix) {
		return fmt.Errorf("ocr: components: %d label bytes for %d pixels", len(lab), len(pix))
	}
	for i := range pix {
		if gone[binary.LittleEndian.Uint32(lab[4*i:])] {
			pix[i] = 0
		}
	}
	return nil
}
