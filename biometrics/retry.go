package biometrics

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"biokiosk/biometrics/httpcore"
)

// RetryPolicy bounds retries: at most MaxRetries repeats, sleeping an
// exponential backoff from Base, capped at Cap, with 50–100 % jitter.
//
// What is retried, and why:
//   - 500 PROBLEM_OCURRED_REPEAT_REQUEST, on every call: the server says
//     the request did not take effect and asks for it again.
//   - other 5xx (an API answer or a proxy's page) and transport errors, only on idempotent calls (reads,
//     searches, comparisons, deletes and restart-state), where repeating
//     cannot create a second user, template or dialogue step. A repeated
//     delete after a lost success answers USERID_NOT_EXISTS or
//     ENROLL_USER_*_FIRST, which means it is done.
//   - never a 4xx, never after the context ends.
type RetryPolicy struct {
	MaxRetries int
	Base, Cap  time.Duration
}

// DefaultRetryPolicy retries 3 times, from 200 ms up to 3 s.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 3, Base: 200 * time.Millisecond, Cap: 3 * time.Second}

// NoRetry never repeats a request.
var NoRetry = RetryPolicy{MaxRetries: 0, Base: time.Millisecond, Cap: time.Millisecond}

func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.Base << attempt
	if d > p.Cap || d <= 0 {
		d = p.Cap
	}
	return d/2 + rand.N(d/2+1)
}

// shouldRetry decides whether to repeat r after attempt failed with err,
// and says why.
func (c *Client) shouldRetry(ctx context.Context, r request, attempt int, err error) (bool, string) {
	if err == nil {
		return false, "succeeded"
	}
	if ctx.Err() != nil {
		return false, "context ended"
	}
	if attempt >= c.retry.MaxRetries {
		return false, "retries exhausted"
	}
	var ae *APIError
	if errors.As(err, &ae) {
		switch {
		case ae.Message == MsgProblemOcurredRepeatRequest:
			return true, "server asked to repeat"
		case ae.HTTPStatus >= 500 && r.idempotent:
			return true, "server error on an idempotent call"
		}
		return false, "not retryable"
	}
	var de *DecodeError
	if errors.As(err, &de) && de.HTTPStatus >= 500 && errors.Is(err, httpcore.ErrNotAPIAnswer) && r.idempotent {
		return true, "proxy error on an idempotent call"
	}
	var te *TransportError
	if errors.As(err, &te) && r.idempotent {
		return true, "transport error on an idempotent call"
	}
	return false, "not retryable"
}
