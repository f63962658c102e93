package httpcore

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSettingsValidate(t *testing.T) {
	var s Settings
	assert.Error(t, s.SetHTTPClient(nil))
	assert.Error(t, s.SetTimeout(0))
	assert.Error(t, s.SetTimeout(-time.Second))
	assert.Error(t, s.SetCallDeadline(0))
	assert.Error(t, s.SetPins(nil))
	assert.Error(t, s.SetPins([]string{"not a pin"}))
	assert.Equal(t, Settings{}, s, "a refused value changes nothing")

	pins := []string{"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}
	require.NoError(t, s.SetPins(pins))
	pins[0] = "changed"
	assert.NotEqual(t, "changed", s.Pins[0], "the pins are copied")
}

func TestSettingsHTTPClient(t *testing.T) {
	base := &http.Client{Timeout: time.Minute}
	s := Settings{Base: base}
	hc, err := s.HTTPClient("X-Key")
	require.NoError(t, err)
	assert.Equal(t, time.Minute, hc.Timeout, "0 keeps the base client's timeout")
	assert.NotSame(t, base, hc)
	assert.Nil(t, base.CheckRedirect, "base client untouched")

	require.NoError(t, s.SetTimeout(time.Second))
	hc, err = s.HTTPClient()
	require.NoError(t, err)
	assert.Equal(t, time.Second, hc.Timeout)
}
