package sandbox

import (
	"context"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"biokiosk/biometrics"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// EnvLoadSeconds sets how long TestFiftyClients runs (default 3 s in
// make test; the 60 s: BIOKIOSK_LOAD_SECONDS=60 go test -race
// -run FiftyClients ./sandbox).
const EnvLoadSeconds = "BIOKIOSK_LOAD_SECONDS"

// 50 concurrent clients create users, enrol, verify and search faces and
// read statuses; every request must succeed (run under -race).
func TestFiftyClients(t *testing.T) {
	secs := 3
	if v, err := strconv.Atoi(os.Getenv(EnvLoadSeconds)); err == nil && v > 0 {
		secs = v
	}
	_, _, c := newSandbox(t, Config{})
	search, enroll := photo(t, "obama_small.jpg"), photo(t, "obama-480p.jpg")
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secs)*time.Second)
	defer cancel()
	var requests, failures atomic.Int64
	var lmu sync.Mutex
	var lat, createLat []time.Duration
	timed := func(f func() error) error {
		t0 := time.Now()
		err := f()
		d := time.Since(t0)
		lmu.Lock()
		lat = append(lat, d)
		lmu.Unlock()
		return err
	}
	var wg sync.WaitGroup
	for w := 0; w < 50; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				var u biometrics.CreateUserResult
				t0 := time.Now()
				err := timed(func() (err error) {
					u, err = c.CreateUser(context.Background(), biometrics.CreateUserParams{ReferenceID: strconv.Itoa(w)})
					return err
				})
				lmu.Lock()
				createLat = append(createLat, time.Since(t0))
				lmu.Unlock()
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					t.Errorf("create user: %v", err)
					return
				}
				steps := []func() error{
					func() error { _, err := c.EnrollStatus(context.Background(), u.ID); return err },
					func() error {
						_, err := c.FindByFace(context.Background(), biometrics.FaceRequest{Photo: search})
						return err
					},
					func() error {
						_, err := c.EnrollFace(context.Background(), u.ID, biometrics.FaceRequest{Photo: enroll})
						return err
					},
					func() error { _, err := c.DeleteUser(context.Background(), u.ID); return err },
				}
				for _, step := range steps {
					requests.Add(1)
					if err := timed(step); err != nil {
						failures.Add(1)
						t.Errorf("worker %d: %v", w, err)
						return
					}
				}
			}
		}(w)
	}
	wg.Wait()
	pct := func(l []time.Duration, p float64) time.Duration {
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		return l[int(p*float64(len(l)-1))].Round(time.Millisecond)
	}
	t.Logf("50 clients, %d s: %d requests (%.1f/s), %d failures, latency p50 %v p99 %v; create user p50 %v p99 %v",
		secs, requests.Load(), float64(requests.Load())/float64(secs), failures.Load(), pct(lat, 0.5), pct(lat, 0.99),
		pct(createLat, 0.5), pct(createLat, 0.99))
	require.Zero(t, failures.Load())
	assert.Greater(t, requests.Load(), int64(50))
}
