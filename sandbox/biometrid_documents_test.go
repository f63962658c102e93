package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"biokiosk/biometrics"
	"biokiosk/internal/testkit/doctest"
	"biokiosk/internal/testkit/privacyscan"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/sandbox/mrz"
	"biokiosk/sandbox/ocr"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// needTesseract skips when Tesseract's English data is absent (make deps
// installs it).
func needTesseract(t *testing.T) {
	t.Helper()
	out, err := exec.Command("tesseract", "--list-langs").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("\neng")) {
		testfiles.Missing(t, "Tesseract with English data is missing: install tesseract-ocr and tesseract-ocr-eng (scripts/install-deps.sh)")
	}
}

// docFields are the answer's fields as the sandbox writes them.
type docFields struct {
	Surnames, Names, Origin, Nationality, Gender string
	BirthDate                                    string `json:"birth_date"`
	ExpiryDate                                   string `json:"expiry_date"`
	DocNumber                                    string `json:"doc_number"`
	MRZ                                          map[string]string
}

// decoded unpacks a validation's fields, validations and images.
func decoded(t *testing.T, r biometrics.DocumentResult) (docFields, map[string]string, map[string]string) {
	t.Helper()
	var f docFields
	var v, imgs map[string]string
	require.NoError(t, json.Unmarshal(r.Fields, &f))
	require.NoError(t, json.Unmarshal(r.Validations, &v))
	require.NoError(t, json.Unmarshal(r.Images, &imgs))
	return f, v, imgs
}

// assertGood checks that every validation passed.
func assertGood(t *testing.T, r biometrics.DocumentResult, v map[string]string) {
	t.Helper()
	assert.Equal(t, "GOOD", r.Result)
	for k, val := range v {
		assert.True(t, strings.HasPrefix(val, "GOOD"), "%s = %s", k, val)
	}
}

func TestDocumentIDCardFieldsReadBack(t *testing.T) {
	needTesseract(t)
	p := doctest.Specimen()
	front, back := doctest.IDCard(t, p)
	for _, version := range []string{"1.0", "1.1"} {
		_, _, c := newSandbox(t, Config{}, biometrics.WithAPIVersion(version))
		for _, b64 := range []bool{false, true} {
			req := biometrics.DocumentRequest{Front: front, Back: back, DocType: "idcard", ProcessID: "kiosk-7"}
			validate := c.ValidateDocument
			if b64 {
				validate = c.ValidateDocumentBase64
			}
			r, err := validate(context.Background(), req)
			require.NoError(t, err, "%s base64=%v", version, b64)
			assert.Equal(t, biometrics.MsgDocumentValidatedWithSuccess, r.Message)
			assert.Equal(t, "kiosk-7", r.Reference)
			assert.Len(t, r.Process, 24)
			f, v, imgs := decoded(t, r)
			assert.Equal(t, docFields{Surnames: "MODELO SANTOS", Names: "ALEX JORDAN", Origin: "UTO", Nationality: "UTO", Gender: "M",
				BirthDate: "1961-08-04", ExpiryDate: p.Expiry.Format(time.DateOnly), DocNumber: "X4R7201K3",
				MRZ: map[string]string{"line0": doctest.TD1(t, p)[0], "line1": doctest.TD1(t, p)[1], "line2": doctest.TD1(t, p)[2]}}, f)
			assertGood(t, r, v)
			assert.Equal(t, "GOOD [1000x630]", v["front_resolution"])
			for _, k := range []string{"back_blurring", "back_luminance", "integrity_doc_number", "integrity_birth_date", "integrity_expiry_date",
				"integrity_composite", "expiration_date", "document_type", "photo_found", "value"} {
				assert.Contains(t, v, k)
			}
			assert.Equal(t, base64.StdEncoding.EncodeToString(front), imgs["front"])
			assert.Equal(t, base64.StdEncoding.EncodeToString(back), imgs["back"])
			assert.NotEmpty(t, imgs["photo"])
		}
	}
}

func TestDocumentPassportWithoutBack(t *testing.T) {
	needTesseract(t)
	p := doctest.Specimen()
	p.Surnames, p.GivenNames, p.Sex, p.DocumentNumber, p.Optional = "OKONKWO", "ADA", "F", "P0123456", "ZE184226B"
	p.Birth = time.Date(2001, 2, 28, 0, 0, 0, 0, time.UTC)
	page := doctest.Passport(t, p)
	_, _, c := newSandbox(t, Config{}, biometrics.WithAPIVersion("1.1"))
	r, err := c.ValidateDocumentBase64(context.Background(), biometrics.DocumentRequest{Front: page, DocType: "passport"})
	require.NoError(t, err)
	f, v, imgs := decoded(t, r)
	assert.Equal(t, "OKONKWO", f.Surnames)
	assert.Equal(t, "ADA", f.Names)
	assert.Equal(t, "F", f.Gender)
	assert.Equal(t, "P0123456", f.DocNumber)
	assert.Equal(t, "2001-02-28", f.BirthDate)
	assert.Equal(t, doctest.TD3(t, p), []string{f.MRZ["line0"], f.MRZ["line1"]})
	assertGood(t, r, v)
	assert.Equal(t, "GOOD", v["integrity_personal_number"])
	assert.NotContains(t, v, "back_resolution")
	assert.NotContains(t, imgs, "back")

	// The same page sent as an ID card is read, and fails the document type.
	r, err = c.ValidateDocument(context.Background(), biometrics.DocumentRequest{Front: page, Back: page, DocType: "idcard"})
	require.NoError(t, err)
	_, v, _ = decoded(t, r)
	assert.Equal(t, "FAIL", v["document_type"])
	assert.Equal(t, "FAIL", r.Result)
}

func TestDocumentCorruptedZoneFailsIntegrity(t *testing.T) {
	needTesseract(t)
	p := doctest.Specimen()
	zone := doctest.TD1(t, p)
	zone[1] = zone[1][:3] + "9" + zone[1][4:] // birth 610804 → 619804: its check digit no longer matches
	p.MRZ = zone
	front, back := doctest.IDCard(t, p)
	_, _, c := newSandbox(t, Config{})
	r, err := c.ValidateDocument(context.Background(), biometrics.DocumentRequest{Front: front, Back: back})
	require.NoError(t, err)
	f, v, _ := decoded(t, r)
	assert.Equal(t, "FAIL", r.Result)
	assert.Equal(t, "FAIL", v["integrity_birth_date"])
	assert.Equal(t, "FAIL", v["integrity_composite"])
	assert.Equal(t, "GOOD", v["integrity_doc_number"])
	assert.Equal(t, "FAIL", v["value"])
	assert.Equal(t, zone[1], f.MRZ["line1"])
}

func TestDocumentExpired(t *testing.T) {
	needTesseract(t)
	p := doctest.Specimen()
	p.Expiry = time.Date(2019, 1, 31, 0, 0, 0, 0, time.UTC)
	front, back := doctest.IDCard(t, p)
	_, _, c := newSandbox(t, Config{})
	r, err := c.ValidateDocument(context.Background(), biometrics.DocumentRequest{Front: front, Back: back})
	require.NoError(t, err)
	f, v, _ := decoded(t, r)
	assert.Equal(t, "2019-01-31", f.ExpiryDate)
	assert.Equal(t, "GOOD", v["integrity_expiry_date"])
	assert.Equal(t, "FAIL", v["expiration_date"])
	assert.Equal(t, "FAIL", r.Result)
}

func TestDocumentRefusals(t *testing.T) {
	needTesseract(t)
	_, _, c := newSandbox(t, Config{})
	ctx := context.Background()
	var blank bytes.Buffer
	require.NoError(t, writeGreyJPEG(&blank, 1000, 630))
	_, err := c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: blank.Bytes(), Back: blank.Bytes()})
	var ae *biometrics.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusOK, ae.HTTPStatus)
	assert.Equal(t, "DOCUMENT_VALIDATION_FAILED", string(ae.Message))
	assert.Equal(t, "no machine-readable zone found on 'front' or 'back'", ae.Reason)

	_, err = c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: blank.Bytes(), DocType: "passport"})
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "no machine-readable zone found on 'front'", ae.Reason)

	_, err = c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: blank.Bytes()})
	assert.Equal(t, "NO_FILE_OR_INVALID_FORMAT", code(err), "an ID card needs its back")
	_, err = c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: blank.Bytes(), DocType: "visa"})
	assert.Equal(t, "NO_FILE_OR_INVALID_FORMAT", code(err))
}

func TestDocumentPoolingRoundTrip(t *testing.T) {
	needTesseract(t)
	p := doctest.Specimen()
	front, back := doctest.IDCard(t, p)
	_, _, c := newSandbox(t, Config{}, biometrics.WithAPIVersion("1.1"))
	ctx := context.Background()
	r, err := c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: front, Back: back, Type: "pooling", ProcessID: "kiosk-9"})
	require.NoError(t, err)
	require.True(t, r.Processing())
	require.Len(t, r.Process, 24)
	assert.Equal(t, "kiosk-9", r.Reference)
	assert.Empty(t, r.Fields)

	deadline := time.Now().Add(30 * time.Second)
	res := r
	for res.Processing() && time.Now().Before(deadline) {
		res, err = c.DocumentPooling(ctx, r.Process, "kiosk-9")
		require.NoError(t, err)
		if res.Processing() {
			assert.Equal(t, r.Process, res.Process)
			time.Sleep(50 * time.Millisecond)
		}
	}
	require.Equal(t, biometrics.MsgDocumentValidatedWithSuccess, res.Message)
	assert.Equal(t, r.Process, res.Process)
	assert.Equal(t, "kiosk-9", res.Reference)
	f, v, _ := decoded(t, res)
	assert.Equal(t, "MODELO SANTOS", f.Surnames)
	assertGood(t, res, v)

	again, err := c.DocumentPooling(ctx, r.Process, "")
	require.NoError(t, err, "a repeated poll (a lost answer) within the grace period")
	assert.Equal(t, res.Message, again.Message)
	assert.JSONEq(t, string(res.Fields), string(again.Fields))
	assert.JSONEq(t, string(res.Images), string(again.Images))
	_, err = c.DocumentPooling(ctx, "5ed91c890482a7306bbc2511", "")
	assert.Equal(t, "PROCESS_NOT_FOUND", code(err))
}

func TestDocumentPortraitMatchesTheHolder(t *testing.T) {
	needTesseract(t)
	front, back := doctest.IDCard(t, doctest.Specimen())
	_, _, c := newSandbox(t, Config{})
	ctx := context.Background()
	r, err := c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: front, Back: back})
	require.NoError(t, err)
	_, v, imgs := decoded(t, r)
	assert.Equal(t, "GOOD", v["photo_found"])
	crop, err := base64.StdEncoding.DecodeString(imgs["photo"])
	require.NoError(t, err)
	require.NoError(t, biometrics.CheckPhoto(crop))
	same, err := c.SelfieCompare(ctx, biometrics.CompareRequest{Photo1: photo(t, "obama2.jpg"), Photo2: crop})
	require.NoError(t, err)
	assert.True(t, same.Verified, "another photo of the holder (confidence %v)", same.Confidence)
	other, err := c.SelfieCompare(ctx, biometrics.CompareRequest{Photo1: photo(t, "biden.jpg"), Photo2: crop})
	require.NoError(t, err)
	assert.False(t, other.Verified, "someone else (confidence %v)", other.Confidence)

	// A card whose portrait holds no face: read, but photo_found fails.
	var grey bytes.Buffer
	require.NoError(t, writeGreyJPEG(&grey, 350, 450))
	p := doctest.Specimen()
	p.Portrait = filepath.Join(t.TempDir(), "no-face.jpg")
	require.NoError(t, os.WriteFile(p.Portrait, grey.Bytes(), 0o600))
	noFace, back2 := doctest.IDCard(t, p)
	r, err = c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: noFace, Back: back2})
	require.NoError(t, err)
	_, v, imgs = decoded(t, r)
	assert.Equal(t, "FAIL", v["photo_found"])
	assert.Equal(t, "FAIL", r.Result)
	assert.NotContains(t, imgs, "photo")
}

// Without Tesseract's language data OCR calls are refused with a 503
// naming the package, logged once; the rest of the sandbox serves.
func TestDocumentEngineMissing(t *testing.T) {
	var logs bytes.Buffer
	s, _, c := newSandbox(t, Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	s.docs.ocr.Close()
	s.docs.ocr = ocr.New(1, t.TempDir(), s.log)
	front, back := doctest.IDCard(t, doctest.Specimen())
	for range 2 {
		_, err := c.ValidateDocument(context.Background(), biometrics.DocumentRequest{Front: front, Back: back})
		var ae *biometrics.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, http.StatusServiceUnavailable, ae.HTTPStatus)
		assert.Equal(t, "OCR_ENGINE_UNAVAILABLE", string(ae.Message))
		assert.Contains(t, ae.Reason, "install tesseract-ocr-eng")
	}
	assert.Equal(t, 1, strings.Count(logs.String(), "OCR disabled"), logs.String())
	_, err := c.Languages(context.Background())
	assert.NoError(t, err)
}

// The request log holds routes and outcomes: no image, base64 or
// document data.
func TestDocumentLogsHoldNoDocumentData(t *testing.T) {
	needTesseract(t)
	var logs bytes.Buffer
	_, _, c := newSandbox(t, Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))}, biometrics.WithAPIVersion("1.1"))
	p := doctest.Specimen()
	front, back := doctest.IDCard(t, p)
	r, err := c.ValidateDocumentBase64(context.Background(), biometrics.DocumentRequest{Front: front, Back: back, Type: "pooling"})
	require.NoError(t, err)
	for deadline := time.Now().Add(30 * time.Second); r.Processing() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		r, err = c.DocumentPooling(context.Background(), r.Process, "")
		require.NoError(t, err)
	}
	require.False(t, r.Processing(), "the pooling work did not finish")
	out := logs.String()
	require.Contains(t, out, "/document/validate-base64")
	for _, secret := range []string{"MODELO", "X4R7201K3", "610804", doctest.TD1(t, p)[0]} {
		assert.NotContains(t, out, secret)
	}
	assert.Empty(t, privacyscan.Bytes("log", logs.Bytes()))
}

// Closing the server stops and waits for pooling work in progress.
func TestDocumentPoolingStopsWithTheServer(t *testing.T) {
	needTesseract(t)
	cfg := Config{DB: t.TempDir() + "/sandbox.db"}
	s, err := New(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() }) // when the render skips (Close is idempotent)
	front, back := doctest.IDCard(t, doctest.Specimen())
	for i := range 3 {
		require.NoError(t, s.docs.start("k", newID()+string(rune('a'+i)), docRequest{front: front, back: back, doctype: "idcard"}))
	}
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Close did not return")
	}
}

// Close may be called twice and from several goroutines while pooling
// work runs: every call returns, and the engine then refuses work at
// once instead of waiting for a client that never comes back.
func TestDocumentServerCloseIsIdempotent(t *testing.T) {
	needTesseract(t)
	s, err := New(context.Background(), Config{DB: t.TempDir() + "/sandbox.db"})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() }) // when the render skips (Close is idempotent)
	front, back := doctest.IDCard(t, doctest.Specimen())
	for range 2 {
		require.NoError(t, s.docs.start("k", newID(), docRequest{front: front, back: back, doctype: "idcard"}))
	}
	done := make(chan error, 4)
	for range 3 {
		go func() { done <- s.Close() }()
	}
	for range 3 {
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(30 * time.Second):
			t.Fatal("a concurrent Close did not return")
		}
	}
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("a second Close hangs")
	}
	assert.ErrorIs(t, s.docs.start("k", newID(), docRequest{front: front, back: back, doctype: "idcard"}), ocr.ErrUnavailable)
}

// A document is valid through its expiry date and expired the day
// after, counted from today whenever the tests run (at noon of it, so a
// run across midnight does not move the day between the two readings).
func TestDocumentExpiryBoundary(t *testing.T) {
	today := doctest.Today()
	now := today.Add(12 * time.Hour)
	for _, tc := range []struct {
		expiry time.Time
		want   string
	}{{today, "GOOD"}, {today.AddDate(0, 0, -1), "FAIL"}, {doctest.SpecimenExpiry(), "GOOD"}} {
		p := doctest.Specimen()
		p.Expiry = tc.expiry
		z, err := mrz.Parse(doctest.TD1(t, p))
		require.NoError(t, err)
		v := data{}
		f, _ := zoneFields(z, "idcard", now, v)
		assert.Equal(t, tc.want, v["expiration_date"], "expiry %s", tc.expiry.Format(time.DateOnly))
		assert.Equal(t, tc.expiry.Format(time.DateOnly), f["expiry_date"])
	}
}

// At most maxPoolingProcesses pooling validations run at once: one more
// is refused with 503 TOO_MANY_PROCESSES (and starts no process), and a
// slot is free again once a validation is done.
func TestDocumentPoolingIsBounded(t *testing.T) {
	needTesseract(t)
	s, _, c := newSandbox(t, Config{}, biometrics.WithAPIVersion("1.1"))
	front, back := doctest.IDCard(t, doctest.Specimen())
	ctx := context.Background()
	for range maxPoolingProcesses - 1 { // as if that many were in progress
		s.docs.pooling <- struct{}{}
	}
	r, err := c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: front, Back: back, Type: "pooling"})
	require.NoError(t, err, "the last slot")
	require.True(t, r.Processing())
	_, err = c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: front, Back: back, Type: "pooling"})
	var ae *biometrics.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusServiceUnavailable, ae.HTTPStatus)
	assert.Equal(t, "TOO_MANY_PROCESSES", string(ae.Message))
	assert.Contains(t, ae.Reason, "pooling validations are in progress")
	var rows int
	require.NoError(t, s.db.db.QueryRow(`SELECT COUNT(*) FROM document_processes`).Scan(&rows))
	assert.Equal(t, 1, rows, "the refused one started no process")

	_, err = c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: front, Back: back})
	assert.NoError(t, err, "a regular validation does not take a slot")
	for deadline := time.Now().Add(30 * time.Second); r.Processing() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		r, err = c.DocumentPooling(ctx, r.Process, "")
		require.NoError(t, err)
	}
	require.Equal(t, biometrics.MsgDocumentValidatedWithSuccess, r.Message)
	require.Eventually(t, func() bool { return len(s.docs.pooling) == maxPoolingProcesses-1 }, 5*time.Second, 10*time.Millisecond, "the slot is released")
	r, err = c.ValidateDocument(ctx, biometrics.DocumentRequest{Front: front, Back: back, Type: "pooling"})
	require.NoError(t, err, "started again once one is done")
	assert.True(t, r.Processing())
}

// A side declaring more than maxSidePixels is refused from its header,
// before it is decoded, on every validation: regular, pooling (at once,
// not as a process's answer) and the engine's own.
func TestDocumentRefusesHugeImages(t *testing.T) {
	needTesseract(t)
	s, _, c := newSandbox(t, Config{}, biometrics.WithAPIVersion("1.1"))
	flat := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(200, 0, 0, 0), 5000, 5001, gocv.MatTypeCV8U) // 25.005 MP
	defer flat.Close()
	buf, err := gocv.IMEncode(gocv.PNGFileExt, flat)
	require.NoError(t, err)
	huge := append([]byte(nil), buf.GetBytes()...)
	buf.Close()
	require.NoError(t, biometrics.CheckPhoto(huge), "within 1 MB: %d bytes", len(huge))
	_, back := doctest.IDCard(t, doctest.Specimen())
	ctx := context.Background()
	for _, mode := range []string{"regular", "pooling"} {
		for _, req := range []biometrics.DocumentRequest{{Front: huge, Back: back, Type: mode}, {Front: back, Back: huge, Type: mode}} {
			_, err := c.ValidateDocument(ctx, req)
			var ae *biometrics.APIError
			require.ErrorAs(t, err, &ae, mode)
			assert.Equal(t, http.StatusBadRequest, ae.HTTPStatus)
			assert.Equal(t, "NO_FILE_OR_INVALID_FORMAT", string(ae.Message))
			assert.Contains(t, ae.Reason, "is 5001×5000 px: at most 25 megapixels", mode)
		}
	}
	_, _, err = s.docs.validate(ctx, docRequest{front: back, back: huge, doctype: "idcard"}, newID(), time.Now())
	assert.ErrorIs(t, err, errBadInput)
}

// A side whose zone is misread throughout does not stop the other side
// from being read: a passport page whose every check digit fails, with
// a readable copy of the page as the back, is read from the back.
func TestDocumentMisreadSideFallsBackToTheOther(t *testing.T) {
	needTesseract(t)
	p := doctest.Specimen()
	good := doctest.Passport(t, p)
	p.MRZ = corrupt(doctest.TD3(t, p), td3Checks...)
	bad := doctest.Passport(t, p)
	_, _, c := newSandbox(t, Config{})
	r, err := c.ValidateDocument(context.Background(), biometrics.DocumentRequest{Front: bad, Back: good, DocType: "passport"})
	require.NoError(t, err)
	f, v, _ := decoded(t, r)
	assertGood(t, r, v)
	assert.Equal(t, doctest.TD3(t, doctest.Specimen()), []string{f.MRZ["line0"], f.MRZ["line1"]})

	// The misread side alone is no zone.
	_, err = c.ValidateDocument(context.Background(), biometrics.DocumentRequest{Front: bad, DocType: "passport"})
	var ae *biometrics.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "DOCUMENT_VALIDATION_FAILED", string(ae.Message))
}

// corrupt replaces the characters of zone at the given (line, column)
// places by the next digit (a '<' by '5'), returning a copy (as in
// sandbox/ocr's tests).
func corrupt(zone []string, at ...[2]int) []string {
	out := append([]string(nil), zone...)
	for _, p := range at {
		b := []byte(out[p[0]])
		if b[p[1]] == '<' {
			b[p[1]] = '5'
		} else {
			b[p[1]] = '0' + (b[p[1]]-'0'+1)%10
		}
		out[p[0]] = string(b)
	}
	return out
}

// td3Checks are a TD3 zone's check digits' places.
var td3Checks = [][2]int{{1, 9}, {1, 19}, {1, 27}, {1, 42}, {1, 43}}
