package docresult

// Code is a stable guidance code. Front ends translate it.
type Code string

// Guidance codes, most important first: a frame's guidance is its first
// problem in this order.
const (
	// NoDocument: no outline with the document's shape is in view.
	NoDocument Code = "NO_DOCUMENT"
	// FlipDocument: capturing the back, but the side in view is the front
	// already captured (see the flip rule in document.Capture).
	FlipDocument Code = "FLIP_DOCUMENT"
	// MoveCloser: the document is too small in the frame.
	MoveCloser Code = "MOVE_CLOSER"
	// MoveBack: the document touches the frame's edge.
	MoveBack Code = "MOVE_BACK"
	// Align: too much perspective; hold the document flat to the camera.
	Align Code = "ALIGN"
	// TooDark: the document is too dark.
	TooDark Code = "TOO_DARK"
	// Glare: a reflection burns out part of the document.
	Glare Code = "GLARE"
	// Blurry: the document's print is not sharp.
	Blurry Code = "BLURRY"
	// HoldStill: the document moved since the previous frame.
	HoldStill Code = "HOLD_STILL"
	// OK: every check passed.
	OK Code = "OK"
)

// Codes lists every code in priority order.
var Codes = []Code{NoDocument, FlipDocument, MoveCloser, MoveBack, Align, TooDark, Glare, Blurry, HoldStill, OK}
