package flow

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docBackend is fakeBackend with document checks, answering in order.
type docBackend struct {
	*fakeBackend
	checks    []DocumentCheck
	compares  []Match
	validated [][2][]byte // copies of the submitted sides
	selfies   int
}

func (d *docBackend) ValidateDocument(_ context.Context, kind DocType, front, back []byte) (DocumentCheck, error) {
	d.record("validate-document:" + string(kind))
	d.validated = append(d.validated, [2][]byte{append([]byte(nil), front...), append([]byte(nil), back...)})
	out := d.checks[0]
	d.checks = d.checks[1:]
	return out, nil
}

func (d *docBackend) CompareSelfie(_ context.Context, selfie, portrait []byte) (Match, error) {
	d.record("compare:" + string(portrait))
	d.selfies++
	out := d.compares[0]
	d.compares = d.compares[1:]
	return out, nil
}

// fakeDocCamera returns one photo per side, its bytes naming the side.
type fakeDocCamera struct {
	sides   []DocSide
	forgets int
}

func (c *fakeDocCamera) Forget() { c.forgets++ }

func (c *fakeDocCamera) CaptureDocument(_ context.Context, kind DocType, side DocSide, progress func(DocumentProgress)) (DocumentPhoto, error) {
	c.sides = append(c.sides, side)
	progress(DocumentProgress{Side: side, Guidance: "GLARE", Found: true})
	progress(DocumentProgress{Side: side, Guidance: "OK", Found: true})
	return DocumentPhoto{JPEG: []byte(string(kind) + "-" + string(side)), Score: 80}, nil
}

func newDocRunner(t *testing.T, b *docBackend, cfg Config) (*Runner, *fakeDocCamera, *[]Event) {
	t.Helper()
	var events []Event
	r, err := New(b, &fakeCamera{}, nil, mapDir{}, cfg, func(e Event) { events = append(events, e) })
	require.NoError(t, err)
	cam := &fakeDocCamera{}
	r.SetDocumentCamera(cam)
	return r, cam, &events
}

func valid() DocumentCheck {
	return DocumentCheck{Valid: true, Fields: map[string]string{"surnames": "ERIKSSON"}, Portrait: []byte("portrait")}
}

func TestCheckDocumentVerifiesAMatchingFace(t *testing.T) {
	b := &docBackend{fakeBackend: &fakeBackend{}, checks: []DocumentCheck{valid()}, compares: []Match{{Matched: true, Confidence: 0.93}}}
	r, cam, events := newDocRunner(t, b, Config{Face: true})

	res := r.CheckDocument(context.Background(), CheckDocumentRequest{Kind: DocIDCard})

	require.Equal(t, OutcomeVerified, res.Outcome, "%+v", res.Error)
	assert.Equal(t, []DocSide{SideFront, SideBack}, cam.sides)
	assert.Equal(t, 1, cam.forgets, "the camera forgets the person when the flow ends")
	assert.Equal(t, [2][]byte{[]byte("idcard-front"), []byte("idcard-back")}, b.validated[0])
	assert.Equal(t, []string{"validate-document:idcard", "compare:portrait"}, b.calls, "nothing is enrolled")
	assert.InDelta(t, 0.93, *res.Confidence, 1e-9)
	var steps []Step
	for _, s := range res.Steps {
		steps = append(steps, s.Step)
	}
	assert.Equal(t, []Step{StepDocumentFront, StepDocumentBack, StepDocumentCheck, StepSelfieCompare}, steps)
	var read *DocumentRead
	var guidance int
	for _, e := range *events {
		switch e := e.(type) {
		case DocumentRead:
			read = &e
		case DocumentGuidance:
			guidance++
		}
	}
	require.NotNil(t, read)
	assert.Equal(t, "ERIKSSON", read.Fields["surnames"])
	assert.Equal(t, 4, guidance)
}

func TestCheckDocumentPassportIsOneSide(t *testing.T) {
	b := &docBackend{fakeBackend: &fakeBackend{}, checks: []DocumentCheck{valid()}, compares: []Match{{Matched: false, Confidence: 0.1}}}
	r, cam, _ := newDocRunner(t, b, Config{Face: true})

	res := r.CheckDocument(context.Background(), CheckDocumentRequest{Kind: DocPassport})

	assert.Equal(t, OutcomeNotVerified, res.Outcome)
	assert.Equal(t, []DocSide{SideFront}, cam.sides)
	assert.Nil(t, b.validated[0][1], "no back is sent for a passport")
}

func TestUnreadableDocumentIsRecapturedThenFails(t *testing.T) {
	unreadable := DocumentCheck{Refused: "DOCUMENT_VALIDATION_FAILED", Reason: "no MRZ"}
	b := &docBackend{fakeBackend: &fakeBackend{}, checks: []DocumentCheck{unreadable, unreadable}}
	r, cam, _ := newDocRunner(t, b, Config{Face: true, MaxDocumentAttempts: 2})

	res := r.CheckDocument(context.Background(), CheckDocumentRequest{Kind: DocIDCard})

	assert.Equal(t, OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.Equal(t, CodeDocumentAttempts, res.Error.Code)
	assert.Contains(t, res.Error.Detail, "no MRZ")
	assert.Len(t, cam.sides, 4, "both sides captured twice")
}

func TestInvalidDocumentIsNotVerified(t *testing.T) {
	b := &docBackend{fakeBackend: &fakeBackend{}, checks: []DocumentCheck{{Reason: "failed checks: expiration_date", Fields: map[string]string{}}}}
	r, _, _ := newDocRunner(t, b, Config{Face: true})

	res := r.CheckDocument(context.Background(), CheckDocumentRequest{Kind: DocIDCard})

	assert.Equal(t, OutcomeNotVerified, res.Outcome)
	assert.Equal(t, 0, b.selfies, "no selfie for an invalid document")
}

func TestDocumentStepNeedsCapableBackend(t *testing.T) {
	r, err := New(&fakeBackend{}, &fakeCamera{}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	r.SetDocumentCamera(&fakeDocCamera{})

	res := r.CheckDocument(context.Background(), CheckDocumentRequest{Kind: DocIDCard})

	require.NotNil(t, res.Error)
	assert.Equal(t, CodeNotSupported, res.Error.Code)
}

func TestRegistrationWithDocumentEnrolsOnlyAMatchingFace(t *testing.T) {
	b := &docBackend{
		fakeBackend: &fakeBackend{enrollFaces: []FaceEnrollment{{Enrolled: true}}, status: EnrollStatus{Face: true}},
		checks:      []DocumentCheck{valid()},
		compares:    []Match{{Matched: false}, {Matched: true, Confidence: 0.8}},
	}
	r, _, events := newDocRunner(t, b, Config{Face: true, Document: DocIDCard})

	res := r.Register(context.Background(), RegisterRequest{CustomerNumber: "c1", Consent: true})

	require.Equal(t, OutcomeEnrolled, res.Outcome, "%+v", res.Error)
	assert.Equal(t, []string{"validate-document:idcard", "create:c1:", "compare:portrait", "compare:portrait", "enroll-face", "status"}, b.calls)
	var mismatches int
	for _, e := range *events {
		if e, ok := e.(SampleRefused); ok && e.Reason == CodeFaceMismatch {
			mismatches++
		}
	}
	assert.Equal(t, 1, mismatches)
}

func TestRegistrationWithDocumentFailsWhenNoFaceMatches(t *testing.T) {
	b := &docBackend{
		fakeBackend: &fakeBackend{},
		checks:      []DocumentCheck{valid()},
		compares:    []Match{{}, {}},
	}
	r, _, _ := newDocRunner(t, b, Config{Face: true, Document: DocIDCard, MaxFaceAttempts: 2})

	res := r.Register(context.Background(), RegisterRequest{CustomerNumber: "c1", Consent: true})

	assert.Equal(t, OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.Equal(t, CodeFaceMismatch, res.Error.Code)
	assert.NotContains(t, b.calls, "enroll-face")
}

func TestRegistrationWithInvalidDocumentCreatesNoUser(t *testing.T) {
	b := &docBackend{fakeBackend: &fakeBackend{}, checks: []DocumentCheck{{Reason: "failed checks: integrity_doc_number"}}}
	r, _, _ := newDocRunner(t, b, Config{Face: true, Document: DocIDCard})

	res := r.Register(context.Background(), RegisterRequest{CustomerNumber: "c1", Consent: true})

	assert.Equal(t, OutcomeFailed, res.Outcome)
	require.NotNil(t, res.Error)
	assert.Equal(t, CodeDocumentInvalid, res.Error.Code)
	assert.Equal(t, []string{"validate-document:idcard"}, b.calls)
}

// keepingDocCamera hands out photos and keeps them, to see them zeroed.
type keepingDocCamera struct{ given [][]byte }

func (c *keepingDocCamera) CaptureDocument(_ context.Context, _ DocType, side DocSide, _ func(DocumentProgress)) (DocumentPhoto, error) {
	b := []byte("jpeg-" + string(side))
	c.given = append(c.given, b)
	return DocumentPhoto{JPEG: b}, nil
}

// The document photos are zeroed once submitted, and a document without
// a portrait cannot be compared with the face.
func TestDocumentPhotosAreZeroedAndAPortraitIsNeeded(t *testing.T) {
	b := &docBackend{fakeBackend: &fakeBackend{}, checks: []DocumentCheck{{Valid: true}}}
	r, err := New(b, &fakeCamera{}, nil, nil, Config{Face: true}, nil)
	require.NoError(t, err)
	cam := &keepingDocCamera{}
	r.SetDocumentCamera(cam)

	res := r.CheckDocument(context.Background(), CheckDocumentRequest{Kind: DocIDCard})

	require.NotNil(t, res.Error)
	assert.Equal(t, CodeNoPortrait, res.Error.Code)
	assert.Equal(t, 0, b.selfies)
	require.Len(t, cam.given, 2)
	for _, g := range cam.given {
		assert.Equal(t, make([]byte, len(g)), g, "a submitted side is zeroed")
	}
	assert.Equal(t, []byte("jpeg-front"), b.validated[0][0], "the server got the photo before it was zeroed")
}
