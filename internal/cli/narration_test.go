package cli

import (
	"bytes"
	"testing"

	"biokiosk/flow"

	"github.com/stretchr/testify/assert"
)

// The terminal narration counts the voice samples as the kiosk does:
// "sample 2 of 3" when the server's total is known, "sample 2" when not.
func TestNarrationCountsVoiceSamples(t *testing.T) {
	var errOut bytes.Buffer
	st := &stdio{out: &bytes.Buffer{}, err: &errOut}
	p := flow.Prompt{Code: "0653", Text: "zero six five three"}
	printEvent(st, flow.PromptToRead{Prompt: p, Attempt: 3, Sample: 2, Of: 3})
	printEvent(st, flow.PromptToRead{Prompt: p, Attempt: 1, Sample: 1})
	assert.Equal(t, "  sample 2 of 3, say: zero six five three\n  sample 1, say: zero six five three\n", errOut.String())
}
