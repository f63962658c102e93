package sandbox

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"biokiosk/sandbox/face"
)

// errBadInput is answered with 400 NO_FILE_OR_INVALID_FORMAT.
var errBadInput = errors.New("no file or invalid format")

// badInput says err is the sender's fault: errBadInput, or a photo the
// face engine cannot decode.
func badInput(err error) bool {
	return errors.Is(err, errBadInput) || errors.Is(err, face.ErrBadImage)
}

// form reads a request's fields and files whatever its encoding:
// multipart, urlencoded, JSON or the query string (the API's four
// parameter formats).
type form struct {
	values map[string][]string
	files  map[string][]filePart
}

type filePart struct {
	data        []byte
	contentType string
}

// parseForm reads r's query string and body into a form; a body that
// cannot be read is errBadInput.
func parseForm(r *http.Request) (*form, error) {
	f := &form{values: map[string][]string{}, files: map[string][]filePart{}}
	for k, v := range r.URL.Query() {
		f.values[k] = append(f.values[k], v...)
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch ct {
	case "multipart/form-data":
		err = f.addMultipart(r)
	case "application/x-www-form-urlencoded":
		err = f.addURLEncoded(r)
	case "application/json":
		err = f.addJSON(r)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// addMultipart adds a multipart body's fields and files.
func (f *form) addMultipart(r *http.Request) error {
	if err := r.ParseMultipartForm(MaxBodyBytes); err != nil {
		return errBadInput
	}
	for k, v := range r.MultipartForm.Value {
		f.values[k] = append(f.values[k], v...)
	}
	for k, hs := range r.MultipartForm.File {
		for _, h := range hs {
			b, err := readPart(h)
			if err != nil {
				return errBadInput
			}
			f.files[k] = append(f.files[k], filePart{b, h.Header.Get("Content-Type")})
		}
	}
	_ = r.MultipartForm.RemoveAll()
	return nil
}

// readPart is a multipart file's content.
func readPart(h *multipart.FileHeader) ([]byte, error) {
	fh, err := h.Open()
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return io.ReadAll(fh)
}

// addURLEncoded adds an urlencoded body's fields.
func (f *form) addURLEncoded(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errBadInput
	}
	for k, v := range r.PostForm {
		f.values[k] = append(f.values[k], v...)
	}
	return nil
}

// addJSON adds a JSON object body's strings, booleans and string arrays;
// other members are ignored.
func (f *form) addJSON(r *http.Request) error {
	var m map[string]any
	if err := decodeJSONBody(r.Body, &m); err != nil && err != io.EOF {
		return errBadInput
	}
	for k, v := range m {
		if vs := jsonStrings(v); len(vs) > 0 {
			f.values[k] = append(f.values[k], vs...)
		}
	}
	return nil
}

// jsonStrings are a JSON member's values as form values: a string, a
// boolean ("true", "false"), or an array's strings.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case bool:
		return []string{map[bool]string{true: "true", false: "false"}[x]}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func (f *form) value(k string) string {
	if v := f.values[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// images returns the images sent under name, as files or base64 strings
// (with or without a data: URI prefix, whose mime type must be the
// image's), each checked by checkPhoto: JPEG or PNG, at most 1 MB and
// at most imagesize.MaxPixels.
func (f *form) images(name string) ([][]byte, error) {
	var out [][]byte
	for _, p := range f.files[name] {
		out = append(out, p.data)
	}
	for _, s := range f.values[name] {
		b, err := decodeBase64(s)
		if err != nil {
			return nil, errBadInput
		}
		out = append(out, b)
	}
	for _, b := range out {
		if err := checkPhoto(b); err != nil {
			return nil, fmt.Errorf("%w: %w", errBadInput, err)
		}
	}
	return out, nil
}

// image is the single image under name.
func (f *form) image(name string) ([]byte, error) {
	imgs, err := f.images(name)
	if err != nil {
		return nil, err
	}
	if len(imgs) != 1 {
		return nil, errBadInput
	}
	return imgs[0], nil
}

// dataURIMime is the mime type of a data: URI ("image/jpg" read as
// "image/jpeg"); ok is false when s is plain base64.
func dataURIMime(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "data:") {
		return "", false
	}
	mt, _, _ := strings.Cut(strings.TrimPrefix(s, "data:"), ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if mt == "image/jpg" || mt == "image/pjpeg" {
		mt = "image/jpeg"
	}
	return mt, true
}

// sniffImage is "image/jpeg" or "image/png" by b's magic bytes, else "".
func sniffImage(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	}
	return ""
}

// decodeBase64 decodes an image sent as base64, with or without a data:
// URI prefix; it refuses a data: URI whose mime type is not the decoded
// image's (data:text/plain;base64,<jpeg>).
func decodeBase64(s string) ([]byte, error) {
	b, err := decodeBase64Raw(s)
	if err != nil {
		return nil, err
	}
	if mt, ok := dataURIMime(s); ok && mt != sniffImage(b) {
		return nil, fmt.Errorf("%w: data URI says %q", errBadInput, mt)
	}
	return b, nil
}

func decodeBase64Raw(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "data:") {
		i := strings.Index(s, ";base64,")
		if i < 0 {
			return nil, errBadInput
		}
		s = s[i+len(";base64,"):]
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(s)
	}
	return b, err
}

// wavTypes are the MIME types the API accepts for audio parts.
var wavTypes = map[string]bool{"audio/wav": true, "audio/x-wav": true, "audio/wave": true, "audio/vnd.wave": true}

// audio returns the WAV sent as the audio part, or nil when none was
// sent; a part that is not a WAV (by MIME type and magic) is refused.
func (f *form) audio() ([]byte, error) {
	parts := f.files["audio"]
	if len(parts) == 0 {
		return nil, nil
	}
	p := parts[0]
	ct, _, _ := mime.ParseMediaType(p.contentType)
	if !wavTypes[ct] || len(p.data) < 12 || !bytes.Equal(p.data[:4], []byte("RIFF")) || !bytes.Equal(p.data[8:12], []byte("WAVE")) {
		return nil, errBadInput
	}
	return p.data, nil
}

// requiredValue parses the request's fields and returns them with the
// value of name, or answers 400 NO_FILE_OR_INVALID_FORMAT (with reason,
// unless it is "") when it is missing and returns false.
func requiredValue(q *req, name, reason string) (*form, string, bool) {
	f, ok := requestForm(q)
	if !ok {
		return nil, "", false
	}
	v := f.value(name)
	if v == "" {
		var kv []any
		if reason != "" {
			kv = []any{"reason", reason}
		}
		fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat, kv...)
		return nil, "", false
	}
	return f, v, true
}

// answeredErr answers err, when there is one (answerErr), and reports
// whether it answered.
func (s *Server) answeredErr(q *req, err error) bool {
	if err == nil {
		return false
	}
	s.answerErr(q, err)
	return true
}

// requestForm parses the request's fields, or answers 400
// NO_FILE_OR_INVALID_FORMAT and returns false.
func requestForm(q *req) (*form, bool) {
	f, err := parseForm(q.r)
	if err != nil {
		fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat)
		return nil, false
	}
	return f, true
}
