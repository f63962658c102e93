package synth

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSpread(t *testing.T) {
	sd, dev := Spread([]float64{1, 3, 1, 3})
	assert.InDelta(t, 1, sd, 1e-12)
	assert.InDelta(t, 1, dev, 1e-12)
	sd, dev = Spread([]float64{0, 0, 0, 4})
	assert.InDelta(t, 1.7320508, sd, 1e-6)
	assert.InDelta(t, 3, dev, 1e-12)
	sd, dev = Spread(nil)
	assert.Zero(t, sd+dev)
}
