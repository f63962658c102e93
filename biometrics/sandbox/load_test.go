package sandbox

import (
	"context"
	"os"
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
// -run FiftyClients ./biometrics/sandbox).
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
	var wg sync.WaitGroup
	for w := 0; w < 50; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				u, err := c.CreateUser(context.Background(), biometrics.CreateUserParams{ReferenceID: strconv.Itoa(w)})
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
					if err := step(); err != nil {
						failures.Add(1)
						t.Errorf("worker %d: %v", w, err)
						return
					}
				}
			}
		}(w)
	}
	wg.Wait()
	t.Logf("50 clients, %d s: %d requests, %d failures", secs, requests.Load(), failures.Load())
	require.Zero(t, failures.Load())
	assert.Greater(t, requests.Load(), int64(50))
}
