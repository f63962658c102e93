package biometrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"biokiosk/biometrics/httpcore"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// everyCall lists one invocation of each client method, for shared
// failure-path checks.
func everyCall(c *Client) map[string]func(ctx context.Context) error {
	face := FaceRequest{Photo: jpeg}
	e := func(_ any, err error) error { return err }
	return map[string]func(context.Context) error{
		"CreateUser":         func(ctx context.Context) error { return e(c.CreateUser(ctx, CreateUserParams{ReferenceID: "1"})) },
		"DeleteUser":         func(ctx context.Context) error { return e(c.DeleteUser(ctx, uid)) },
		"EnrollFace":         func(ctx context.Context) error { return e(c.EnrollFace(ctx, uid, face)) },
		"VerifyFace":         func(ctx context.Context) error { return e(c.VerifyFace(ctx, uid, face)) },
		"AdaptFace":          func(ctx context.Context) error { return e(c.AdaptFace(ctx, uid, face)) },
		"DeleteFace":         func(ctx context.Context) error { return e(c.DeleteFace(ctx, uid)) },
		"FindByFace":         func(ctx context.Context) error { return e(c.FindByFace(ctx, face)) },
		"FindByMultiple":     func(ctx context.Context) error { return e(c.FindByMultiple(ctx, face)) },
		"FindFaceProperties": func(ctx context.Context) error { return e(c.FindFaceProperties(ctx, face)) },
		"ValidateLiveness": func(ctx context.Context) error {
			return e(c.ValidateLiveness(ctx, LivenessValidation{AuditTrailImages: [][]byte{jpeg}}))
		},
		"StartVoice":  func(ctx context.Context) error { return e(c.StartVoice(ctx, uid, VoiceEnroll, "en")) },
		"SubmitVoice": func(ctx context.Context) error { return e(c.SubmitVoice(ctx, uid, VoiceVerify, "en", wav)) },
		"AdaptVoice":  func(ctx context.Context) error { return e(c.SubmitVoice(ctx, uid, VoiceAdapt, "en", wav)) },
		"DeleteVoice": func(ctx context.Context) error { return e(c.DeleteVoice(ctx, uid, "")) },
		"Languages":   func(ctx context.Context) error { return e(c.Languages(ctx)) },
		"ValidateDocument": func(ctx context.Context) error {
			return e(c.ValidateDocument(ctx, DocumentRequest{Front: jpeg, Back: jpeg}))
		},
		"ValidateDocumentBase64": func(ctx context.Context) error {
			return e(c.ValidateDocumentBase64(ctx, DocumentRequest{Front: jpeg, Back: jpeg}))
		},
		"DocumentPooling": func(ctx context.Context) error { return e(c.DocumentPooling(ctx, "p", "")) },
		"SelfieCompare": func(ctx context.Context) error {
			return e(c.SelfieCompare(ctx, CompareRequest{Photo1: jpeg, Photo2: jpeg}))
		},
		"SelfieCompareBase64": func(ctx context.Context) error {
			return e(c.SelfieCompareBase64(ctx, CompareRequest{Photo1: jpeg, Photo2: jpeg}, false))
		},
		"EnrollStatus":     func(ctx context.Context) error { return e(c.EnrollStatus(ctx, uid)) },
		"PendingDialogue":  func(ctx context.Context) error { return e(c.PendingDialogue(ctx, uid)) },
		"RestartState":     func(ctx context.Context) error { return e(c.RestartState(ctx, uid)) },
		"FindByMacAddress": func(ctx context.Context) error { return e(c.FindByMacAddress(ctx, "00:0a:95:9d:68:16")) },
	}
}

// TestCommonErrorMatrix checks every method against the §1.5 matrix.
func TestCommonErrorMatrix(t *testing.T) {
	matrix := []struct {
		code int
		msg  Message
		want error
	}{
		{400, MsgAuthenticationHeadersMissing, ErrAuthenticationHeadersMissing},
		{401, MsgInvalidAuthenticationHeaders, ErrInvalidAuthenticationHeaders},
		{402, MsgRequestLimitReached, ErrRequestLimitReached},
		{402, MsgNotAllowedToCreateUsers, ErrNotAllowedToCreateUsers},
		{404, MsgUserIDNotExists, ErrUserNotFound},
		{404, MsgClientNotFound, ErrClientNotFound},
		{400, MsgEnrollUserFaceFirst, ErrEnrollUserFaceFirst},
		{400, MsgEnrollUserVoiceFirst, ErrEnrollUserVoiceFirst},
		{404, MsgNoVoiceEngineConfigurationAvailable, ErrNoVoiceEngine},
		{400, MsgNoFileOrInvalidFormat, ErrNoFileOrInvalidFormat},
		{400, MsgLivenessRequired, ErrLivenessRequired},
		{500, MsgProblemOcurredRepeatRequest, ErrProblemOcurred},
	}
	for _, m := range matrix {
		t.Run(string(m.msg), func(t *testing.T) {
			c, mux, _ := setup(t, WithRetry(NoRetry))
			var hits atomic.Int32
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				reply(w, m.code, `{"status": false, "data": {"message": "`+string(m.msg)+`"}}`)
			})
			for name, call := range everyCall(c) {
				err := call(t.Context())
				require.Error(t, err, name)
				assert.ErrorIs(t, err, m.want, name)
				var ae *APIError
				require.ErrorAs(t, err, &ae, name)
				assert.Equal(t, m.code, ae.HTTPStatus, name)
				assert.Equal(t, string(m.msg), ae.Code(), name)
				assert.NotContains(t, err.Error(), testSecret)
			}
			assert.EqualValues(t, len(everyCall(c)), hits.Load(), "one request per call, no retries")
		})
	}
}

// TestUnexpectedStatusFalse: a status:false message that is not a
// documented outcome of the call is an error, not a silent result.
func TestUnexpectedStatusFalse(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status": false, "data": {"message": "SOMETHING_NEW", "reason": "why"}}`)
	})
	for name, call := range everyCall(c) {
		err := call(t.Context())
		var ae *APIError
		require.ErrorAs(t, err, &ae, name)
		assert.Equal(t, "SOMETHING_NEW", ae.Code(), name)
	}
}

func TestMalformedAnswers(t *testing.T) {
	for name, tc := range map[string]struct {
		code  int
		ct    string
		body  string
		proxy bool // an error status without an envelope
	}{
		"html 502 from a proxy": {502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", true},
		"json 503 from a proxy": {503, "application/json", `{"error":"502 Bad Gateway"}`, true},
		"invalid json":          {200, "application/json", `{"status": true, "data": {"message": "NEW_USER_CREATED",`, false},
		"no status":             {200, "application/json", `{"data": {"id": "x"}}`, false},
		"empty body":            {200, "application/json", ``, false},
		"docs-style json":       {200, "application/json", `{"status": true, "data": {"message": "NEW_USER_CREATED" "id": "x"}}`, false},
		"status not bool":       {200, "application/json", `{"status": "yes", "data": {}}`, false},
		"wrong field type":      {200, "application/json", `{"status": true, "data": {"message": "NEW_USER_CREATED", "id": 42}}`, false},
	} {
		t.Run(name, func(t *testing.T) {
			c, mux, _ := setup(t, WithRetry(NoRetry))
			mux.HandleFunc("POST /api/1.0/users", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ct)
				w.WriteHeader(tc.code)
				io.WriteString(w, tc.body)
			})
			_, err := c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "1"})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "create user")
			var ae *APIError
			assert.False(t, errors.As(err, &ae), "only a documented answer is a refusal")
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
			if tc.proxy {
				assert.ErrorIs(t, err, httpcore.ErrNotAPIAnswer)
				assert.Equal(t, tc.code, de.HTTPStatus)
				assert.Contains(t, err.Error(), "502 Bad Gateway")
			}
		})
	}
}

func TestOversizedAnswer(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/1.0/languages", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status":true,"data":{"languages":[],"default":"`+strings.Repeat("x", MaxResponseBytes)+`"}}`)
	})
	_, err := c.Languages(t.Context())
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Contains(t, err.Error(), "larger than")
}

func TestRetryProblemOcurredEvenOnCreate(t *testing.T) {
	c, mux, slept := setup(t)
	var n atomic.Int32
	mux.HandleFunc("POST /api/1.0/users", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			reply(w, 500, `{"status": false, "data": {"message": "PROBLEM_OCURRED_REPEAT_REQUEST"}}`)
			return
		}
		reply(w, 200, `{"status": true, "data": {"message": "NEW_USER_CREATED", "id": "`+uid+`"}}`)
	})
	res, err := c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "1"})
	require.NoError(t, err)
	assert.Equal(t, uid, res.ID)
	assert.EqualValues(t, 3, n.Load())
	require.Len(t, *slept, 2)
	for i, d := range *slept {
		max := DefaultRetryPolicy.Base << i
		assert.GreaterOrEqual(t, d, max/2, "jitter keeps at least half")
		assert.LessOrEqual(t, d, max)
	}
}

func TestNoRetryOfOther5xxOnNonIdempotentCall(t *testing.T) {
	c, mux, _ := setup(t)
	var n atomic.Int32
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/enroll/face", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		reply(w, 503, `{"status": false, "data": {"message": "SERVICE_UNAVAILABLE"}}`)
	})
	_, err := c.EnrollFace(t.Context(), uid, FaceRequest{Photo: jpeg})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.True(t, ae.Temporary())
	assert.EqualValues(t, 1, n.Load(), "a photo may have been enrolled: do not repeat")
}

func TestRetry5xxOnIdempotentCallUpToLimit(t *testing.T) {
	c, mux, slept := setup(t)
	var n atomic.Int32
	mux.HandleFunc("GET /api/1.0/users/{id}/enroll/status", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		reply(w, 503, `{"status": false, "data": {"message": "SERVICE_UNAVAILABLE"}}`)
	})
	_, err := c.EnrollStatus(t.Context(), uid)
	require.Error(t, err)
	assert.EqualValues(t, 1+DefaultRetryPolicy.MaxRetries, n.Load())
	assert.Len(t, *slept, DefaultRetryPolicy.MaxRetries)
	for _, d := range *slept {
		assert.LessOrEqual(t, d, DefaultRetryPolicy.Cap)
	}
}

func TestNeverRetry4xx(t *testing.T) {
	c, mux, slept := setup(t)
	var n atomic.Int32
	mux.HandleFunc("GET /api/1.0/users/{id}/enroll/status", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		reply(w, 404, `{"status": false, "data": {"message": "USERID_NOT_EXISTS"}}`)
	})
	_, err := c.EnrollStatus(t.Context(), uid)
	assert.ErrorIs(t, err, ErrUserNotFound)
	assert.EqualValues(t, 1, n.Load())
	assert.Empty(t, *slept)
}

func TestRetryTransportErrorOnIdempotentCall(t *testing.T) {
	c, mux, _ := setup(t)
	var n atomic.Int32
	mux.HandleFunc("GET /api/1.0/users/{id}/restart-state", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			require.NoError(t, err)
			conn.Close() // the connection drops with no answer
			return
		}
		reply(w, 200, `{"status": true, "data": {"message": "STATE_RESTARTED_WITH_SUCCESS"}}`)
	})
	a, err := c.RestartState(t.Context(), uid)
	require.NoError(t, err)
	assert.Equal(t, MsgStateRestartedWithSuccess, a.Message)
	assert.EqualValues(t, 2, n.Load())
}

func TestTransportErrorHasCode(t *testing.T) {
	c, err := New("http://127.0.0.1:1", WithCredentials("k", "s"), WithRetry(NoRetry), WithTimeout(2*time.Second))
	require.NoError(t, err)
	_, err = c.Languages(t.Context())
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())
}

func TestCancelDuringBackoffStopsPromptly(t *testing.T) {
	c, mux, _ := setup(t, WithRetry(RetryPolicy{MaxRetries: 5, Base: time.Hour, Cap: time.Hour}))
	c.sleep = httpcore.SleepCtx // real timer, cancelled by the context
	mux.HandleFunc("GET /api/1.0/users/{id}/enroll/status", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 500, `{"status": false, "data": {"message": "PROBLEM_OCURRED_REPEAT_REQUEST"}}`)
	})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.EnrollStatus(ctx, uid)
	assert.ErrorIs(t, err, ErrProblemOcurred)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.True(t, errors.Is(ctx.Err(), context.DeadlineExceeded))
}
