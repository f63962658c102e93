package biopassid

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"biokiosk/biometrics/httpcore"
)

func codeOf(t *testing.T, err error) string {
	t.Helper()
	var e *Error
	require.ErrorAs(t, err, &e)
	return e.Code()
}

// A 200 whose top-level Success is false is a failure, Person or not.
func TestSuccessFalseIsNotSuccess(t *testing.T) {
	c := newTest(t, reply(200, `{"Success":false,"Message":"Face not found","Person":{"CustomID":"1234","BioPassID":"b"}}`))
	_, err := c.Enroll(t.Context(), Person{CustomID: "1234", Face: []byte{1}})
	assert.Equal(t, CodeUnsuccessful, codeOf(t, err))
	assert.Contains(t, err.Error(), "Face not found")

	c = newTest(t, reply(200, `{"Success":false,"Message":"CustomID already exists","Person":{"CustomID":"1234"}}`))
	_, err = c.Enroll(t.Context(), Person{CustomID: "1234", Face: []byte{1}})
	assert.Equal(t, CodeCustomIDExists, codeOf(t, err))

	c = newTest(t, reply(200, `{"Success":true,"Person":{"CustomID":"1234","BioPassID":"b"}}`))
	_, err = c.Enroll(t.Context(), Person{CustomID: "1234", Face: []byte{1}})
	assert.NoError(t, err)
}

// 404 and 409 are undocumented: no code the docs do not have, except the
// SDK's name for a taken CustomID on enroll.
func TestUndocumentedStatuses(t *testing.T) {
	p := Person{CustomID: "1234", Face: []byte{1}}
	c := newTest(t, reply(404, `{"statusCode":404,"message":"Resource not found"}`))
	_, err := c.Verify(t.Context(), p)
	assert.Equal(t, "HTTP_404", codeOf(t, err))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.True(t, e.IsNotFound())

	c = newTest(t, reply(409, "Conflict"))
	_, err = c.Enroll(t.Context(), p)
	assert.Equal(t, CodeCustomIDExists, codeOf(t, err))
	_, err = c.Update(t.Context(), p)
	assert.Equal(t, "HTTP_409", codeOf(t, err))

	c = newTest(t, reply(503, "Service Unavailable"))
	_, err = c.Enroll(t.Context(), p)
	assert.Equal(t, CodeServerError, codeOf(t, err))
}

// An APIM 429 is a rate limit: repeated after Retry-After, then RATE_LIMITED.
func TestRateLimitBacksOff(t *testing.T) {
	var calls atomic.Int32
	var waits []time.Duration
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", "3")
			reply(429, `{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 3 seconds." }`)(w, r)
			return
		}
		reply(200, enrolled)(w, r)
	})
	c.rateWait = func(d time.Duration) time.Duration { waits = append(waits, d); return time.Millisecond }
	_, err := c.Enroll(t.Context(), Person{CustomID: "cust-1", Face: []byte{1}})
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{3 * time.Second, 3 * time.Second}, waits)

	calls.Store(-10) // always limited now
	waits = nil
	_, err = c.Enroll(t.Context(), Person{CustomID: "cust-1", Face: []byte{1}})
	assert.Equal(t, CodeRateLimited, codeOf(t, err))
	assert.Len(t, waits, RateLimitRetries)
	assert.Contains(t, err.Error(), "rate limited: try again in 3s")

	// A wait longer than the bound is not slept: the caller is told at once.
	c = newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		reply(429, "Rate limit is exceeded")(w, r)
	})
	c.rateWait = func(time.Duration) time.Duration { t.Error("waited"); return 0 }
	_, err = c.Enroll(t.Context(), Person{CustomID: "cust-1", Face: []byte{1}})
	assert.Equal(t, CodeRateLimited, codeOf(t, err))
}

// A success status without a Person (and no documented text) is malformed.
func TestSuccessWithoutPersonIsMalformed(t *testing.T) {
	for _, body := range []string{`{:"Person":{}}`, `{}`, `<html>ok</html>`} {
		c := newTest(t, reply(200, body))
		_, err := c.Enroll(t.Context(), Person{CustomID: "1234", Face: []byte{1}})
		assert.Equal(t, CodeMalformed, codeOf(t, err), body)
	}
}

// TestProxyPageIsNotARefusal: an HTML page with an error status (a
// proxy's 502) is MALFORMED_RESPONSE, not an *Error; the API's plain-text
// errors still are.
func TestProxyPageIsNotARefusal(t *testing.T) {
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = w.Write([]byte("<html><h1>502 Bad Gateway</h1></html>"))
	})
	_, err := c.Enroll(t.Context(), Person{CustomID: "1234", Face: []byte{1}})
	var e *Error
	assert.False(t, errors.As(err, &e))
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
	assert.ErrorIs(t, err, httpcore.ErrNotAPIAnswer)

	c = newTest(t, reply(500, "Failed to extract face template"))
	_, err = c.Enroll(t.Context(), Person{CustomID: "1234", Face: []byte{1}})
	assert.Equal(t, CodeNoFaceTemplate, codeOf(t, err))
}
