package biopassid

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCallDeadline: a rate limit asking 5 s twice, then a server that
// never answers, against a 200 ms call deadline: the call ends by then.
func TestCallDeadline(t *testing.T) {
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusTooManyRequests)
	}, WithCallDeadline(200*time.Millisecond))
	start := time.Now()
	_, err := c.Enroll(t.Context(), Person{CustomID: "1234", Face: []byte{1}})
	assert.Equal(t, CodeRateLimited, codeOf(t, err), "the last answer")
	assert.Less(t, time.Since(start), time.Second)

	c = newTest(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so the server sees the client leave
		<-r.Context().Done()
	},
		WithTimeout(5*time.Second), WithCallDeadline(200*time.Millisecond))
	start = time.Now()
	_, err = c.Enroll(t.Context(), Person{CustomID: "1234", Face: []byte{1}})
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Less(t, time.Since(start), time.Second)
	assert.Equal(t, DefaultCallDeadline, 45*time.Second)
}
