package audio

import (
	"testing"
)

// BenchmarkLiveChain measures meter + VAD + endpointing on one second of
// 16 kHz audio fed in 10 ms pushes, as a live callback would. The
// "%core" metric is the share of one core this costs in real time.
func BenchmarkLiveChain(b *testing.B) {
	x := toInt16(tone(Rate, 300, 0.3, 1))
	// Speech-like: bursts and gaps so the endpointer never ends.
	for i := range x {
		if (i/4000)%2 == 1 {
			x[i] /= 50
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m := NewMeter()
		ep := NewEndpointer(EndpointConfig{MaxDuration: 60e9, MaxWait: 60e9, TrailingSilence: 5e9})
		for i := 0; i < len(x); i += 160 {
			s := x[i : i+160]
			m.Add(s, func(Level) {})
			ep.Add(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e9*100, "%core")
}

// BenchmarkAnalyze measures judging a 3 s sample.
func BenchmarkAnalyze(b *testing.B) {
	c := Clip{Rate: Rate, Samples: toInt16(tone(Rate, 200, 0.3, 3))}
	for b.Loop() {
		Analyze(c, QualityConfig{})
	}
}
