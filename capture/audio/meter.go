package audio

import "time"

// Level is a meter reading.
type Level struct {
	RMS, Peak float64 // dBFS
	// At is the time of the reading from the start of the stream.
	At time.Duration
}

// MeterInterval is how often the meter reports.
const MeterInterval = 50 * time.Millisecond

// Meter turns a stream of samples into a Level every 50 ms.
type Meter struct {
	block []int16
	n     int
	total int
}

// NewMeter returns a meter.
func NewMeter() *Meter { return &Meter{block: make([]int16, Rate*int(MeterInterval)/int(time.Second))} }

// Add feeds samples and calls report for each completed 50 ms block.
func (m *Meter) Add(s []int16, report func(Level)) {
	for len(s) > 0 {
		k := copy(m.block[m.n:], s)
		m.n += k
		s = s[k:]
		if m.n == len(m.block) {
			m.total += m.n
			m.n = 0
			if report != nil {
				rms, peak := rmsPeak(m.block)
				report(Level{RMS: dBFS(rms), Peak: dBFS(peak), At: time.Duration(m.total) * time.Second / Rate})
			}
		}
	}
}
