package faceresult

// Code is a stable guidance or problem code. Front ends translate it.
type Code string

// Guidance codes, most important first: a frame's guidance is its first
// problem in this order. Directions are in the person's own frame of
// reference, which is also what they see in the mirrored preview:
// MOVE_LEFT means "move to your left".
const (
	NoFace        Code = "NO_FACE"
	MultipleFaces Code = "MULTIPLE_FACES"
	MoveCloser    Code = "MOVE_CLOSER"
	MoveBack      Code = "MOVE_BACK"
	MoveLeft      Code = "MOVE_LEFT"
	MoveRight     Code = "MOVE_RIGHT"
	MoveUp        Code = "MOVE_UP"
	MoveDown      Code = "MOVE_DOWN"
	// The pose corrections, one per direction, each the move that brings
	// the head back to frontal: TURN_LEFT for a head turned to the
	// person's right (yaw below −MaxYaw), TURN_RIGHT for one turned to
	// their left, CHIN_UP for a head bowed (pitch below −MaxPitch),
	// CHIN_DOWN for one raised.
	TurnLeft    Code = "TURN_LEFT"
	TurnRight   Code = "TURN_RIGHT"
	ChinUp      Code = "CHIN_UP"
	ChinDown    Code = "CHIN_DOWN"
	HeadTilted  Code = "HEAD_TILTED"
	TooDark     Code = "TOO_DARK"
	TooBright   Code = "TOO_BRIGHT"
	UnevenLight Code = "UNEVEN_LIGHT"
	HoldStill   Code = "HOLD_STILL"
	EyesClosed  Code = "EYES_CLOSED"
	// NotLive is biokiosk's addition after the list: the passive
	// liveness network thinks the face is a photo or a screen. It is only
	// checked where liveness runs (stills and capture candidates).
	NotLive Code = "NOT_LIVE"
	OK      Code = "OK"
)

// Codes lists every code in priority order.
var Codes = []Code{NoFace, MultipleFaces, MoveCloser, MoveBack, MoveLeft, MoveRight, MoveUp, MoveDown,
	TurnLeft, TurnRight, ChinUp, ChinDown, HeadTilted, TooDark, TooBright, UnevenLight, HoldStill, EyesClosed, NotLive, OK}
