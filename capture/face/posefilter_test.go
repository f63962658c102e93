package face

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Passes of the same still head seen in another light or out of focus
// are not averaged with the window's: the first pass of the new view is
// reported alone (the network read a head 3.5° lower in the dark and
// within poseJump, so before views the dark passes dragged the estimate
// for 0.8 s).
func TestPoseFilterStartsOverWithANewView(t *testing.T) {
	dark, lit := view{brightness: 26, sharp: true}, view{brightness: 110, sharp: true}
	blurred := view{brightness: 110}
	var f poseFilter
	for _, p := range []float64{2.0, 2.3, 1.9, 2.4} {
		f.add(Pose{Pitch: p}, dark)
	}
	assert.InDelta(t, 5.5, f.with(Pose{Pitch: 5.5}, lit).Pitch, 1e-9, "a confirmation in the new light")
	assert.InDelta(t, 5.5, f.add(Pose{Pitch: 5.5}, lit).Pitch, 1e-9, "the first pass in the new light")
	assert.InDelta(t, 5.0, f.add(Pose{Pitch: 4.5}, view{brightness: 107, sharp: true}).Pitch, 1e-9, "3 % darker is the same view")
	assert.InDelta(t, 8.0, f.add(Pose{Pitch: 8.0}, blurred).Pitch, 1e-9, "out of focus")
	assert.InDelta(t, 5.0, f.add(Pose{Pitch: 5.0}, lit).Pitch, 1e-9, "back in focus")
}

// The view's light band is a share of the window's brightness.
func TestViewDiffersBeyondTheLightBand(t *testing.T) {
	v := view{brightness: 100, sharp: true}
	assert.False(t, v.differs(view{brightness: 109, sharp: true}))
	assert.False(t, v.differs(view{brightness: 91, sharp: true}))
	assert.True(t, v.differs(view{brightness: 111, sharp: true}))
	assert.True(t, v.differs(view{brightness: 89, sharp: true}))
	assert.True(t, v.differs(view{brightness: 100}))
}
