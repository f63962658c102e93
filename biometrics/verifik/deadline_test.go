package verifik

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCallDeadline: a server that never answers, 5 s per attempt, a
// 200 ms call deadline: the call ends at the deadline, SERVER_UNREACHABLE.
func TestCallDeadline(t *testing.T) {
	cl := newTest(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		WithTimeout(5*time.Second), WithCallDeadline(200*time.Millisecond))
	start := time.Now()
	_, err := cl.Person(t.Context(), "x")
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())
	assert.Less(t, time.Since(start), time.Second)
	assert.Equal(t, DefaultCallDeadline, 45*time.Second)
}
