package audio

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWAVRoundTrip(t *testing.T) {
	c := Clip{Rate: Rate, Samples: []int16{0, 1, -1, 32767, -32768, 1234}}
	b := WAVBytes(c)
	assert.Equal(t, "RIFF", string(b[:4]))
	assert.Equal(t, "WAVE", string(b[8:12]))
	assert.Len(t, b, 44+12)
	got, err := ParseWAV(b)
	require.NoError(t, err)
	assert.Equal(t, c, got)
}

// wavOf builds a WAV header + data by hand.
func wavOf(tag, channels, bits uint16, rate uint32, data []byte) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(36+len(data)))
	b.WriteString("WAVEfmt ")
	binary.Write(&b, binary.LittleEndian, uint32(16))
	binary.Write(&b, binary.LittleEndian, tag)
	binary.Write(&b, binary.LittleEndian, channels)
	binary.Write(&b, binary.LittleEndian, rate)
	binary.Write(&b, binary.LittleEndian, rate*uint32(channels)*uint32(bits/8))
	binary.Write(&b, binary.LittleEndian, channels*bits/8)
	binary.Write(&b, binary.LittleEndian, bits)
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, uint32(len(data)))
	b.Write(data)
	return b.Bytes()
}

func TestDecodeStereo24BitAt48k(t *testing.T) {
	x := tone(48000, 440, 0.5, 1)
	var data []byte
	for _, v := range x {
		s := int32(v * (1 << 23))
		for range 2 { // both channels
			data = append(data, byte(s), byte(s>>8), byte(s>>16))
		}
	}
	c, err := ParseWAV(wavOf(1, 2, 24, 48000, data))
	require.NoError(t, err)
	assert.Equal(t, Rate, c.Rate)
	assert.InDelta(t, 1.0, c.Seconds(), 0.01)
	// 440 Hz: 880 zero crossings a second.
	assert.InDelta(t, 880.0/16000, zeroCrossings(c.Samples), 0.002)
	rms, _ := rmsPeak(c.Samples[1000:15000])
	assert.InDelta(t, 0.5/math.Sqrt2, rms, 0.01)
}

func TestParseWAVMalformed(t *testing.T) {
	good := WAVBytes(Clip{Rate: Rate, Samples: make([]int16, 100)})
	cases := map[string][]byte{
		"empty":          nil,
		"not riff":       []byte("ID3\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
		"riff not wave":  []byte("RIFF\x00\x00\x00\x00AVI LIST"),
		"no fmt":         append([]byte("RIFF\x10\x00\x00\x00WAVE"), []byte("data\x02\x00\x00\x00\x00\x00")...),
		"no data":        good[:36],
		"fmt too short":  append(append([]byte{}, good[:16]...), []byte("\x08\x00\x00\x00\x01\x00\x01\x00\x80\x3e\x00\x00")...),
		"zero channels":  wavOf(1, 0, 16, 16000, make([]byte, 10)),
		"absurd rate":    wavOf(1, 1, 16, 1, make([]byte, 10)),
		"mu-law":         wavOf(7, 1, 8, 8000, make([]byte, 10)),
		"12-bit":         wavOf(1, 1, 12, 16000, make([]byte, 10)),
		"fmt claims 4GB": append(append([]byte{}, good[:16]...), 0xff, 0xff, 0xff, 0xff),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseWAV(b)
			assert.Error(t, err)
		})
	}
}

func TestTruncatedDataKeepsWhatIsThere(t *testing.T) {
	b := WAVBytes(Clip{Rate: Rate, Samples: make([]int16, 1000)})
	c, err := ParseWAV(b[:44+500])
	require.NoError(t, err)
	assert.Len(t, c.Samples, 250)
}

func TestDecodeWAVRefusesHugeInput(t *testing.T) {
	_, err := DecodeWAV(bytes.NewReader(make([]byte, MaxWAVBytes+10)))
	assert.Error(t, err)
}

func TestResampleKeepsPassbandRejectsAliases(t *testing.T) {
	pass := Resample(tone(48000, 3000, 0.5, 0.5), 48000, Rate)
	assert.InDelta(t, 0.5/math.Sqrt2, rmsOf(pass[200:len(pass)-200]), 0.02, "3 kHz passes")
	alias := Resample(tone(48000, 11000, 0.5, 0.5), 48000, Rate)
	assert.Less(t, 20*math.Log10(rmsOf(alias[200:len(alias)-200])/(0.5/math.Sqrt2)), -40.0, "11 kHz must not fold to 5 kHz")
	up := Resample(tone(8000, 1000, 0.5, 0.5), 8000, Rate)
	assert.Len(t, up, 8000)
	assert.InDelta(t, 0.5/math.Sqrt2, rmsOf(up[200:len(up)-200]), 0.02)
}

func TestStreamResamplerMatchesBatch(t *testing.T) {
	x := tone(44100, 700, 0.4, 0.5)
	in := toInt16(x)
	r := NewStreamResampler(44100, Rate)
	var got []int16
	for i := 0; i < len(in); i += 441 {
		got = append(got, r.Push(in[i:min(i+441, len(in))])...)
	}
	f := make([]float64, len(in))
	for i, v := range in {
		f[i] = float64(v) / 32768
	}
	want := toInt16(Resample(f, 44100, Rate))
	require.Greater(t, len(got), len(want)-100)
	for i := 100; i < len(got)-100; i++ {
		require.InDelta(t, want[i], got[i], 2, "sample %d", i)
	}
}

func TestWAVDuration(t *testing.T) {
	d, err := WAVDuration(WAVBytes(Clip{Rate: Rate, Samples: make([]int16, 3*Rate/2)}))
	if err != nil || d != 1500*time.Millisecond {
		t.Fatalf("1.5 s clip: %v, %v", d, err)
	}
	if _, err := WAVDuration([]byte("RIFF\x04\x00\x00\x00WAVE")); err == nil {
		t.Fatal("no fmt chunk: no error")
	}
}
