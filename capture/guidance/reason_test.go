package guidance

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMostFrequentBlocker(t *testing.T) {
	priority := []code{"A", "B", "C", "OK"}
	assert.Equal(t, code(Timeout), MostFrequentBlocker(nil, priority, "OK"))
	assert.Equal(t, code(Timeout), MostFrequentBlocker(map[code]int{"OK": 9}, priority, "OK"))
	assert.Equal(t, code("C"), MostFrequentBlocker(map[code]int{"A": 1, "C": 3, "OK": 9}, priority, "OK"))
	// A tie goes to the earlier code in priority order.
	assert.Equal(t, code("B"), MostFrequentBlocker(map[code]int{"C": 2, "B": 2}, priority, "OK"))
}
