package biometrics

import (
	"errors"
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
type RetryPolicy = httpcore.RetryPolicy

// DefaultRetryPolicy retries 3 times, from 200 ms up to 3 s.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 3, Base: 200 * time.Millisecond, Cap: 3 * time.Second}

// NoRetry never repeats a request.
var NoRetry = RetryPolicy{MaxRetries: 0, Base: time.Millisecond, Cap: time.Millisecond}

// retryRule judges a failed attempt of r (see RetryPolicy); the loop
// stops by itself once the context has ended or the retries are spent.
func (c *Client) retryRule(r request) httpcore.Rule {
	return func(attempt int, err error) httpcore.Decision {
		wait := c.retry.Backoff(attempt)
		var ae *APIError
		if !errors.As(err, &ae) {
			return httpcore.Transient(err, r.idempotent, wait)
		}
		switch {
		case ae.Message == MsgProblemOcurredRepeatRequest:
			return httpcore.Repeat(wait, "server asked to repeat")
		case ae.HTTPStatus >= 500 && r.idempotent:
			return httpcore.Repeat(wait, "server error on an idempotent call")
		}
		return httpcore.Stop("API refusal")
	}
}
