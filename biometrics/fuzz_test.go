package biometrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzResponses feeds any status and body to the client's decoding,
// through real calls with typed results: no panic, and an error for every
// non-2xx status.
func FuzzResponses(f *testing.F) {
	f.Add(uint16(200), []byte(`{"status":true,"data":{"message":"FACE_ENROLLED_WITH_SUCCESS","enrolled":true}}`))
	f.Add(uint16(200), []byte(`{"status":true,"data":[{"engines_oid":"x","type":"face","enrolled":true}]}`))
	f.Add(uint16(200), []byte(`{"status":false,"data":{"message":"AUDIO_RECOGNITION_FAILED","reason":"NO_SPEECH","promptCode":"0653"}}`))
	f.Add(uint16(200), []byte(`{"status":true}`))
	f.Add(uint16(200), []byte(`{"status": true,}`))
	f.Add(uint16(404), []byte(`{"status":false,"data":{"message":"USERID_NOT_EXISTS"}}`))
	f.Add(uint16(500), []byte(`<html>Bad gateway</html>`))
	f.Add(uint16(200), []byte(`{"status":true,"data":{"confidence":"0.9x"}}`))
	f.Add(uint16(200), []byte(``))
	var status uint16
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(int(status))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := New(srv.URL, WithCredentials("k", "s"), WithAllowInsecureHTTP(), WithRetry(NoRetry))
	if err != nil {
		f.Fatal(err)
	}
	const user = "59147e5afdda9b0ac0f5e31f"
	photo := append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 64)...)
	f.Fuzz(func(t *testing.T, st uint16, b []byte) {
		if st < 200 || st > 599 {
			st = 200 + st%400
		}
		status, body = st, b
		ctx := context.Background()
		calls := []func() error{
			func() error { _, err := c.EnrollStatus(ctx, user); return err },
			func() error { _, err := c.EnrollFace(ctx, user, FaceRequest{Photo: photo}); return err },
			func() error { _, err := c.FindByMultiple(ctx, FaceRequest{Photo: photo}); return err },
			func() error { _, err := c.StartVoice(ctx, user, VoiceEnroll, "en"); return err },
			func() error { _, err := c.PendingDialogue(ctx, user); return err },
			func() error { _, err := c.Languages(ctx); return err },
		}
		for i, call := range calls {
			if err := call(); err == nil && st >= 300 {
				t.Fatalf("call %d: status %d gave no error", i, st)
			}
		}
	})
}
