package sandbox

import (
	"biokiosk/internal/testkit/bombs"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postWith is postJSON with extra (or replaced) headers.
func postWith(t *testing.T, url, key, secret string, header map[string]string, body any) (int, string) {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-biometrid-key", key)
	req.Header.Set("x-biometrid-secret", secret)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	return resp.StatusCode, out.String()
}

// postJSON sends body as JSON with the client's BiometrID headers and
// returns the status and the answer.
func postJSON(t *testing.T, url, key, secret string, body any) (int, string) {
	t.Helper()
	return postWith(t, url, key, secret, nil, body)
}

// peakRSS is the process's peak resident set (VmHWM), 0 where /proc
// does not tell.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// Decompression bombs pass the magic and 1 MB checks but declare far
// more than 25 megapixels: a 10000×10000 1-bit PNG (about 15 KB), and
// issue 27's JPEG whose 20000×20000 frame hides behind a 16×16 one in an
// APP1 (a few hundred bytes; OpenCV decoded it to 1.2 GB). Every route
// that decodes an image refuses both from their headers, at once: the
// process's peak RSS does not move.
func TestDecompressionBombRefused(t *testing.T) {
	s, hs, _ := newSandbox(t, Config{})
	key, secret := s.Credentials()
	ctx := context.Background()
	bpKey, err := s.BioPassKey(ctx)
	require.NoError(t, err)
	vkTok, err := s.VerifikToken(ctx, 0)
	require.NoError(t, err)
	lvTok, err := s.LivenessAppToken(ctx)
	require.NoError(t, err)
	st, answer := postJSON(t, hs.URL+"/api/1.1/users", key, secret, map[string]any{"reference_id": "bomb"})
	require.Equal(t, http.StatusOK, st, answer)
	var created struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(answer), &created))
	for name, img := range map[string][]byte{"png": bombs.BombPNG(10000, 10000), "jpeg": bombs.HiddenFrameJPEG(20000, 20000)} {
		bomb := base64.StdEncoding.EncodeToString(img)
		routes := map[string]struct {
			body   any
			header map[string]string
		}{
			"/api/1.0/users/find-by-face":                                 {map[string]any{"photo": bomb}, nil},
			"/api/1.1/users/find-face-properties":                         {map[string]any{"photo": bomb}, nil},
			"/api/1.1/users/" + created.Data.ID + "/dialogue/enroll/face": {map[string]any{"photo": bomb}, nil},
			"/api/1.1/liveness/validate":                                  {map[string]any{"auditTrailImage": []string{bomb, bomb, bomb, bomb, bomb, bomb}}, nil},
			"/api/1.0/document/selfie-compare":                            {map[string]any{"photo1": bomb, "photo2": bomb}, nil},
			"/biometrics/liveness":                                        {map[string]any{"auditTrail": []string{bomb}}, map[string]string{"x-app-token": lvTok}},
			"/multibiometrics/enroll": {map[string]any{"Person": map[string]any{"CustomID": "bomb", "Face": []map[string]string{{"Face-1": bomb}}}},
				map[string]string{"Ocp-Apim-Subscription-Key": bpKey}},
			"/v2/face-recognition/liveness": {map[string]any{"os": "DESKTOP", "image": bomb}, map[string]string{"Authorization": "Bearer " + vkTok}},
		}
		for path, rt := range routes {
			peak := peakRSS()
			t0 := time.Now()
			st, answer := postWith(t, hs.URL+path, key, secret, rt.header, rt.body)
			took := time.Since(t0)
			assert.True(t, st >= 400 && st < 500, "%s %s: %d %s", name, path, st, answer)
			assert.Less(t, took, time.Second, "%s %s", name, path)
			assert.Less(t, peakRSS()-peak, int64(64<<20), "%s %s: peak RSS grew", name, path)
			t.Logf("%s %s: %d in %v", name, path, st, took)
		}
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
