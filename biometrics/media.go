package biometrics

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"regexp"
)

// CheckPhoto refuses what the API would: a photo that is empty, larger
// than 1 MB, or neither JPEG nor PNG (by its first bytes).
func CheckPhoto(b []byte) error {
	switch {
	case len(b) == 0:
		return fmt.Errorf("%w: empty", ErrPhotoFormat)
	case len(b) > MaxPhotoBytes:
		return fmt.Errorf("%w: %d bytes", ErrPhotoTooLarge, len(b))
	}
	if photoType(b) == "" {
		return ErrPhotoFormat
	}
	return nil
}

func photoType(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	}
	return ""
}

// CheckAudio refuses audio that is not a RIFF/WAVE file.
func CheckAudio(b []byte) error {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return ErrAudioFormat
	}
	return nil
}

// MaxUserIDLen bounds a user id's length.
const MaxUserIDLen = 128

// userIDPattern is what the client accepts as a user id. Ids are opaque:
// the docs' own examples include the non-hex 5be3000bd3adgd3e152724f2.
var userIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// CheckUserID refuses a user id that is empty, longer than MaxUserIDLen
// or holds anything but ASCII letters, digits, '-' and '_' (so no path
// separators or dots can reach the URL path).
func CheckUserID(id string) error {
	if !userIDPattern.MatchString(id) {
		return fmt.Errorf("%w: %q", ErrInvalidUserID, id)
	}
	return nil
}

// EncodeBase64 returns b as standard base64, optionally as a data URI
// ("data:image/jpeg;base64,…") as the 1.0 examples send it.
func EncodeBase64(b []byte, dataURI bool) string {
	s := base64.StdEncoding.EncodeToString(b)
	if dataURI {
		if t := photoType(b); t != "" {
			return "data:" + t + ";base64," + s
		}
	}
	return s
}

// form builds a multipart/form-data body.
type form struct {
	buf bytes.Buffer
	w   *multipart.Writer
	err error
}

func newForm() *form {
	f := &form{}
	f.w = multipart.NewWriter(&f.buf)
	return f
}

func (f *form) field(name, value string) *form {
	if f.err == nil && value != "" {
		f.err = f.w.WriteField(name, value)
	}
	return f
}

func (f *form) file(name, filename, contentType string, b []byte) *form {
	if f.err != nil {
		return f
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, name, filename))
	h.Set("Content-Type", contentType)
	p, err := f.w.CreatePart(h)
	if err == nil {
		_, err = p.Write(b)
	}
	f.err = err
	return f
}

// photo adds a checked photo part.
func (f *form) photo(name string, b []byte) *form {
	if f.err != nil {
		return f
	}
	if err := CheckPhoto(b); err != nil {
		f.err = fmt.Errorf("%s: %w", name, err)
		return f
	}
	ext := ".jpg"
	if photoType(b) == "image/png" {
		ext = ".png"
	}
	return f.file(name, name+ext, photoType(b), b)
}

// audio adds a checked WAV part with a WAV MIME type.
func (f *form) audio(b []byte) *form {
	if f.err != nil {
		return f
	}
	if err := CheckAudio(b); err != nil {
		f.err = err
		return f
	}
	return f.file("audio", "audio.wav", "audio/wav", b)
}

// done closes the form and returns body and content type.
func (f *form) done() ([]byte, string, error) {
	if f.err != nil {
		return nil, "", f.err
	}
	if err := f.w.Close(); err != nil {
		return nil, "", err
	}
	return f.buf.Bytes(), f.w.FormDataContentType(), nil
}

// jsonBody marshals v as a request body.
func jsonBody(v any) ([]byte, string, error) {
	b, err := json.Marshal(v)
	return b, "application/json", err
}
