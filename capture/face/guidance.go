package face

import (
	"biokiosk/capture/face/faceresult"
	"biokiosk/capture/guidance"
)

// Code is a stable guidance or problem code (see faceresult.Code).
type Code = faceresult.Code

// Guidance codes, most important first (see faceresult).
const (
	NoFace        = faceresult.NoFace
	MultipleFaces = faceresult.MultipleFaces
	MoveCloser    = faceresult.MoveCloser
	MoveBack      = faceresult.MoveBack
	MoveLeft      = faceresult.MoveLeft
	MoveRight     = faceresult.MoveRight
	MoveUp        = faceresult.MoveUp
	MoveDown      = faceresult.MoveDown
	TurnLeft      = faceresult.TurnLeft
	TurnRight     = faceresult.TurnRight
	ChinUp        = faceresult.ChinUp
	ChinDown      = faceresult.ChinDown
	HeadTilted    = faceresult.HeadTilted
	TooDark       = faceresult.TooDark
	TooBright     = faceresult.TooBright
	UnevenLight   = faceresult.UnevenLight
	HoldStill     = faceresult.HoldStill
	EyesClosed    = faceresult.EyesClosed
	NotLive       = faceresult.NotLive
	OK            = faceresult.OK
)

// Codes lists every code in priority order.
var Codes = faceresult.Codes

// Stabilizer adds hysteresis to per-frame guidance so the message on the
// screen does not flicker (see guidance.Stabilizer).
type Stabilizer = guidance.Stabilizer[Code]
