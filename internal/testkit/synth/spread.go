package synth

import "math"

// Spread is the standard deviation of v and its largest deviation from
// the mean (0, 0 for none): how much a measure varies over a still
// stretch.
func Spread(v []float64) (sd, maxDev float64) {
	if len(v) == 0 {
		return 0, 0
	}
	var m float64
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	for _, x := range v {
		sd += (x - m) * (x - m)
		maxDev = math.Max(maxDev, math.Abs(x-m))
	}
	return math.Sqrt(sd / float64(len(v))), maxDev
}
