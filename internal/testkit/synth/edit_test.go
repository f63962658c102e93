package synth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"gocv.io/x/gocv"
)

// SideLight dims the frame's one side and brightens the other, with a
// linear ramp between.
func TestSideLightRampsAcrossTheSpan(t *testing.T) {
	m := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(100, 100, 100, 0), 4, 100, gocv.MatTypeCV8UC3)
	t.Cleanup(func() { m.Close() })
	SideLight(&m, 50, 40, 0.3, 1.2)
	assert.Equal(t, uint8(30), m.GetVecbAt(2, 0)[0])   // left of the span: lo
	assert.Equal(t, uint8(30), m.GetVecbAt(2, 30)[1])  // the span's left end
	assert.Equal(t, uint8(75), m.GetVecbAt(2, 50)[2])  // its middle: (lo+hi)/2
	assert.Equal(t, uint8(120), m.GetVecbAt(2, 70)[0]) // its right end: hi
	assert.Equal(t, uint8(120), m.GetVecbAt(2, 99)[0])
}
