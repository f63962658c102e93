package sandbox

import (
	"fmt"
	"image"
	"image/color"
	"sort"

	"gocv.io/x/gocv"
)

// mrzCharHeight is the character height, in pixels, the zone is scaled
// to for Tesseract (which reads best at 20–40 px).
const mrzCharHeight = 32

// mrzBand finds the machine-readable zone of a document side (grey) and
// returns it binarised (dark text on white) with a white margin, scaled
// so characters are about mrzCharHeight high. The zone is the block of text lines spanning at least half the
// width in the lower 60 % of the side, as ICAO 9303 places it; when no
// such block stands out, the lower 40 % is used.
func mrzBand(gray gocv.Mat) (block, error) {
	w, h := gray.Cols(), gray.Rows()
	lines := textLines(gray)
	band := image.Rect(0, h*6/10, w, h)
	lineH := 0
	if len(lines) > 0 {
		band = lines[0]
		for _, r := range lines[1:] {
			band = band.Union(r)
		}
		hs := make([]int, len(lines))
		for i, r := range lines {
			hs[i] = r.Dy()
		}
		sort.Ints(hs)
		lineH = hs[len(hs)/2]
		pad := lineH/2 + 4
		band = image.Rect(0, band.Min.Y-pad, w, band.Max.Y+pad).Intersect(image.Rect(0, 0, w, h))
	}
	if lineH <= 0 {
		lineH = w / 36 // ICAO lines span ~89 % of the width: 30 or 44 characters
	}
	crop := gray.Region(band)
	defer crop.Close()
	scale := min(4, max(0.5, float64(mrzCharHeight)/float64(lineH)))
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

// textLines returns the boxes of the text lines that span at least half
// the width in the lower 60 % of a grey document side, top to bottom:
// dark strokes (black-hat) joined along the line by a wide closing.
func textLines(gray gocv.Mat) []image.Rectangle {
	w, h := gray.Cols(), gray.Rows()
	k := max(1, w/1000)
	kern := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(15*k, 7*k))
	defer kern.Close()
	hat := gocv.NewMat()
	defer hat.Close()
	gocv.MorphologyEx(gray, &hat, gocv.MorphBlackhat, kern)
	bin := gocv.NewMat()
	defer bin.Close()
	gocv.Threshold(hat, &bin, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	join := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(25*k, 1))
	defer join.Close()
	gocv.MorphologyEx(bin, &bin, gocv.MorphClose, join)
	contours := gocv.FindContours(bin, gocv.RetrievalExternal, gocv.ChainApproxSimple)
	defer contours.Close()
	var out []image.Rectangle
	for i := range contours.Size() {
		r := gocv.BoundingRect(contours.At(i))
		if r.Dx() >= w/2 && r.Min.Y >= h*4/10 && r.Dy() >= 6 && r.Dy() <= h/8 {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Min.Y < out[j].Min.Y })
	return out
}
