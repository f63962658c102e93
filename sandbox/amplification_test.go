package sandbox

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// amplifier is issue 27's 8 MB {"x":[0,0,…]}: decoded into Go values it
// took about 180 MB.
func amplifier() []byte {
	var b bytes.Buffer
	b.WriteString(`{"x":[0`)
	for b.Len() < MaxBodyBytes-8 {
		b.WriteString(",0")
	}
	b.WriteString("]}")
	return b.Bytes()
}

// allocated is the heap allocated while fn runs.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Each JSON route family refuses the amplifier from a pass over its
// bytes: a request allocates little more than its body (8 MB, read in
// growing buffers), where decoding it allocated about 180 MB (issue 27,
// item 4).
func TestJSONAmplificationRefused(t *testing.T) {
	s, _, _ := newSandbox(t, Config{})
	key, secret := s.Credentials()
	ctx := t.Context()
	bpKey, err := s.BioPassKey(ctx)
	require.NoError(t, err)
	vkTok, err := s.VerifikToken(ctx, 0)
	require.NoError(t, err)
	lvTok, err := s.LivenessAppToken(ctx)
	require.NoError(t, err)
	body := amplifier()
	routes := map[string]map[string]string{
		"/api/1.0/users/find-by-face":   {"x-biometrid-key": key, "x-biometrid-secret": secret},
		"/biometrics/liveness":          {"x-app-token": lvTok},
		"/multibiometrics/enroll":       {"Ocp-Apim-Subscription-Key": bpKey},
		"/v2/face-recognition/liveness": {"Authorization": "Bearer " + vkTok},
	}
	for path, header := range routes {
		var code int
		n := allocated(func() {
			r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			for k, v := range header {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			s.Handler().ServeHTTP(w, r)
			code = w.Code
		})
		assert.True(t, code >= 400 && code < 500, "%s: %d", path, code)
		assert.Less(t, n, uint64(48<<20), "%s allocated %d MB", path, n>>20)
		t.Logf("%s: %d, %d MB allocated", path, code, n>>20)
	}
}

// The budget counts values outside strings only, refuses deep nesting,
// and passes every body the routes take.
func TestJSONBudget(t *testing.T) {
	assert.NoError(t, checkJSONBudget([]byte(`{"photo":"`+strings.Repeat(`a,[{\"`, 10000)+`","auditTrail":["a","b","c"]}`)))
	assert.ErrorIs(t, checkJSONBudget([]byte(`{"x":[`+strings.Repeat("0,", maxJSONValues)+`0]}`)), errJSONBudget)
	assert.ErrorIs(t, checkJSONBudget([]byte(strings.Repeat("[", maxJSONDepth+1))), errJSONBudget)
	assert.ErrorIs(t, checkJSONBudget([]byte(`{"a":`+strings.Repeat(`{"b":1},`, maxJSONValues)+`}`)), errJSONBudget)
	assert.NoError(t, checkJSONBudget([]byte(`{"Person":{"CustomID":"1","Face":[{"Face-1":"x"}],"Fingers":[]}}`)))
}
