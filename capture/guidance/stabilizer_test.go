package guidance

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

type code string

func TestStabilizer(t *testing.T) {
	s := Stabilizer[code]{Frames: 3}
	var shown []code
	for _, c := range []code{"A", "B", "B", "A", "B", "B", "B", "C", "A"} {
		shown = append(shown, s.Update(c))
	}
	// B needs three frames in a row; a one-frame blip back to A resets it.
	assert.Equal(t, []code{"A", "A", "A", "A", "A", "A", "B", "B", "B"}, shown)

	// The zero value shows every change at once.
	var z Stabilizer[code]
	assert.Equal(t, code("A"), z.Update("A"))
	assert.Equal(t, code("B"), z.Update("B"))
}
