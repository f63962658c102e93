package httpcore

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Decision is the verdict on a failed attempt: whether to repeat it,
// after what wait, and why (the reason is logged, so it never holds a
// body, an id or a secret).
type Decision struct {
	Retry  bool
	Wait   time.Duration
	Reason string
}

// Repeat is a Decision to try again after wait.
func Repeat(wait time.Duration, reason string) Decision {
	return Decision{Retry: true, Wait: wait, Reason: reason}
}

// Stop is a Decision to return the failure.
func Stop(reason string) Decision { return Decision{Reason: reason} }

// Rule judges failed attempt number attempt (from 0) of a call; it is
// asked only while the call's context lasts.
type Rule func(attempt int, err error) Decision

// Loop runs the attempts of one call; every client sends every call
// through one. The zero Loop makes a single attempt, with no deadline,
// and logs nothing.
type Loop struct {
	// Client names the client in the log, e.g. "verifik".
	Client string
	// Deadline bounds the whole call, attempts and waits; 0: none.
	Deadline time.Duration
	// MaxRetries bounds the repeats, whatever Rule says.
	MaxRetries int
	// Rule judges each failed attempt; nil never repeats.
	Rule Rule
	// Logger receives one line per failed attempt (see Run); nil: none.
	Logger *slog.Logger
	// Sleep waits between attempts; nil: SleepCtx.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Run calls attempt, with a context that ends at the call deadline, until
// it succeeds or the loop stops: once the context has ended, when Rule
// says stop, or after MaxRetries repeats. It returns the last attempt's
// error; a wait cut short by the context returns it too.
//
// Each failed attempt is logged with the decision's reason: at Info when
// it is repeated or follows a repeat, else at Debug (a single failure is
// the caller's to report).
func (l Loop) Run(ctx context.Context, op string, attempt func(context.Context) error) error {
	if l.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, l.Deadline)
		defer cancel()
	}
	for n := 0; ; n++ {
		err := attempt(ctx)
		if err == nil {
			return nil
		}
		d := l.decide(ctx, n, err)
		l.log(ctx, op, n, d)
		if !d.Retry {
			return err
		}
		if serr := l.sleep(ctx, d.Wait); serr != nil {
			// The repeat announced above does not happen: say so at its level.
			l.log(ctx, op, n+1, Stop("context ended during the wait"))
			return err
		}
	}
}

// decide applies the loop's own limits around Rule's verdict.
func (l Loop) decide(ctx context.Context, n int, err error) Decision {
	if ctx.Err() != nil {
		return Stop("context ended")
	}
	if l.Rule == nil {
		return Stop("not retryable")
	}
	d := l.Rule(n, err)
	if d.Retry && n >= l.MaxRetries {
		return Stop("retries exhausted: " + d.Reason)
	}
	return d
}

func (l Loop) sleep(ctx context.Context, d time.Duration) error {
	if l.Sleep != nil {
		return l.Sleep(ctx, d)
	}
	return SleepCtx(ctx, d)
}

// log writes one line of a decision: the client, the call, the attempt
// (from 1), the reason and, for a repeat, the wait. Nothing of the
// request or the answer is logged.
func (l Loop) log(ctx context.Context, op string, n int, d Decision) {
	if l.Logger == nil {
		return
	}
	level, msg := slog.LevelDebug, "call failed"
	if d.Retry || n > 0 {
		level = slog.LevelInfo
	}
	attrs := []slog.Attr{slog.String("client", l.Client), slog.String("op", op),
		slog.Int("attempt", n+1), slog.String("reason", d.Reason)}
	if d.Retry {
		msg = "retrying call"
		attrs = append(attrs, slog.Duration("wait", d.Wait))
	}
	l.Logger.LogAttrs(ctx, level, msg, attrs...)
}

// Transient judges the failures every API shares: a *TransportError (no
// answer) and a *DecodeError of a 5xx that is not the API's answer (a
// proxy's page). Either is repeated after wait only when idempotent: a
// request that is not may have taken effect before its answer was lost.
// Anything else is not retryable.
func Transient(err error, idempotent bool, wait time.Duration) Decision {
	var de *DecodeError
	var te *TransportError
	var what string
	switch {
	case errors.As(err, &de) && de.HTTPStatus >= 500 && errors.Is(err, ErrNotAPIAnswer):
		what = "proxy error"
	case errors.As(err, &te):
		what = "transport error"
	default:
		return Stop("not retryable")
	}
	if !idempotent {
		return Stop(what + " on a call that may have taken effect")
	}
	return Repeat(wait, what+" on an idempotent call")
}

// RetryAfter reads a Retry-After header given in seconds; an absent,
// negative or HTTP-date value is 0 (the caller's own wait applies).
func RetryAfter(h http.Header) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || n < 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}
