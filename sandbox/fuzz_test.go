package sandbox

import (
	"biokiosk/internal/testkit/bombs"
	"bytes"
	"encoding/base64"
	"mime"
	"net/http/httptest"
	"strings"
	"testing"

	"biokiosk/imagesize"
)

// FuzzParseForm: any body under any content type parses to fields and
// checked images/audio, or to errBadInput; never a panic. A JSON body
// over its budget (issue 27's amplifier) is refused, and no image over
// imagesize.MaxPixels (the hidden-frame bomb) is ever accepted.
func FuzzParseForm(f *testing.F) {
	f.Add("application/json", []byte(`{"x":[`+strings.Repeat("0,", maxJSONValues)+`0]}`))
	f.Add("application/json", []byte(`{"photo":"`+base64.StdEncoding.EncodeToString(bombs.HiddenFrameJPEG(20000, 20000))+`"}`))
	f.Add("application/json", []byte(`{"photo":"`+base64.StdEncoding.EncodeToString(bombs.HiddenFrameJPEG(64, 48))+`"}`))
	f.Add("application/json", []byte(`{"photo":"data:image/jpeg;base64,/9j/4AAQ","livenessId":"x","auditTrail":["AAAA"]}`))
	f.Add("application/x-www-form-urlencoded", []byte("mac_address=00%3A0a&language=pt"))
	f.Add("multipart/form-data; boundary=X", []byte("--X\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF....WAVE\r\n--X--\r\n"))
	f.Add("multipart/form-data", []byte("--"))
	f.Add("text/plain", []byte("hello"))
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		r := httptest.NewRequest("POST", "/api/1.0/users?reference_id=a", bytes.NewReader(body))
		r.Header.Set("Content-Type", ct)
		form, err := parseForm(r)
		if err != nil {
			if err != errBadInput {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if mt, _, _ := mime.ParseMediaType(ct); mt == "application/json" && checkJSONBudget(body) != nil {
			t.Fatalf("a body over the JSON budget was parsed")
		}
		requireImagesWithinLimits(t, form)
		_, _ = form.audio()
		_ = form.value("language")
	})
}

// requireImagesWithinLimits fails t when an image the form accepts is
// over 1 MB or over imagesize.MaxPixels.
func requireImagesWithinLimits(t *testing.T, form *form) {
	t.Helper()
	for _, name := range []string{"photo", "photo1", "auditTrailImage", "auditTrail"} {
		imgs, err := form.images(name)
		if err != nil {
			continue
		}
		for _, b := range imgs {
			if len(b) > 1<<20 {
				t.Fatalf("%s: %d bytes accepted", name, len(b))
			}
			if sz, err := imagesize.Read(bytes.NewReader(b)); err != nil || sz.Pixels() > imagesize.MaxPixels {
				t.Fatalf("%s: image of %v accepted (%v)", name, sz, err)
			}
		}
	}
}
