package document

import (
	"biokiosk/capture/document/docresult"
	"biokiosk/capture/guidance"
)

// Code is a stable guidance code (see docresult.Code).
type Code = docresult.Code

// Guidance codes, most important first (see docresult).
const (
	NoDocument   = docresult.NoDocument
	FlipDocument = docresult.FlipDocument
	MoveCloser   = docresult.MoveCloser
	MoveBack     = docresult.MoveBack
	Align        = docresult.Align
	TooDark      = docresult.TooDark
	Glare        = docresult.Glare
	Blurry       = docresult.Blurry
	HoldStill    = docresult.HoldStill
	OK           = docresult.OK
)

// Codes lists every code in priority order.
var Codes = docresult.Codes

// Stabilizer adds hysteresis to per-frame guidance so the message on the
// screen does not flicker (see guidance.Stabilizer).
type Stabilizer = guidance.Stabilizer[Code]
