package sandbox

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"biokiosk/biometrics/biopassid"
	"biokiosk/biometrics/verifik"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A face analysis stops with its request: a kiosk that gives up (its
// timeout, or killed) does not leave the server analysing for nobody.
// The engine is held busy, the client gives up, and the handler must
// return while the engine is still held (before, it waited for the
// engine and analysed the abandoned photo), on the BioPass ID and the
// Verifik routes.
func TestAbandonedFaceRequestsStop(t *testing.T) {
	var logged syncBuffer
	sb, _, _ := newSandbox(t, Config{Key: "sub-key", Secret: "s", Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	returned := make(chan string, 4)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sb.Handler().ServeHTTP(w, r)
		returned <- r.URL.Path
	}))
	t.Cleanup(hs.Close)
	key, err := sb.BioPassKey(t.Context())
	require.NoError(t, err)
	bp, err := biopassid.New(hs.URL, key)
	require.NoError(t, err)
	setup, err := sb.Verifik(t.Context())
	require.NoError(t, err)
	tok, err := sb.VerifikToken(t.Context(), 0)
	require.NoError(t, err)
	vk, err := verifik.New(hs.URL, verifik.WithToken(tok), verifik.WithProject(setup.Project), verifik.WithProjectFlow(setup.ProjectFlow))
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"BioPass ID enrolment", func(ctx context.Context) error {
			_, err := bp.Enroll(ctx, biopassid.Person{CustomID: "cust-9", Face: photo(t, "obama.jpg")})
			return err
		}},
		{"Verifik liveness", func(ctx context.Context) error {
			_, err := vk.Liveness(ctx, photo(t, "obama.jpg"))
			return err
		}},
	} {
		release := sb.faces.HoldSlots()
		// 1 s for the request to reach the handler, on a loaded machine too.
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		err := tc.call(ctx)
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded, tc.name)
		select {
		case <-returned:
		case <-time.After(5 * time.Second):
			release()
			t.Fatalf("%s: the handler still waits for the engine after its client left", tc.name)
		}
		release()
	}
	assert.NotContains(t, logged.String(), "level=ERROR", "a client that left is no fault of the server's")
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
