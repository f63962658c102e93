package ocr

import (
	"context"

	"biokiosk/sandbox/mrz"

	"gocv.io/x/gocv"
)

// ReadZone reads the machine-readable zone of a grey document side: the
// zone's band is binarised and cut into glyphs; chevrons ('<') are told
// by shape and erased, Tesseract reads the letters and digits, and the
// lines spelled glyph by glyph are searched for a TD1 or TD3 zone (want
// breaks ties). found is false when no zone was read with at least
// minZoneChecks passing check digits.
func (e *Engine) ReadZone(ctx context.Context, gray gocv.Mat, want mrz.Format) (zone mrz.MRZ, found bool, err error) {
	b, err := mrzBand(gray)
	if err != nil {
		return zone, false, err
	}
	lines := zoneGlyphs(b)
	eraseChevrons(b, lines)
	png, err := b.png()
	if err != nil {
		return zone, false, err
	}
	syms, err := e.read(ctx, png)
	if err != nil {
		return zone, false, err
	}
	zone, found = findZone(fixFillers(assemble(lines, syms)), want)
	return zone, found, nil
}
