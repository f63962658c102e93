package guidance

// Timeout is the reason an attempt reports when nothing was captured yet
// no frame was ever blocked (the dwell never completed). The capture
// packages declare it in their own code types.
const Timeout = "TIMEOUT"

// MostFrequentBlocker is why an attempt captured nothing: the code other
// than ok counted most often, the earlier one in priority order on a tie
// (priority lists the codes, most important first), or Timeout when no
// frame was blocked.
func MostFrequentBlocker[C ~string](counts map[C]int, priority []C, ok C) C {
	best, n := C(Timeout), 0
	for _, c := range priority {
		if c != ok && counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}
