package sandbox

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Faults makes the sandbox misbehave on purpose, to rehearse a kiosk
// against a bad network or a failing server. Rates are probabilities per
// request (0–1), drawn in this order: a reset, a server error before the
// request is handled, then — after handling it — a malformed or a
// truncated answer. Server errors and the limit speak the error format of
// the request's API (BiometrID, BioPass ID or Verifik; faults_formats.go).
type Faults struct {
	// Latency is added to every request.
	Latency time.Duration
	// Reset closes the connection without an answer.
	Reset float64
	// Error answers 500 without handling (BiometrID:
	// PROBLEM_OCURRED_REPEAT_REQUEST).
	Error float64
	// Malformed handles the request, then answers with broken JSON.
	Malformed float64
	// Truncate handles the request, then sends half of the answer.
	Truncate float64
	// LimitAfter answers the quota's refusal after this many requests
	// (0: never): BiometrID 402 REQUEST_LIMIT_REACHED, BioPass ID and
	// Verifik 429.
	LimitAfter int64
	// Seed makes the draws repeatable (0: random).
	Seed uint64
}

// ParseFaults reads a spec such as
// "latency=200ms,reset=0.05,error=0.1,malformed=0.05,truncate=0.05,limit=100,seed=7".
func ParseFaults(spec string) (Faults, error) {
	var f Faults
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return f, fmt.Errorf("faults: %q: want key=value", part)
		}
		var err error
		rate := func(dst *float64) {
			*dst, err = strconv.ParseFloat(v, 64)
			if err == nil && (*dst < 0 || *dst > 1) {
				err = fmt.Errorf("rate %v outside 0–1", *dst)
			}
		}
		switch k {
		case "latency":
			f.Latency, err = time.ParseDuration(v)
		case "reset":
			rate(&f.Reset)
		case "error":
			rate(&f.Error)
		case "malformed":
			rate(&f.Malformed)
		case "truncate":
			rate(&f.Truncate)
		case "limit":
			f.LimitAfter, err = strconv.ParseInt(v, 10, 64)
		case "seed":
			f.Seed, err = strconv.ParseUint(v, 10, 64)
		default:
			return f, fmt.Errorf("faults: unknown key %q (latency, reset, error, malformed, truncate, limit, seed)", k)
		}
		if err != nil {
			return f, fmt.Errorf("faults: %s: %w", k, err)
		}
	}
	return f, nil
}

// Wrap returns h with the faults injected.
func (f Faults) Wrap(h http.Handler) http.Handler {
	seed := f.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	draw := func() float64 {
		mu.Lock()
		defer mu.Unlock()
		return rng.Float64()
	}
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !f.delay(r) {
			return
		}
		api := faultAPIOf(r)
		if f.LimitAfter > 0 && n.Add(1) > f.LimitAfter {
			faultLimit(w, api)
			return
		}
		if draw() < f.Reset {
			faultReset(w)
			return
		}
		if draw() < f.Error {
			faultError(w, api)
			return
		}
		malformed, truncate := draw() < f.Malformed, draw() < f.Truncate
		if !malformed && !truncate {
			h.ServeHTTP(w, r)
			return
		}
		serveSpoiled(w, r, h, api, malformed)
	})
}

// delay waits Latency; false: the client left meanwhile.
func (f Faults) delay(r *http.Request) bool {
	if f.Latency <= 0 {
		return true
	}
	select {
	case <-time.After(f.Latency):
		return true
	case <-r.Context().Done():
		return false
	}
}

// faultReset drops the connection without an answer (or, when it cannot
// be hijacked, aborts the response).
func faultReset(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // no hijacker: abort the response
}

// serveSpoiled serves h's answer with its body malformed, or else cut
// in half.
func serveSpoiled(w http.ResponseWriter, r *http.Request, h http.Handler, api faultAPI, malformed bool) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	body := rec.Body.Bytes()
	if malformed {
		_, _ = w.Write(faultMalform(body, api))
		return
	}
	_, _ = w.Write(body[:len(body)/2])
}
