package biometrics

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// evilID is what a hostile server or proxy may name as a user id.
const evilID = "../../users/x?y=1#"

// TestServerIDsAreCheckedWhereTheyEnter: an answer naming a malformed
// user id (created, matched, a duplicate's owner, a device's user) is a
// malformed response, and the id is not handed to the caller.
func TestServerIDsAreCheckedWhereTheyEnter(t *testing.T) {
	c, mux, _ := setup(t, WithRetry(NoRetry))
	mux.HandleFunc("POST /api/1.0/users", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":true,"data":{"message":"NEW_USER_CREATED","id":"`+evilID+`"}}`)
	})
	mux.HandleFunc("POST /api/1.0/users/find-by-face", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":true,"data":{"message":"FACE_RECOGNIZED_WITH_SUCCESS","verified":true,"userId":"a/b","confidence":"0.9"}}`)
	})
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/enroll/face", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":false,"data":{"message":"FACE_ALREADY_DETECTED_ON_GALLERY","detectedId":"x y","confidence":0.8}}`)
	})
	mux.HandleFunc("POST /api/1.1/users/find-by-multiple", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":true,"data":{"verified":true,"usersFound":[{"userId":"ok_1","confidence":"0.9"},{"userId":"%2e%2e","confidence":"0.9"}]}}`)
	})
	mux.HandleFunc("GET /api/1.0/users/find-by-address", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":true,"data":{"message":"USER_ALREADY_REGISTERED_ON_THIS_DEVICE","id":"a.b"}}`)
	})
	check := func(err error) {
		t.Helper()
		var de *DecodeError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
		assert.ErrorIs(t, err, ErrMalformedID)
	}
	u, err := c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "42"})
	check(err)
	assert.Empty(t, u.ID, "a malformed id is not handed over")
	_, err = c.FindByFace(t.Context(), FaceRequest{Photo: jpeg})
	check(err)
	_, err = c.EnrollFace(t.Context(), uid, FaceRequest{Photo: jpeg})
	check(err)
	_, err = c.FindByMultiple(t.Context(), FaceRequest{Photo: jpeg})
	check(err)
	_, err = c.FindByMacAddress(t.Context(), "00:0a:95:9d:68:16")
	check(err)
}

// TestCreateUserNeedsReferenceIDAndCredentials: both refusals happen
// before anything is sent.
func TestCreateUserNeedsReferenceIDAndCredentials(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		reply(w, 200, `{"status":true,"data":{"message":"NEW_USER_CREATED","id":"`+uid+`"}}`)
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, WithCredentials(testKey, testSecret))
	require.NoError(t, err)
	_, err = c.CreateUser(t.Context(), CreateUserParams{})
	assert.ErrorIs(t, err, ErrMissingArgument)
	_, err = c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "  ", MacAddress: "00:0a:95:9d:68:16"})
	assert.ErrorIs(t, err, ErrMissingArgument)

	bare, err := New(srv.URL)
	require.NoError(t, err)
	_, err = bare.CreateUser(t.Context(), CreateUserParams{ReferenceID: "42"})
	assert.ErrorIs(t, err, ErrNoCredentials)
	_, err = bare.EnrollStatus(t.Context(), uid)
	assert.ErrorIs(t, err, ErrNoCredentials)
	assert.Zero(t, hits.Load(), "nothing may reach the server")

	_, err = c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "42"})
	require.NoError(t, err)
	assert.EqualValues(t, 1, hits.Load())
}

// TestServerTextIsSanitised: a message or reason holding terminal escape
// sequences and line breaks reaches errors and results escaped.
func TestServerTextIsSanitised(t *testing.T) {
	c, mux, _ := setup(t, WithRetry(NoRetry))
	mux.HandleFunc("GET /api/1.0/users/{id}/restart-state", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 404, `{"status":false,"data":{"message":"USERID_NOT_EXISTS\u001b[2J","reason":"\u001b[2J\u001b[H\r\nPASS"}}`)
	})
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/enroll/face", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":false,"data":{"message":"FACE_ENROLLMENT_FAILED","reason":"\u001b[2J\u001b[H\r\nPASS"}}`)
	})
	_, err := c.RestartState(t.Context(), uid)
	var ae *APIError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.NotContains(t, err.Error(), "\x1b")
	assert.NotContains(t, err.Error(), "\r\n")
	assert.Contains(t, err.Error(), `\x1b[2J\x1b[H\r\nPASS`)
	assert.Equal(t, `USERID_NOT_EXISTS\x1b[2J`, ae.Code())

	out, err := c.EnrollFace(t.Context(), uid, FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	assert.Equal(t, `\x1b[2J\x1b[H\r\nPASS`, out.Reason)
}
