package adapters

import (
	"context"
	"sync"
	"time"
)

// DefaultCheckTTL is how long a successful server check is trusted.
const DefaultCheckTTL = 5 * time.Minute

// CheckCache remembers a back end's last successful server check
// (flow.Checker) for TTL, so that the preflight of every registration,
// the kiosk's self-checks and /healthz do not each ask the vendor again.
// A failure is never remembered: the next check asks the server. It is
// safe for concurrent use; a nil *CheckCache remembers nothing.
type CheckCache struct {
	// TTL is how long a success is trusted (0: DefaultCheckTTL).
	TTL time.Duration
	// Now is the clock (nil: time.Now); tests set it.
	Now func() time.Time

	mu   sync.Mutex
	okAt time.Time
}

// Do returns nil when a check succeeded less than TTL ago, else runs
// check and remembers its success.
func (c *CheckCache) Do(ctx context.Context, check func(context.Context) error) error {
	if c == nil {
		return check(ctx)
	}
	now := c.now()
	c.mu.Lock()
	fresh := !c.okAt.IsZero() && now.Sub(c.okAt) < c.ttl() && !now.Before(c.okAt)
	c.mu.Unlock()
	if fresh {
		return nil
	}
	if err := check(ctx); err != nil {
		c.Forget()
		return err
	}
	c.mu.Lock()
	c.okAt = now
	c.mu.Unlock()
	return nil
}

// Forget drops a remembered success: the next check asks the server
// (after a session failed on it, or when staff ask for a check).
func (c *CheckCache) Forget() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.okAt = time.Time{}
	c.mu.Unlock()
}

func (c *CheckCache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *CheckCache) ttl() time.Duration {
	if c.TTL > 0 {
		return c.TTL
	}
	return DefaultCheckTTL
}
