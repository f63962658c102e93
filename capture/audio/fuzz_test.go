package audio

import "testing"

// FuzzParseWAV: any bytes give a 16 kHz clip or a clear error, never a
// panic or an unbounded allocation (MaxWAVBytes bounds the input).
func FuzzParseWAV(f *testing.F) {
	f.Add(WAVBytes(Clip{Rate: 16000, Samples: []int16{0, 1000, -1000, 32767}}))
	f.Add([]byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00"))
	f.Add([]byte("RIFF"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseWAV(b)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		if c.Rate != 16000 {
			t.Fatalf("rate %d", c.Rate)
		}
	})
}
