package docresult

// Point is a position in frame pixels. It has gocv.Point2f's fields, so
// the two convert into each other.
type Point struct{ X, Y float32 }

// Quad is a document's corners in frame pixels, as the document reads in
// landscape: top-left, top-right, bottom-right, bottom-left.
type Quad [4]Point

// Analysis is everything measured on one frame. Positions are in the
// source frame's pixels (the preview is not mirrored).
type Analysis struct {
	// Width and Height are the frame's size.
	Width, Height int
	// Found says an outline with the document's shape is in view; Corners
	// are its corners, and Fallback says they came from the
	// minimum-area rectangle rather than a polygon approximation.
	Found    bool
	Corners  Quad
	Fallback bool
	// Crop is the quadrilateral the rectification (and the photometry)
	// samples: Corners with each side moved in past the blur of its edge
	// as measured on the frame (about 1–2 px), so the crop's outermost
	// pixels are document, not background.
	Crop Quad
	// Area is the outline's area as a share of the frame's; Aspect its
	// estimated aspect (long over short).
	Area, Aspect float64
	// Touching says a corner lies within EdgeMargin of the frame's edge.
	Touching bool
	// SideRatio is the larger ratio of opposite sides; Skew the largest
	// corner angle's deviation from 90° in degrees.
	SideRatio, Skew float64
	// Photometry of the rectified document.
	Photo Photometry
	// Motion is the largest corner displacement since the previous frame,
	// as a share of the document's diagonal (0 on a first frame).
	Motion float64
	// Similarity is the content's similarity to the side the capture
	// avoids (the front, when capturing the back), or −1 when none.
	Similarity float64
	// Signature is a small fingerprint of the rectified content (for the
	// flip rule); zero when not Found. Analyze always takes it; Capture
	// only where the flip rule compares it (Avoid set) and for the frames
	// it keeps.
	Signature Signature
	// Score is the 0–100 quality score (see package document's score.go).
	Score float64
	// Problems lists every failed check, in Codes order; Guidance is the
	// first of them, or OK.
	Problems []Code
	Guidance Code
}

// OK says the frame passes every check.
func (a *Analysis) OK() bool { return a.Guidance == OK }

// Photometry is measured on the document rectified to half its output
// size, so every measure sees the print at the same scale whatever the
// document's distance.
type Photometry struct {
	// Brightness is the mean grey level (0–255).
	Brightness float64
	// Glare is the largest connected blob of saturated pixels (≥ the
	// configured GlareLevel) as a share of the document; Saturated is the
	// share of all saturated pixels.
	Glare, Saturated float64
	// Sharpness is the variance of the Laplacian (3×3 aperture).
	Sharpness float64
}
