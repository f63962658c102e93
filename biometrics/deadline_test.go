package biometrics

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"biokiosk/biometrics/httpcore"
)

// TestCallDeadlineBoundsRetries: a server that never answers, 200 ms per
// attempt and 3 retries (800 ms and more in all) against a 500 ms call
// deadline: the call ends at the deadline, SERVER_UNREACHABLE.
func TestCallDeadlineBoundsRetries(t *testing.T) {
	c, mux, _ := setup(t, WithTimeout(200*time.Millisecond), WithCallDeadline(500*time.Millisecond),
		WithRetry(RetryPolicy{MaxRetries: 3, Base: 10 * time.Millisecond, Cap: 10 * time.Millisecond}))
	c.sleep = httpcore.SleepCtx
	var attempts atomic.Int32
	mux.HandleFunc("GET /api/1.0/languages", func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		<-r.Context().Done() // never answers
	})
	start := time.Now()
	_, err := c.Languages(t.Context())
	took := time.Since(start)
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())
	assert.GreaterOrEqual(t, attempts.Load(), int32(2), "retried within the deadline")
	assert.Less(t, took, 750*time.Millisecond, "the call deadline holds across retries")
	t.Logf("%d attempts, %v in all", attempts.Load(), took)
}

// TestCallDeadlineIsNotTheCallersCancel: when the caller's context ends,
// the call says so (context.Canceled), not SERVER_UNREACHABLE.
func TestCallDeadlineIsNotTheCallersCancel(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/1.0/languages", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	t.Cleanup(cancel)
	_, err := c.Languages(ctx)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	var te *TransportError
	assert.False(t, errors.As(err, &te))
}

func TestDefaultCallDeadline(t *testing.T) {
	c, err := New("https://api.example.com", WithCredentials("k", "s"))
	require.NoError(t, err)
	assert.Equal(t, 45*time.Second, c.core.CallDeadline)
	_, err = New("https://api.example.com", WithCallDeadline(0))
	assert.Error(t, err)
}
