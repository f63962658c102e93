package flow

import (
	"context"
	"time"
)

// DocType is the kind of identity document.
type DocType string

// Document kinds, as BiometrID's Validate Document names them.
const (
	// DocIDCard is an ID-1 card (85.60 × 53.98 mm, a TD1 MRZ on the back).
	DocIDCard DocType = "idcard"
	// DocPassport is a passport's data page (125 × 88 mm, a TD3 MRZ).
	DocPassport DocType = "passport"
)

// DocSide is the side of a document being captured.
type DocSide string

// Document sides.
const (
	SideFront DocSide = "front"
	SideBack  DocSide = "back"
)

// DocumentProgress is the document camera's live state.
type DocumentProgress struct {
	Side DocSide
	// Guidance is a capture/document code (NO_DOCUMENT, GLARE, OK, …).
	Guidance  string
	Countdown time.Duration
	// Found says a document outline is in view.
	Found bool
}

// DocumentPhoto is one side of a document, perspective-corrected and
// cropped to the document, as a JPEG of at most 1 MB. It belongs to the
// flow, which zeroes it once submitted.
type DocumentPhoto struct {
	JPEG  []byte
	Score float64
}

// DocumentCamera captures one side of a document, reporting progress. Like
// FaceCamera, it fails with a Coder code (CAPTURE_TIMEOUT naming the most
// frequent blocking reason, CAMERA_UNAVAILABLE) when no good photo came.
type DocumentCamera interface {
	CaptureDocument(ctx context.Context, kind DocType, side DocSide, progress func(DocumentProgress)) (DocumentPhoto, error)
}

// Forgetter is implemented by a document camera that keeps something of
// the person between captures (the flip rule's thumbnail of the side
// captured last); the flow calls Forget when a flow ends, so nothing of
// one person is left for the next.
type Forgetter interface{ Forget() }

// DocumentCheck is a back end's answer to a document validation.
type DocumentCheck struct {
	// Valid says the document was read and its checks passed.
	Valid bool
	// Refused and Reason are set when the server could not read or
	// refused the document (the message constant and why).
	Refused Code
	Reason  string
	// Fields are the extracted fields (names, document number, dates…),
	// for display; the flow never writes them to disk.
	Fields map[string]string
	// Portrait is the document's face crop (JPEG or PNG) for the selfie
	// comparison, when the server returns one.
	Portrait []byte
}

// DocumentBackend is implemented by back ends that check identity
// documents (BiometrID's OCR engine).
type DocumentBackend interface {
	ValidateDocument(ctx context.Context, kind DocType, front, back []byte) (DocumentCheck, error)
	// CompareSelfie is the 1:1 comparison of a live selfie with the
	// document's portrait.
	CompareSelfie(ctx context.Context, selfie, portrait []byte) (Match, error)
}
