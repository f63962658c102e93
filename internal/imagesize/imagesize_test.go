package imagesize

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Read agrees with the standard decoders on real images.
func TestReadRealImages(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 37, 21))
	var j, p bytes.Buffer
	require.NoError(t, jpeg.Encode(&j, img, nil))
	require.NoError(t, png.Encode(&p, img))
	for name, b := range map[string][]byte{"jpeg": j.Bytes(), "png": p.Bytes()} {
		s, err := Read(bytes.NewReader(b))
		require.NoError(t, err, name)
		assert.Equal(t, Size{name, 37, 21}, s)
		assert.NoError(t, CheckBytes(b))
	}
}

// A 10000×10000 PNG bomb and JPEG and TIFF headers of 20000×20000,
// are refused as too large; garbage as a format error.
func TestCheckRefusesBombs(t *testing.T) {
	bomb := BombPNG(10000, 10000)
	assert.Less(t, len(bomb), 100_000)
	for name, b := range map[string][]byte{"png": bomb, "jpeg": HeaderJPEG(20000, 20000), "tiff": HeaderTIFF(20000, 20000)} {
		err := CheckBytes(b)
		assert.ErrorIs(t, err, ErrTooLarge, name)
	}
	assert.ErrorIs(t, CheckBytes([]byte("GIF89a")), ErrFormat)
	assert.ErrorIs(t, CheckBytes([]byte{0xFF, 0xD8, 0xFF, 0xDA}), ErrFormat)
	assert.ErrorIs(t, CheckBytes(HeaderJPEG(0, 10)), ErrFormat)
}

// FuzzHugeHeaders builds valid JPEG, PNG and TIFF headers with fuzzed
// (often huge) dimensions: Read returns them exactly, and Check refuses
// exactly those over MaxPixels, without decoding anything.
func FuzzHugeHeaders(f *testing.F) {
	f.Add(uint8(0), uint32(20000), uint32(20000))
	f.Add(uint8(1), uint32(65535), uint32(65535))
	f.Add(uint8(2), uint32(1<<31-1), uint32(2))
	f.Add(uint8(1), uint32(5000), uint32(5000))
	f.Fuzz(func(t *testing.T, kind uint8, w, h uint32) {
		var b []byte
		switch kind % 3 {
		case 0:
			w, h = max(1, w%(1<<31)), max(1, h%(1<<31))
			b = pngHeader(w, h)
		case 1:
			w, h = max(1, w&0xFFFF), max(1, h&0xFFFF)
			b = HeaderJPEG(int(w), int(h))
		case 2:
			w, h = max(1, w%(1<<31)), max(1, h%(1<<31))
			b = HeaderTIFF(w, h)
		}
		s, err := Read(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%d×%d: %v", w, h, err)
		}
		if s.Width != int(w) || s.Height != int(h) {
			t.Fatalf("read %d×%d, want %d×%d", s.Width, s.Height, w, h)
		}
		err = Check(bytes.NewReader(b))
		if over := int64(w)*int64(h) > MaxPixels; over != errors.Is(err, ErrTooLarge) {
			t.Fatalf("%d×%d: Check = %v", w, h, err)
		}
		if kind%3 != 2 {
			if cfg, _, err := image.DecodeConfig(bytes.NewReader(b)); err == nil && (cfg.Width != int(w) || cfg.Height != int(h)) {
				t.Fatalf("image.DecodeConfig says %d×%d, Read %d×%d", cfg.Width, cfg.Height, w, h)
			}
		}
	})
}

// pngHeader is a PNG signature and IHDR declaring w×h, without data.
func pngHeader(w, h uint32) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := []byte{byte(w >> 24), byte(w >> 16), byte(w >> 8), byte(w), byte(h >> 24), byte(h >> 16), byte(h >> 8), byte(h), 8, 2, 0, 0, 0}
	chunk(&out, "IHDR", ihdr)
	return out.Bytes()
}
