package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"biokiosk/internal/imagesize"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postJSON sends body as JSON with the client's BiometrID and app-token
// headers and returns the status and the answer.
func postJSON(t *testing.T, url, key, secret string, body any) (int, string) {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-biometrid-key", key)
	req.Header.Set("x-biometrid-secret", secret)
	req.Header.Set("x-app-token", key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	return resp.StatusCode, out.String()
}

// A 10000×10000 1-bit PNG (about 15 KB) passes the magic and
// 1 MB checks but declares 100 megapixels: every image route refuses it
// from its header, at once, instead of decoding 300 MB.
func TestDecompressionBombRefused(t *testing.T) {
	s, hs, _ := newSandbox(t, Config{})
	key, secret := s.Credentials()
	bomb := base64.StdEncoding.EncodeToString(imagesize.BombPNG(10000, 10000))
	routes := map[string]any{
		"/api/1.0/users/find-by-face":         map[string]any{"photo": bomb},
		"/api/1.1/users/find-face-properties": map[string]any{"photo": bomb},
		"/api/1.1/liveness/validate":          map[string]any{"auditTrailImage": []string{bomb, bomb, bomb, bomb, bomb, bomb}},
		"/api/1.0/document/selfie-compare":    map[string]any{"photo1": bomb, "photo2": bomb},
		"/biometrics/liveness":                map[string]any{"auditTrail": []string{bomb}},
	}
	for path, body := range routes {
		t0 := time.Now()
		st, answer := postJSON(t, hs.URL+path, key, secret, body)
		assert.Equal(t, http.StatusBadRequest, st, "%s: %s", path, answer)
		assert.Less(t, time.Since(t0), 2*time.Second, path)
	}
}

// A data: URI must name the image's own type.
func TestDataURIMimeMustMatch(t *testing.T) {
	s, hs, _ := newSandbox(t, Config{})
	key, secret := s.Credentials()
	jpeg := base64.StdEncoding.EncodeToString(photo(t, "obama_small.jpg"))
	st, body := postJSON(t, hs.URL+"/api/1.0/users/find-by-face", key, secret, map[string]any{"photo": "data:text/plain;base64," + jpeg})
	assert.Equal(t, http.StatusBadRequest, st, body)
	assert.Contains(t, body, "NO_FILE_OR_INVALID_FORMAT")
	st, body = postJSON(t, hs.URL+"/api/1.0/users/find-by-face", key, secret, map[string]any{"photo": "data:image/png;base64," + jpeg})
	assert.Equal(t, http.StatusBadRequest, st, body)
	st, body = postJSON(t, hs.URL+"/api/1.0/users/find-by-face", key, secret, map[string]any{"photo": "data:image/jpeg;base64," + jpeg})
	assert.Equal(t, http.StatusOK, st, body)
}

// Decodes are bounded to MaxDecodes at once, and a request whose context
// ends while it waits for a slot stops there with the context's error.
func TestFaceDecodeSlotsHonourContext(t *testing.T) {
	s, _, _ := newSandbox(t, Config{})
	img := photo(t, "obama_small.jpg")
	release := s.faces.HoldSlots()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err := s.faces.AnalyseContext(ctx, img, false)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(t0), time.Second)
	release()
	found, err := s.faces.AnalyseContext(context.Background(), img, false)
	require.NoError(t, err)
	assert.Len(t, found, 1)
}
