package biometrics

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testKey    = "the-key"
	testSecret = "s3cr3t-value-never-printed"
	uid        = "59147e5afdda9b0ac0f5e31f"
)

var (
	jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("fake jpeg body")...)
	png  = append([]byte("\x89PNG\r\n\x1a\n"), []byte("fake png body")...)
	wav  = append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), make([]byte, 32)...)
)

// setup starts a server under a non-empty base path (to catch absolute
// URLs) and returns a client for it whose sleeps are recorded, not slept.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux, *[]time.Duration) {
	t.Helper()
	mux := http.NewServeMux()
	outer := http.NewServeMux()
	outer.Handle("/base/", http.StripPrefix("/base", mux))
	srv := httptest.NewServer(outer)
	t.Cleanup(srv.Close)
	all := append([]Option{WithCredentials(testKey, testSecret), WithLivenessURL(srv.URL + "/base")}, opts...)
	c, err := New(srv.URL+"/base", all...)
	require.NoError(t, err)
	var mu sync.Mutex
	var slept []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		slept = append(slept, d)
		mu.Unlock()
		return ctx.Err()
	}
	return c, mux, &slept
}

// reply writes a JSON body with a status code.
func reply(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	io.WriteString(w, body)
}

// checkAuth asserts the BiometrID auth headers.
func checkAuth(t *testing.T, r *http.Request) {
	t.Helper()
	assert.Equal(t, testKey, r.Header.Get("x-biometrid-key"))
	assert.Equal(t, testSecret, r.Header.Get("x-biometrid-secret"))
}

// parts reads a multipart request: field values and file parts' content
// types and bytes.
type parts struct {
	fields map[string][]string
	files  map[string]string // name -> content type
	bytes  map[string][]byte
}

func readParts(t *testing.T, r *http.Request) parts {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mt)
	p := parts{fields: map[string][]string{}, files: map[string]string{}, bytes: map[string][]byte{}}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return p
		}
		require.NoError(t, err)
		b, err := io.ReadAll(part)
		require.NoError(t, err)
		if part.FileName() != "" {
			p.files[part.FormName()] = part.Header.Get("Content-Type")
			p.bytes[part.FormName()] = b
		} else {
			p.fields[part.FormName()] = append(p.fields[part.FormName()], string(b))
		}
	}
}

func TestNewValidates(t *testing.T) {
	for name, tc := range map[string]struct {
		url  string
		opts []Option
	}{
		"no scheme":          {"api.biometrid.com", nil},
		"ftp":                {"ftp://x", nil},
		"user info":          {"https://u:p@x", nil},
		"plain http remote":  {"http://api.example.com", nil},
		"bad version":        {"https://x", []Option{WithAPIVersion("2.0")}},
		"empty secret":       {"https://x", []Option{WithCredentials("k", "")}},
		"zero timeout":       {"https://x", []Option{WithTimeout(0)}},
		"nil http client":    {"https://x", []Option{WithHTTPClient(nil)}},
		"bad retry":          {"https://x", []Option{WithRetry(RetryPolicy{MaxRetries: 1, Base: time.Second, Cap: time.Millisecond})}},
		"http liveness host": {"https://x", []Option{WithLivenessURL("http://face.example.com")}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(tc.url, tc.opts...)
			assert.Error(t, err)
		})
	}
	_, err := New("http://127.0.0.1:8765")
	assert.NoError(t, err, "loopback http is fine")
	_, err = New("http://localhost:8765")
	assert.NoError(t, err)
	_, err = New("http://10.0.0.5", WithAllowInsecureHTTP())
	assert.NoError(t, err, "explicit opt-in")
	_, err = New("http://api.example.com")
	assert.ErrorIs(t, err, ErrInsecureURL)
}

func TestSecretNeverPrinted(t *testing.T) {
	c, mux, _ := setup(t, WithRetry(NoRetry))
	mux.HandleFunc("POST /api/1.0/users", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 401, `{"status":false,"data":{"message":"INVALID_AUTHENTICATION_HEADERS"}}`)
	})
	for _, s := range []string{c.String(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		assert.NotContains(t, s, testSecret)
		assert.NotContains(t, s, testKey)
	}
	_, err := c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "42"})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testSecret)
	assert.NotContains(t, fmt.Sprintf("%#v", err), testSecret)
}

func TestCreateUser(t *testing.T) {
	c, mux, _ := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("POST /api/1.0/users", func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		assert.Equal(t, "42", r.URL.Query().Get("reference_id"))
		if r.URL.Query().Get("mac_address") == "00:0a:95:9d:68:16" {
			reply(w, 200, `{"status": true, "data": {"message": "USER_ALREADY_ASSOCIATED_WITH_DEVICE", "id": "`+uid+`"}}`)
			return
		}
		calls.Add(1)
		assert.Empty(t, r.URL.Query().Get("mac_address"))
		reply(w, 200, `{"status": true, "data": {"message": "NEW_USER_CREATED", "id": "`+uid+`"}}`)
	})
	res, err := c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "42"})
	require.NoError(t, err)
	assert.Equal(t, uid, res.ID)
	assert.True(t, res.Status)
	assert.Equal(t, MsgNewUserCreated, res.Message)
	assert.False(t, res.Existing())

	res, err = c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "42", MacAddress: "00:0a:95:9d:68:16"})
	require.NoError(t, err)
	assert.True(t, res.Existing())
	assert.Equal(t, uid, res.ID)
}

func TestCreateUserWithoutIDIsMalformed(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/1.0/users", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status": true, "data": {"message": "NEW_USER_CREATED"}}`)
	})
	_, err := c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "42"})
	var de *DecodeError
	require.ErrorAs(t, err, &de)
}

func TestVersion11Paths(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	mux.HandleFunc("POST /api/1.1/users/{id}/dialogue/enroll/face", func(w http.ResponseWriter, r *http.Request) {
		p := readParts(t, r)
		assert.Equal(t, []string{"live-123"}, p.fields["livenessId"])
		assert.Empty(t, p.fields["liveness"])
		reply(w, 200, `{"status": true, "data": {"message": "FACE_ENROLLED_WITH_SUCCESS", "enrolled": true}}`)
	})
	mux.HandleFunc("GET /api/1.0/users/{id}/restart-state", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status": true, "data": {"message": "STATE_RESTARTED_WITH_SUCCESS"}}`)
	})
	res, err := c.EnrollFace(t.Context(), uid, FaceRequest{Photo: jpeg, LivenessID: "live-123"})
	require.NoError(t, err)
	assert.True(t, res.Enrolled)
	_, err = c.RestartState(t.Context(), uid)
	require.NoError(t, err, "restart-state is documented on the 1.0 path only")
}
