package app

import (
	"testing"

	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/sandbox"

	"github.com/stretchr/testify/assert"
)

// The embedded sandbox's sample counts are known; a configured server's
// come from its settings, unknown (0) when they say nothing.
func TestVoiceSamplesOfTheServer(t *testing.T) {
	assert.Equal(t, flow.VoiceSamples{Enroll: sandbox.EnrollSamples, Verify: 1}, voiceSamples(config.Server{VoiceSamples: 9}, true))
	assert.Equal(t, flow.VoiceSamples{Enroll: 4, Verify: 2}, voiceSamples(config.Server{VoiceSamples: 4, VoiceVerifySamples: 2}, false))
	assert.Equal(t, flow.VoiceSamples{}, voiceSamples(config.Server{}, false), "not configured: unknown")
	v := voiceSamples(config.Server{VoiceSamples: 4, VoiceVerifySamples: 2}, false)
	assert.Equal(t, []int{4, 2, 2}, []int{v.For(flow.VoiceEnroll), v.For(flow.VoiceVerify), v.For(flow.VoiceAdapt)}, "an adaptation takes a verification's count")
}
