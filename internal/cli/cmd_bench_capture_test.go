//go:build devtools

package cli

import (
	"testing"

	"biokiosk/capture/face"

	"github.com/stretchr/testify/assert"
)

// The benchmark's pose spread is the worst axis's: here yaw, which swings
// ±1° about its mean while pitch and roll hold still.
func TestPoseSpreadIsTheWorstAxis(t *testing.T) {
	poses := []face.Pose{{Yaw: 2, Pitch: 5, Roll: 1}, {Yaw: 4, Pitch: 5, Roll: 1}, {Yaw: 2, Pitch: 5, Roll: 1}, {Yaw: 4, Pitch: 5, Roll: 1}}
	assert.Equal(t, poseSpread{SD: 1, MaxDev: 1, Frames: 4}, spreadOf(poses))
	assert.Equal(t, poseSpread{}, spreadOf(nil), "no pose known: nothing to spread")
}
