package sandbox

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"biokiosk/biometrics"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFaults(t *testing.T) {
	f, err := ParseFaults("latency=20ms, reset=0.1,error=0.2,malformed=0.05,truncate=0.05,limit=9,seed=7")
	require.NoError(t, err)
	assert.Equal(t, Faults{Latency: 20 * time.Millisecond, Reset: 0.1, Error: 0.2, Malformed: 0.05, Truncate: 0.05, LimitAfter: 9, Seed: 7}, f)
	for _, bad := range []string{"error=2", "nope=1", "latency", "reset=x"} {
		_, err := ParseFaults(bad)
		assert.Error(t, err, bad)
	}
}

// Each fault reaches the client as the error it should: the constant for
// server errors and quota, MALFORMED_RESPONSE for broken answers,
// SERVER_UNREACHABLE for resets.
func TestFaultsReachTheClientAsCodes(t *testing.T) {
	s, _, _ := newSandbox(t, Config{Key: "k", Secret: "s"})
	for _, c := range []struct {
		f    Faults
		code string
	}{
		{Faults{Error: 1}, "PROBLEM_OCURRED_REPEAT_REQUEST"},
		{Faults{Malformed: 1}, "MALFORMED_RESPONSE"},
		{Faults{Truncate: 1}, "MALFORMED_RESPONSE"},
		{Faults{Reset: 1}, "SERVER_UNREACHABLE"},
		{Faults{LimitAfter: 1}, ""},
	} {
		hs := httptest.NewServer(c.f.Wrap(s.Handler()))
		cl, err := biometrics.New(hs.URL, biometrics.WithCredentials("k", "s"), biometrics.WithAllowInsecureHTTP(),
			biometrics.WithRetry(biometrics.RetryPolicy{MaxRetries: 1, Base: time.Millisecond, Cap: time.Millisecond}))
		require.NoError(t, err)
		_, err = cl.Languages(context.Background())
		if c.code == "" {
			require.NoError(t, err, "first request under the limit")
			_, err = cl.Languages(context.Background())
			c.code = "REQUEST_LIMIT_REACHED"
		}
		var coder interface{ Code() string }
		require.True(t, errors.As(err, &coder), "%+v: %v", c.f, err)
		assert.Equal(t, c.code, coder.Code(), "%+v", c.f)
		hs.Close()
	}
}
