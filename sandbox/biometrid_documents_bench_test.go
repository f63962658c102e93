package sandbox

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"testing"

	"biokiosk/internal/testkit/doctest"
)

// BenchmarkValidateDocument is one Validate Document request per
// iteration with a rendered document (JPEG, 1000×630 card front and back,
// or a 1000×704 passport page): multipart parsing, image checks, the MRZ
// through Tesseract, the portrait through the face engine, the JSON
// answer with the images.
func BenchmarkValidateDocument(b *testing.B) {
	s, _, _ := benchSandbox(b)
	p := doctest.Specimen()
	front, back := doctest.IDCard(b, p)
	for _, tc := range []struct {
		doctype     string
		front, back []byte
	}{{"idcard", front, back}, {"passport", doctest.Passport(b, p), nil}} {
		b.Run(tc.doctype, func(b *testing.B) {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			for name, img := range map[string][]byte{"front": tc.front, "back": tc.back} {
				if img != nil {
					fw, _ := mw.CreateFormFile(name, name+".jpg")
					_, _ = fw.Write(img)
				}
			}
			_ = mw.WriteField("doctype", tc.doctype)
			_ = mw.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("POST", "/api/1.0/document/validate", bytes.NewReader(body.Bytes()))
				req.Header.Set("Content-Type", mw.FormDataContentType())
				req.Header.Set("x-biometrid-key", "k")
				req.Header.Set("x-biometrid-secret", "s")
				w := httptest.NewRecorder()
				s.Handler().ServeHTTP(w, req)
				if w.Code != 200 || !bytes.Contains(w.Body.Bytes(), []byte(`"result":"GOOD"`)) {
					b.Fatalf("%d %.300s", w.Code, w.Body)
				}
			}
		})
	}
}
