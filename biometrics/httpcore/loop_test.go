package httpcore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rateLimited is a test API's 429 with its Retry-After.
type rateLimited struct{ wait time.Duration }

func (e *rateLimited) Error() string { return "rate limited" }

// fetch is one attempt of a GET to url: no answer is a *TransportError,
// a 429 a *rateLimited, another error status a *DecodeError wrapping
// ErrNotAPIAnswer (the test servers answer with pages).
func fetch(hc *http.Client, url string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return &TransportError{Op: "get", Err: ScrubURLError(err)}
		}
		defer resp.Body.Close()
		body, err := ReadBody(resp.Body, 1<<10)
		switch {
		case err != nil:
			return &TransportError{Op: "get", Err: err}
		case resp.StatusCode == http.StatusTooManyRequests:
			return &rateLimited{wait: RetryAfter(resp.Header)}
		case resp.StatusCode >= 300:
			return &DecodeError{Op: "get", HTTPStatus: resp.StatusCode, Err: fmt.Errorf("%w: %q", ErrNotAPIAnswer, body)}
		}
		return nil
	}
}

// server answers with fail for the first failures requests, then 200;
// it counts the requests.
func server(t *testing.T, failures int32, fail http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= failures {
			fail(w, r)
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// proxyPage is a proxy's 502 whose page holds a secret that must never
// reach the log.
func proxyPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = w.Write([]byte("<html>502 SECRET-BODY</html>"))
}

// recorder is a Loop whose waits are recorded, not slept, and whose log
// goes to a buffer.
type recorder struct {
	mu    sync.Mutex
	waits []time.Duration
	log   bytes.Buffer
}

func (r *recorder) loop(maxRetries int, rule Rule) Loop {
	return Loop{Client: "test", MaxRetries: maxRetries, Rule: rule,
		Logger: slog.New(slog.NewTextHandler(&r.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Sleep: func(ctx context.Context, d time.Duration) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.waits = append(r.waits, d)
			return ctx.Err()
		}}
}

func transient(idempotent bool) Rule {
	return func(attempt int, err error) Decision {
		return Transient(err, idempotent, time.Duration(attempt+1)*time.Millisecond)
	}
}

func TestLoopRepeatsAProxyErrorOnAnIdempotentCall(t *testing.T) {
	srv, n := server(t, 2, proxyPage)
	var rec recorder
	err := rec.loop(3, transient(true)).Run(t.Context(), "read", fetch(srv.Client(), srv.URL))
	require.NoError(t, err)
	assert.EqualValues(t, 3, n.Load())
	assert.Equal(t, []time.Duration{time.Millisecond, 2 * time.Millisecond}, rec.waits)
	log := rec.log.String()
	assert.Contains(t, log, `level=INFO msg="retrying call" client=test op=read attempt=1 reason="proxy error on an idempotent call" wait=1ms`)
	assert.Contains(t, log, "attempt=2 ")
	assert.NotContains(t, log, "SECRET-BODY", "no body in the log")
}

func TestLoopNeverRepeatsANonIdempotentCall(t *testing.T) {
	for name, fail := range map[string]http.HandlerFunc{
		"proxy page": proxyPage,
		"dropped connection": func(w http.ResponseWriter, _ *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv, n := server(t, 1, fail)
			var rec recorder
			err := rec.loop(3, transient(false)).Run(t.Context(), "create", fetch(srv.Client(), srv.URL))
			require.Error(t, err)
			assert.EqualValues(t, 1, n.Load(), "the request may have taken effect")
			assert.Empty(t, rec.waits)
			assert.Contains(t, rec.log.String(), "level=DEBUG")
			assert.Contains(t, rec.log.String(), "on a call that may have taken effect")
		})
	}
}

func TestLoopRepeatsATransportErrorOnAnIdempotentCall(t *testing.T) {
	srv, n := server(t, 1, func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		require.NoError(t, err)
		_ = conn.Close() // no answer
	})
	var rec recorder
	require.NoError(t, rec.loop(3, transient(true)).Run(t.Context(), "read", fetch(srv.Client(), srv.URL)))
	assert.EqualValues(t, 2, n.Load())
	assert.Contains(t, rec.log.String(), `reason="transport error on an idempotent call"`)
}

func TestLoopStopsAfterMaxRetries(t *testing.T) {
	srv, n := server(t, 100, proxyPage)
	var rec recorder
	err := rec.loop(2, transient(true)).Run(t.Context(), "read", fetch(srv.Client(), srv.URL))
	var de *DecodeError
	require.ErrorAs(t, err, &de, "the last attempt's error")
	assert.EqualValues(t, 3, n.Load())
	assert.Len(t, rec.waits, 2)
	assert.Contains(t, rec.log.String(), `level=INFO msg="call failed" client=test op=read attempt=3 reason="retries exhausted: proxy error on an idempotent call"`)

	// A nil rule never repeats, whatever MaxRetries says.
	n.Store(0)
	rec = recorder{}
	require.Error(t, rec.loop(5, nil).Run(t.Context(), "read", fetch(srv.Client(), srv.URL)))
	assert.EqualValues(t, 1, n.Load())
	assert.Contains(t, rec.log.String(), `reason="not retryable"`)
}

// A 429's Retry-After, read by RetryAfter, is the wait a rule asks for.
func TestLoopWaitsTheRetryAfter(t *testing.T) {
	srv, n := server(t, 2, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	rule := func(_ int, err error) Decision {
		var rl *rateLimited
		if errors.As(err, &rl) {
			return Repeat(rl.wait, "rate limited")
		}
		return Stop("not retryable")
	}
	var rec recorder
	require.NoError(t, rec.loop(2, rule).Run(t.Context(), "read", fetch(srv.Client(), srv.URL)))
	assert.EqualValues(t, 3, n.Load())
	assert.Equal(t, []time.Duration{3 * time.Second, 3 * time.Second}, rec.waits)
}

func TestRetryAfter(t *testing.T) {
	for v, want := range map[string]time.Duration{
		"3": 3 * time.Second, " 10 ": 10 * time.Second, "0": 0, "": 0, "-1": 0,
		"Wed, 21 Oct 2015 07:28:00 GMT": 0, "1.5": 0,
	} {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		assert.Equal(t, want, RetryAfter(h), "%q", v)
	}
}

// A cancel during the wait ends the call at once with the last attempt's
// error; no attempt follows.
func TestLoopCancelDuringTheWait(t *testing.T) {
	srv, n := server(t, 100, proxyPage)
	var rec recorder
	l := rec.loop(5, func(int, error) Decision { return Repeat(time.Hour, "server error") })
	l.Sleep = nil // SleepCtx: a real timer the context cancels
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err := l.Run(ctx, "read", fetch(srv.Client(), srv.URL))
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.EqualValues(t, 1, n.Load())
	assert.Regexp(t, `level=INFO msg="call failed" client=test op=read attempt=2 reason="context ended during the wait"`, rec.log.String(),
		"the repeat announced at Info does not happen: that is said at Info too")
}

// The call deadline bounds every attempt and wait; after it no attempt
// is judged, let alone repeated.
func TestLoopDeadline(t *testing.T) {
	srv, n := server(t, 100, func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	var rec recorder
	l := rec.loop(5, transient(true))
	l.Deadline = 100 * time.Millisecond
	start := time.Now()
	err := l.Run(t.Context(), "read", fetch(srv.Client(), srv.URL))
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.EqualValues(t, 1, n.Load())
	assert.Contains(t, rec.log.String(), `reason="context ended"`)
}

func TestZeroLoopMakesOneAttempt(t *testing.T) {
	calls := 0
	err := Loop{}.Run(t.Context(), "x", func(context.Context) error { calls++; return errors.New("boom") })
	assert.EqualError(t, err, "boom")
	assert.Equal(t, 1, calls)
}

func TestRetryPolicy(t *testing.T) {
	p := RetryPolicy{MaxRetries: 3, Base: 200 * time.Millisecond, Cap: time.Second}
	require.NoError(t, p.Check())
	for attempt, max := range []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second} {
		for range 20 {
			d := p.Backoff(attempt)
			assert.GreaterOrEqual(t, d, max/2, "jitter keeps at least half")
			assert.LessOrEqual(t, d, max)
		}
	}
	assert.LessOrEqual(t, p.Backoff(100), time.Second, "an overflowing shift is capped")
	for _, bad := range []RetryPolicy{{MaxRetries: -1, Base: 1, Cap: 1}, {Base: 0, Cap: 1}, {Base: 2, Cap: 1}} {
		assert.Error(t, bad.Check(), "%+v", bad)
	}
}
