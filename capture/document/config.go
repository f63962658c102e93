package document

import "fmt"

// Type is the kind of document: its shape and the rectified output size.
type Type string

// Document types (the same strings as flow.DocType).
const (
	// IDCard is an ID-1 card: 85.60 × 53.98 mm.
	IDCard Type = "idcard"
	// Passport is a TD3 passport data page: 125 × 88 mm.
	Passport Type = "passport"
)

// Geometry is a document type's shape and output size.
type Geometry struct {
	// Aspect is the long side over the short side.
	Aspect float64
	// Width and Height are the rectified output's size in pixels, landscape.
	Width, Height int
}

// Geometry returns t's shape and output size: ID-1 at 300 dpi (1011×638);
// the TD3 page at about 203 dpi (1000×704), which keeps its MRZ's OCR-B
// characters about 20 px tall and the JPEG well under 1 MB.
func (t Type) Geometry() (Geometry, error) {
	switch t {
	case IDCard:
		return Geometry{Aspect: 85.60 / 53.98, Width: 1011, Height: 638}, nil
	case Passport:
		return Geometry{Aspect: 125.0 / 88, Width: 1000, Height: 704}, nil
	}
	return Geometry{}, fmt.Errorf("document: unknown type %q (want idcard or passport)", t)
}

// Config holds the per-frame checks' thresholds. The defaults were set on
// the synthetic scenes of internal/testkit/docsynth (see the package tests and the
// docs/document.md).
type Config struct {
	// AspectTolerance is how far the outline's estimated aspect (mean of
	// opposite sides, long over short) may be from the type's, as a share
	// of it. Measured on synthetic cards: within 3.4 % at 15° of tilt,
	// 4.6 % at 20°, 9 % at 25° (ALIGN blocks such tilts anyway).
	AspectTolerance float64
	// MinFound is the smallest outline, as a share of the frame's area,
	// that counts as a document at all (smaller ones are clutter).
	MinFound float64
	// MinArea is the smallest document area, as a share of the frame's,
	// before MOVE_CLOSER: 0.25 of a 1280×720 frame is an ID-1 card about
	// 600 px wide (≈180 dpi, upscaled ≤ 1.7× to the 300 dpi output).
	MinArea float64
	// EdgeMargin: MOVE_BACK when a corner lies within this share of the
	// frame's shorter side of the frame's edge (the document is cut off or
	// about to be).
	//
	// The remaining defaults were measured on internal/testkit/docsynth's cards:
	// ALIGN from 1.15× / 12° (15° of tilt gives side ratios 1.11–1.18,
	// 25° gives 1.18–1.31); TOO_DARK below grey 70 (the card at 30 %
	// exposure measured 57, normal 190); GLARE above 0.4 % (a 60×35 px
	// highlight measured 1.3 %); BLURRY below 1500 (sharp ≈ 17 000,
	// Gaussian σ 1 px 5200, 1.5 px 2200, 2 px 950, 3 px 240, on the crop
	// inside the edges: the card's border against the desk no longer
	// adds to the measure);
	// HOLD_STILL above 1 % of the diagonal (≈ 9 px on a 600 px card).
	EdgeMargin float64
	// MaxSideRatio bounds the ratio of opposite sides (perspective: the
	// near side looks longer); MaxAngle bounds any corner's deviation from
	// 90° in degrees. Beyond either, ALIGN.
	MaxSideRatio, MaxAngle float64
	// MinBrightness is the smallest mean grey level of the rectified
	// document before TOO_DARK.
	MinBrightness float64
	// GlareLevel is the grey level at or above which a pixel counts as
	// saturated; MaxGlare is the largest connected saturated blob, as a
	// share of the document, before GLARE.
	GlareLevel, MaxGlare float64
	// MinSharpness is the smallest variance of the Laplacian of the
	// document rectified to half its output size, before BLURRY.
	MinSharpness float64
	// MaxMotion is the largest corner displacement between frames, as a
	// share of the document's diagonal, before HOLD_STILL.
	MaxMotion float64
}

// DefaultConfig returns the kiosk defaults (docs/document.md).
func DefaultConfig() Config {
	return Config{
		AspectTolerance: 0.10,
		MinFound:        0.03,
		MinArea:         0.25,
		EdgeMargin:      0.01,
		MaxSideRatio:    1.15,
		MaxAngle:        12,
		MinBrightness:   70,
		GlareLevel:      250,
		MaxGlare:        0.004,
		MinSharpness:    1500,
		MaxMotion:       0.01,
	}
}
