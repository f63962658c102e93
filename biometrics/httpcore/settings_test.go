package httpcore

import (
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOptionsValidate(t *testing.T) {
	var s Settings
	for _, o := range []Option{WithHTTPClient(nil), WithTimeout(0), WithTimeout(-time.Second), WithCallDeadline(0),
		WithPinnedSPKI(), WithPinnedSPKI("not a pin"), WithLogger(nil)} {
		assert.Error(t, o(&s))
	}
	assert.Equal(t, Settings{}, s, "a refused value changes nothing")

	pins := []string{"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}
	require.NoError(t, WithPinnedSPKI(pins...)(&s))
	pins[0] = "changed"
	assert.NotEqual(t, "changed", s.Pins[0], "the pins are copied")

	require.NoError(t, WithAllowInsecureHTTP()(&s))
	assert.True(t, s.AllowHTTP)
}

func TestSettingsHTTPClient(t *testing.T) {
	base := &http.Client{Timeout: time.Minute}
	s := Settings{Base: base}
	hc, err := s.HTTPClient("X-Key")
	require.NoError(t, err)
	assert.Equal(t, time.Minute, hc.Timeout, "0 keeps the base client's timeout")
	assert.NotSame(t, base, hc)
	assert.Nil(t, base.CheckRedirect, "base client untouched")

	require.NoError(t, WithTimeout(time.Second)(&s))
	hc, err = s.HTTPClient()
	require.NoError(t, err)
	assert.Equal(t, time.Second, hc.Timeout)
}

func TestSettingsLoop(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	s := Settings{CallDeadline: 3 * time.Second}
	require.NoError(t, WithLogger(log)(&s))
	l := s.Loop("verifik")
	assert.Equal(t, "verifik", l.Client)
	assert.Equal(t, 3*time.Second, l.Deadline)
	assert.Same(t, log, l.Logger)
	assert.Zero(t, l.MaxRetries)
	assert.Nil(t, l.Rule, "no repeats unless the client adds its rule")
}
