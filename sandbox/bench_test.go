package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"biokiosk/biometrics"
	"biokiosk/internal/testkit/facetest"
)

// benchSandbox is a sandbox with one enrolled user, driven through its
// handler (no network).
func benchSandbox(b *testing.B) (*Server, string, []byte) {
	s, err := New(context.Background(), Config{DB: filepath.Join(b.TempDir(), "b.db"), Key: "k", Secret: "s"})
	if err != nil {
		b.Skip(err)
	}
	b.Cleanup(func() { s.Close() })
	img := facetest.JPEG(b, "obama.jpg")
	c, err := biometrics.New("http://127.0.0.1", biometrics.WithCredentials("k", "s"), biometrics.WithAllowInsecureHTTP(),
		biometrics.WithHTTPClient(&http.Client{Transport: handlerTransport{s.Handler()}}))
	if err != nil {
		b.Fatal(err)
	}
	u, err := c.CreateUser(context.Background(), biometrics.CreateUserParams{ReferenceID: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.EnrollFace(context.Background(), u.ID, biometrics.FaceRequest{Photo: img}); err != nil {
		b.Fatal(err)
	}
	return s, u.ID, img
}

// handlerTransport serves requests with a handler in-process.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	t.h.ServeHTTP(w, r)
	return w.Result(), nil
}

// BenchmarkVerifyFace is one Verify Face request with a 640×480 JPEG,
// multipart parsing to JSON answer.
func BenchmarkVerifyFace(b *testing.B) {
	s, user, img := benchSandbox(b)
	body, ct := multipartPhoto(b, img)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("POST", "/api/1.0/users/"+user+"/dialogue/verify/face", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("x-biometrid-key", "k")
		req.Header.Set("x-biometrid-secret", "s")
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		if w.Code != 200 || !bytes.Contains(w.Body.Bytes(), []byte(`"verified":true`)) {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}

// BenchmarkEnrollFace is one Enroll Face request (new user each time,
// a different face so the dedup check passes).
func BenchmarkEnrollFace(b *testing.B) {
	s, _, _ := benchSandbox(b)
	img := facetest.JPEG(b, "obama_small.jpg")
	body, ct := multipartPhoto(b, img)
	users := make([]string, b.N)
	for i := range users {
		id, _, err := s.db.createUser(context.Background(), client{Key: "k"}, fmt.Sprint(i), "")
		if err != nil {
			b.Fatal(err)
		}
		users[i] = id
	}
	s.faces.Remove(firstUser(s))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("POST", "/api/1.0/users/"+users[i]+"/dialogue/enroll/face", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("x-biometrid-key", "k")
		req.Header.Set("x-biometrid-secret", "s")
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
		s.faces.Remove(users[i]) // keep the gallery without this face for the next round
	}
}

func firstUser(s *Server) string {
	all, _ := s.db.faces(context.Background())
	for id := range all {
		return id
	}
	return ""
}
