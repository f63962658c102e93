package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// MaxWAVBytes bounds what DecodeWAV reads: 64 MiB is over 30 minutes of
// 16 kHz mono, far more than any voice sample.
const MaxWAVBytes = 64 << 20

// ErrNotWAV says the data is not a RIFF/WAVE file.
var ErrNotWAV = errors.New("audio: not a RIFF/WAVE file")

// EncodeWAV writes c as a RIFF/WAVE PCM 16-bit mono file. (Hand-written:
// 44 bytes of header are simpler to check than a dependency.)
func EncodeWAV(w io.Writer, c Clip) error {
	if c.Rate <= 0 {
		return fmt.Errorf("audio: encode wav: rate %d", c.Rate)
	}
	data := uint32(len(c.Samples) * 2)
	h := make([]byte, 44)
	copy(h[0:], "RIFF")
	binary.LittleEndian.PutUint32(h[4:], 36+data)
	copy(h[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1) // PCM
	binary.LittleEndian.PutUint16(h[22:], 1) // mono
	binary.LittleEndian.PutUint32(h[24:], uint32(c.Rate))
	binary.LittleEndian.PutUint32(h[28:], uint32(c.Rate*2))
	binary.LittleEndian.PutUint16(h[32:], 2)
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], data)
	if _, err := w.Write(h); err != nil {
		return fmt.Errorf("audio: encode wav: %w", err)
	}
	buf := make([]byte, 2*len(c.Samples))
	for i, s := range c.Samples {
		binary.LittleEndian.PutUint16(buf[2*i:], uint16(s))
	}
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("audio: encode wav: %w", err)
	}
	return nil
}

// WAVBytes encodes c as a WAV file in memory.
func WAVBytes(c Clip) []byte {
	var b bytes.Buffer
	b.Grow(44 + 2*len(c.Samples))
	_ = EncodeWAV(&b, c) // writing to a bytes.Buffer cannot fail
	return b.Bytes()
}

// format is a WAV file's fmt chunk.
type format struct {
	tag, channels, bits uint16
	rate                uint32
}

// DecodeWAV reads a WAV file (PCM 8/16/24/32-bit or 32-bit float, any
// channel count) and returns it as 16 kHz mono. Malformed or oversized
// files give a clear error; memory stays bounded by MaxWAVBytes.
func DecodeWAV(r io.Reader) (Clip, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxWAVBytes+1))
	if err != nil {
		return Clip{}, fmt.Errorf("audio: read wav: %w", err)
	}
	if len(b) > MaxWAVBytes {
		return Clip{}, fmt.Errorf("audio: wav larger than %d bytes", MaxWAVBytes)
	}
	return ParseWAV(b)
}

// ParseWAV is DecodeWAV on bytes already in memory.
func ParseWAV(b []byte) (Clip, error) {
	f, data, err := chunks(b)
	if err != nil {
		return Clip{}, err
	}
	return f.decode(data)
}

// WAVDuration reads a WAV file's length from its fmt chunk and the data
// it holds, without decoding a sample, so a caller can refuse a long
// file before any work on it.
func WAVDuration(b []byte) (time.Duration, error) {
	f, data, err := chunks(b)
	if err != nil {
		return 0, err
	}
	width := int64(f.bits/8) * int64(f.channels)
	if width == 0 || f.rate == 0 {
		return 0, fmt.Errorf("audio: wav with %d channels of %d bits at %d Hz", f.channels, f.bits, f.rate)
	}
	frames := int64(len(data)) / width
	return time.Duration(frames * int64(time.Second) / int64(f.rate)), nil
}

// chunks finds a WAV file's fmt chunk and its data.
func chunks(b []byte) (*format, []byte, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, nil, ErrNotWAV
	}
	var f *format
	var data []byte
	for p := 12; p+8 <= len(b); {
		id := string(b[p : p+4])
		size := int(binary.LittleEndian.Uint32(b[p+4:]))
		body := b[p+8:]
		if size > len(body) {
			if id != "data" {
				return nil, nil, fmt.Errorf("audio: wav chunk %q claims %d bytes, %d left", id, size, len(body))
			}
			size = len(body) // a truncated recording: keep what is there
		}
		switch id {
		case "fmt ":
			if size < 16 {
				return nil, nil, fmt.Errorf("audio: wav fmt chunk of %d bytes", size)
			}
			f = &format{
				tag:      binary.LittleEndian.Uint16(body[0:]),
				channels: binary.LittleEndian.Uint16(body[2:]),
				rate:     binary.LittleEndian.Uint32(body[4:]),
				bits:     binary.LittleEndian.Uint16(body[14:]),
			}
			if f.tag == 0xFFFE && size >= 26 { // WAVE_FORMAT_EXTENSIBLE: the real tag is in the sub-format GUID
				f.tag = binary.LittleEndian.Uint16(body[24:])
			}
		case "data":
			data = body[:size]
		}
		p += 8 + size + size%2
	}
	if f == nil {
		return nil, nil, errors.New("audio: wav has no fmt chunk")
	}
	if data == nil {
		return nil, nil, errors.New("audio: wav has no data chunk")
	}
	return f, data, nil
}

func (f *format) decode(data []byte) (Clip, error) {
	switch {
	case f.channels == 0 || f.channels > 16:
		return Clip{}, fmt.Errorf("audio: wav with %d channels", f.channels)
	case f.rate < 4000 || f.rate > 384000:
		return Clip{}, fmt.Errorf("audio: wav sample rate %d Hz", f.rate)
	}
	var sample func([]byte) float64
	switch {
	case f.tag == 1 && f.bits == 8:
		sample = func(b []byte) float64 { return (float64(b[0]) - 128) / 128 }
	case f.tag == 1 && f.bits == 16:
		sample = func(b []byte) float64 { return float64(int16(binary.LittleEndian.Uint16(b))) / 32768 }
	case f.tag == 1 && f.bits == 24:
		sample = func(b []byte) float64 {
			return float64(int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24)>>8) / (1 << 23)
		}
	case f.tag == 1 && f.bits == 32:
		sample = func(b []byte) float64 { return float64(int32(binary.LittleEndian.Uint32(b))) / (1 << 31) }
	case f.tag == 3 && f.bits == 32:
		sample = func(b []byte) float64 { return float64(math.Float32frombits(binary.LittleEndian.Uint32(b))) }
	default:
		return Clip{}, fmt.Errorf("audio: wav format %d with %d bits is not supported (PCM 8/16/24/32 or float 32)", f.tag, f.bits)
	}
	width := int(f.bits/8) * int(f.channels)
	n := len(data) / width
	mono := make([]float64, n)
	for i := range n {
		var sum float64
		for ch := range int(f.channels) {
			o := i*width + ch*int(f.bits/8)
			sum += sample(data[o:])
		}
		mono[i] = sum / float64(f.channels)
	}
	return Clip{Rate: Rate, Samples: toInt16(Resample(mono, int(f.rate), Rate))}, nil
}

// toInt16 converts full-scale floats to int16 with saturation.
func toInt16(x []float64) []int16 {
	out := make([]int16, len(x))
	for i, v := range x {
		v = math.Round(v * 32768)
		out[i] = int16(max(-32768, min(32767, v)))
	}
	return out
}
