package cli

import (
	"path/filepath"
	"testing"

	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/doctest"
	"biokiosk/internal/testkit/facetest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stepResults(r flowJSON) map[string]string {
	out := map[string]string{}
	for _, s := range r.Steps {
		out[s.Step] = s.Result
	}
	return out
}

// The document step end to end on the embedded sandbox: an ID card is
// captured front and back from the camera, the sandbox reads its MRZ with
// Tesseract and checks it, and the live face is compared with the card's
// portrait; a registration with the document enrols the matching face.
func TestDocumentCheckAndRegistrationEndToEnd(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")
	// The card's portrait is obama.jpg; the live face is obama-480p.jpg,
	// since obama2.jpg and obama3.jpg turn the head and never pass the
	// face gate (a turn correction until the capture times out).
	front, back := doctest.IDCard(t, doctest.Specimen())
	card := doctest.Camera(t, front, back)

	code, r, errs := runFlowCLI(t, "check-document", "--document", "idcard", "--document-camera", card,
		"--camera", facetest.PNG(t, "obama-480p.jpg"), "--records", recordsDB)
	require.Equal(t, 0, code, "%+v %+v\n%s", r, r.Error, errs)
	assert.Equal(t, "VERIFIED", r.Outcome)
	steps := stepResults(r)
	assert.Equal(t, "captured", steps["document_front"])
	assert.Equal(t, "captured", steps["document_back"])
	assert.Equal(t, "valid", steps["document_check"])
	assert.Equal(t, "matched", steps["selfie_compare"])

	// The only other person in the test portraits turns and tilts his
	// head (biden.jpg): widen the face gate for this check, as
	// cmd_flow_test does.
	code, r, _ = runFlowCLI(t, "check-document", "--document", "idcard", "--document-camera", card,
		"--camera", facetest.PNG(t, "biden.jpg"), "--max-yaw", "30", "--max-roll", "15", "--records", recordsDB)
	assert.Equal(t, 1, code)
	assert.Equal(t, "NOT_VERIFIED", r.Outcome, "another person's face")

	code, r, errs = runFlowCLI(t, "enroll", "--reference-id", "doc-1", "--consent", "yes", "--document", "idcard",
		"--document-camera", card, "--camera", facetest.PNG(t, "obama.jpg"), "--no-voice", "--records", recordsDB)
	require.Equal(t, 0, code, "%+v %+v\n%s", r, r.Error, errs)
	assert.Equal(t, "ENROLLED", r.Outcome)
	assert.Equal(t, "valid", stepResults(r)["document_check"])
}

// A passport's photo page is one side; a back end without the document
// check says so.
func TestPassportCheckAndUnsupportedBackend(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")
	page := doctest.Camera(t, doctest.Passport(t, doctest.Specimen()))

	code, r, errs := runFlowCLI(t, "check-document", "--document", "passport", "--document-camera", page,
		"--camera", facetest.PNG(t, "obama-480p.jpg"), "--records", recordsDB)
	require.Equal(t, 0, code, "%+v %+v\n%s", r, r.Error, errs)
	assert.Equal(t, "VERIFIED", r.Outcome)
	assert.NotContains(t, stepResults(r), "document_back")

	code, _, errs = runCLI(t, "check-document", "--backend", "biopassid", "--document-camera", page,
		"--camera", facetest.PNG(t, "obama-480p.jpg"), "--records", recordsDB)
	assert.Equal(t, 3, code, "no flow ran: not a refusal")
	assert.Contains(t, errs, "does not check identity documents")
}
