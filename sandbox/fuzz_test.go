package sandbox

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// FuzzParseForm: any body under any content type parses to fields and
// checked images/audio, or to errBadInput; never a panic.
func FuzzParseForm(f *testing.F) {
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
		for _, name := range []string{"photo", "photo1", "auditTrailImage", "auditTrail"} {
			imgs, err := form.images(name)
			if err == nil {
				for _, b := range imgs {
					if len(b) > 1<<20 {
						t.Fatalf("%s: %d bytes accepted", name, len(b))
					}
				}
			}
		}
		_, _ = form.audio()
		_ = form.value("language")
	})
}
