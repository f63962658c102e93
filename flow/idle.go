package flow

import (
	"context"
	"errors"
	"sync"
	"time"
)

// errIdle is the cancellation cause when nobody did anything for too long.
var errIdle = errors.New("no activity within the idle timeout")

// idleWatch cancels its context when touch has not been called for the
// timeout. It stops with stop.
type idleWatch struct {
	mu      sync.Mutex
	timer   *time.Timer
	timeout time.Duration
}

func watchIdle(parent context.Context, timeout time.Duration) (ctx context.Context, touch func(), stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	w := &idleWatch{timeout: timeout}
	w.timer = time.AfterFunc(timeout, func() { cancel(errIdle) })
	touch = func() {
		w.mu.Lock()
		w.timer.Reset(w.timeout)
		w.mu.Unlock()
	}
	stop = func() {
		w.timer.Stop()
		cancel(context.Canceled)
	}
	return ctx, touch, stop
}
