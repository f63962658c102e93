package httpcore

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// RetryPolicy bounds the repeats of a call: at most MaxRetries, each after
// an exponential backoff from Base, capped at Cap, with 50–100 % jitter.
type RetryPolicy struct {
	MaxRetries int
	Base, Cap  time.Duration
}

// Check refuses a policy unless MaxRetries >= 0 and 0 < Base <= Cap.
func (p RetryPolicy) Check() error {
	if p.MaxRetries < 0 || p.Base <= 0 || p.Cap < p.Base {
		return fmt.Errorf("retry policy %+v: need MaxRetries >= 0 and 0 < Base <= Cap", p)
	}
	return nil
}

// Backoff is the wait after failed attempt number attempt (from 0):
// Base doubled per attempt, at most Cap, of which 50–100 % is kept.
func (p RetryPolicy) Backoff(attempt int) time.Duration {
	d := p.Base << attempt
	if d > p.Cap || d <= 0 {
		d = p.Cap
	}
	return d/2 + rand.N(d/2+1)
}
