package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"biokiosk/imagesize"
	"biokiosk/sandbox/ocr"
)

// validateDocument serves Validate Document, multipart or base64 JSON
// (the form reads both): front (and back, required for an ID card,
// optional for a passport's data page), doctype idcard (default) or
// passport, processId echoed as reference, and on 1.1 type regular
// (default) or pooling.
func (s *Server) validateDocument(q *req) {
	f, ok := requestForm(q)
	if !ok {
		return
	}
	r := docRequest{doctype: f.value("doctype"), reference: f.value("processId")}
	if r.doctype == "" {
		r.doctype = "idcard"
	}
	mode := "regular"
	if q.version == "1.1" && f.value("type") != "" {
		mode = f.value("type")
	}
	var err error
	if r.front, err = f.image("front"); err != nil {
		fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat, "reason", sideReason("front", err, ""))
		return
	}
	if len(f.files["back"])+len(f.values["back"]) > 0 || r.doctype == "idcard" {
		if r.back, err = f.image("back"); err != nil {
			fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat, "reason", sideReason("back", err, " (an ID card needs both sides)"))
			return
		}
	}
	if (r.doctype != "idcard" && r.doctype != "passport") || (mode != "regular" && mode != "pooling") {
		fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat, "reason", "doctype must be idcard or passport, type regular or pooling")
		return
	}
	for _, side := range []struct {
		name string
		b    []byte
	}{{"front", r.front}, {"back", r.back}} {
		if side.b == nil {
			continue
		}
		if err := checkSide(side.name, side.b); err != nil { // before a pooling validation is answered PROCESSING
			s.answerErr(q, err)
			return
		}
	}
	if err := s.docs.ocr.Unavailable(); err != nil {
		s.answerErr(q, err)
		return
	}
	process := newID()
	if mode == "pooling" {
		if err := s.docs.start(q.client.Key, process, r); err != nil { // the server closing is 503 (ocr.ErrClosed), a database error 500
			s.answerErr(q, err)
			return
		}
		d := msg(msgProcessing, "process", process)
		if r.reference != "" {
			d["reference"] = r.reference
		}
		reply(q.w, http.StatusOK, true, d)
		return
	}
	code, a, err := s.docs.validate(q.r.Context(), r, process, time.Now())
	if err != nil {
		s.answerErr(q, err)
		return
	}
	reply(q.w, code, a.Status, a.Data)
}

// documentPooling serves Document Pooling (1.1): PROCESSING while the
// validation runs, then its answer, the same to a repeated poll for
// poolingGrace after the first fetch (a client retrying after a lost
// answer gets it again), after which the result is deleted. An unknown
// or expired process, or one fetched more than poolingGrace ago, is 404
// PROCESS_NOT_FOUND.
func (s *Server) documentPooling(q *req) {
	f, process, ok := requiredValue(q, "process", "'process' is required")
	if !ok {
		return
	}
	done, code, body, err := s.docs.take(q.r.Context(), process, q.client.Key)
	switch {
	case errors.Is(err, errNotFound):
		fail(q.w, http.StatusNotFound, msgProcessNotFound)
		return
	case err != nil:
		s.serverError(q.w, q.r, err)
		return
	case !done:
		d := msg(msgProcessing, "process", process)
		if ref := f.value("processId"); ref != "" {
			d["reference"] = ref
		}
		reply(q.w, http.StatusOK, true, d)
		return
	}
	var a struct {
		Status bool `json:"status"`
		Data   data `json:"data"`
	}
	if err := json.Unmarshal(body, &a); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	reply(q.w, code, a.Status, a.Data)
}

// errorAnswer is the answer to a validation's error: 400 for a bad
// image (with the reason when there is one), 503 OCR_ENGINE_UNAVAILABLE
// (with the package to install) when Tesseract cannot start, 503
// TOO_MANY_PROCESSES when maxPoolingProcesses pooling validations are in
// progress, else 500.
func errorAnswer(err error) (int, answer) {
	var bad *badSideError
	switch {
	case errors.As(err, &bad):
		return http.StatusBadRequest, answer{false, msg(msgNoFileOrInvalidFormat, "reason", bad.reason)}
	case errors.Is(err, errTooManyProcesses):
		return http.StatusServiceUnavailable, answer{false, msg(msgTooManyProcesses, "reason",
			fmt.Sprintf("%d pooling validations are in progress: fetch their results, then try again", maxPoolingProcesses))}
	case badInput(err):
		return http.StatusBadRequest, answer{false, msg(msgNoFileOrInvalidFormat)}
	case errors.Is(err, ocr.ErrUnavailable):
		return http.StatusServiceUnavailable, answer{false, msg(msgOCREngineUnavailable, "reason", err.Error())}
	}
	return http.StatusInternalServerError, answer{false, msg(msgProblemOcurredRepeatRequest)}
}

// answerErr answers a request's error as errorAnswer says (the sender's
// fault, 400 NO_FILE_OR_INVALID_FORMAT for a bad input, or the server's),
// and logs it (serverError) when it is the server's.
func (s *Server) answerErr(q *req, err error) {
	code, a := errorAnswer(err)
	if code == http.StatusInternalServerError {
		s.serverError(q.w, q.r, err)
		return
	}
	reply(q.w, code, a.Status, a.Data)
}

// jsonAnswer encodes an answer for the process table.
func jsonAnswer(a answer) ([]byte, error) { return json.Marshal(a) }

// sideReason is the reason a side was refused: its declared size when
// that is over imagesize.MaxPixels, else the format rule (and hint).
func sideReason(name string, err error, hint string) string {
	var big *imagesize.TooLargeError
	if errors.As(err, &big) {
		return fmt.Sprintf("'%s' is %d×%d px: at most %d megapixels", name, big.Size.Width, big.Size.Height, imagesize.MaxPixels/1_000_000)
	}
	return "'" + name + "' must be one JPEG or PNG of at most 1 MB" + hint
}
