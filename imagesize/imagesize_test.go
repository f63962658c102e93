package imagesize

import (
	"biokiosk/internal/testkit/bombs"
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
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
	bomb := bombs.BombPNG(10000, 10000)
	assert.Less(t, len(bomb), 100_000)
	for name, b := range map[string][]byte{"png": bomb, "jpeg": bombs.HeaderJPEG(20000, 20000), "tiff": bombs.HeaderTIFF(20000, 20000)} {
		err := CheckBytes(b)
		assert.ErrorIs(t, err, ErrTooLarge, name)
	}
	assert.ErrorIs(t, CheckBytes([]byte("GIF89a")), ErrFormat)
	assert.ErrorIs(t, CheckBytes([]byte{0xFF, 0xD8, 0xFF, 0xDA}), ErrFormat)
	assert.ErrorIs(t, CheckBytes(bombs.HeaderJPEG(0, 10)), ErrFormat)
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
			b = bombs.HeaderPNG(w, h)
		case 1:
			w, h = max(1, w&0xFFFF), max(1, h&0xFFFF)
			b = bombs.HeaderJPEG(int(w), int(h))
		case 2:
			w, h = max(1, w%(1<<31)), max(1, h%(1<<31))
			b = bombs.HeaderTIFF(w, h)
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

// smallJPEG is a real 40×24 JPEG from Go's encoder: SOI, DQT, SOF0, DHT,
// SOS, data, EOI.
func smallJPEG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 24))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, img, nil))
	return b.Bytes()
}

// withAfterSOI is b with extra inserted right after its SOI.
func withAfterSOI(b []byte, extra ...byte) []byte {
	return append(append(append([]byte{}, b[:2]...), extra...), b[2:]...)
}

// The frame header is the one libjpeg reads, whatever comes before it:
// FF 00 is a stuffed zero, not a segment (the hidden-frame bomb); FF fill
// bytes, RSTn and TEM stand alone; stray bytes are skipped; a COM whose
// length is under 2 skips nothing. OpenCV (libjpeg) decodes each variant
// to the size Read reports. Check passes them all but RSTn/TEM before the
// frame and segment lengths under 2, which Go's decoder refuses: a
// refusal, never a wrong size.
func TestReadFollowsLibjpegMarkers(t *testing.T) {
	j := smallJPEG(t)
	variants := map[string][]byte{
		"hidden frame":       bombs.HiddenFrameJPEG(64, 48),
		"fill bytes":         withAfterSOI(j, 0xFF, 0xFF, 0xFF),
		"restart and TEM":    withAfterSOI(j, 0xFF, 0xD3, 0xFF, 0x01),
		"stray bytes":        withAfterSOI(j, 0xFF, 0xFE, 0x00, 0x02, 0x12, 0x34, 0x56),
		"short COM":          withAfterSOI(j, 0xFF, 0xFE, 0x00, 0x01),
		"fill before APP1":   withAfterSOI(j, 0xFF, 0xFF, 0xE1, 0x00, 0x04, 0xFF, 0xC0),
		"zero-length APP15":  withAfterSOI(j, 0xFF, 0xEF, 0x00, 0x00),
		"FF 00 then comment": withAfterSOI(j, 0xFF, 0x00, 0xFF, 0xFE, 0x00, 0x03, 0xC0),
	}
	for name, b := range variants {
		s, err := Read(bytes.NewReader(b))
		require.NoError(t, err, name)
		mat, err := gocv.IMDecode(b, gocv.IMReadUnchanged)
		require.NoError(t, err, name)
		require.False(t, mat.Empty(), "%s: OpenCV did not decode it", name)
		assert.Equal(t, [2]int{mat.Cols(), mat.Rows()}, [2]int{s.Width, s.Height}, name)
		mat.Close()
		if name == "restart and TEM" || name == "short COM" || name == "zero-length APP15" {
			assert.ErrorIs(t, CheckBytes(b), ErrFormat, name)
		} else {
			assert.NoError(t, CheckBytes(b), name)
		}
	}
}

// The hidden-frame bomb of issue 27 — a few hundred bytes that OpenCV
// decodes to 20 000² — is refused as too large, at once.
func TestHiddenFrameBombRefused(t *testing.T) {
	b := bombs.HiddenFrameJPEG(20000, 20000)
	assert.Less(t, len(b), 1000)
	s, err := Read(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Equal(t, Size{"jpeg", 20000, 20000}, s)
	var big *TooLargeError
	require.ErrorAs(t, CheckBytes(b), &big)
	assert.Equal(t, 20000, big.Size.Width)
}

// What libjpeg refuses before a frame is refused: a second SOI, JPG,
// an unknown marker, a scan or the end before the frame.
func TestReadRefusesWhatLibjpegRefuses(t *testing.T) {
	j := smallJPEG(t)
	for name, b := range map[string][]byte{
		"second SOI":  withAfterSOI(j, 0xFF, 0xD8),
		"JPG":         withAfterSOI(j, 0xFF, 0xC8, 0x00, 0x02),
		"JPGn":        withAfterSOI(j, 0xFF, 0xF3, 0x00, 0x02),
		"reserved":    withAfterSOI(j, 0xFF, 0x02, 0x00, 0x02),
		"scan first":  withAfterSOI(j, 0xFF, 0xDA, 0x00, 0x02),
		"end first":   withAfterSOI(j, 0xFF, 0xD9),
		"only stuffs": {0xFF, 0xD8, 0xFF, 0x00, 0xFF, 0x00},
	} {
		_, err := Read(bytes.NewReader(b))
		assert.ErrorIs(t, err, ErrFormat, name)
	}
}

// Check also asks Go's decoder, an independent parser: when it reads a
// size Read does not (a header whose frame length lies, here a SOF0 whose
// 3 components do not fit its length), the image is refused.
func TestCheckRefusesWhenDecodersDisagree(t *testing.T) {
	b := bombs.HeaderJPEG(100, 100)
	b[len(b)-17] = 9 // SOF length 9 (one component) though it lists 3
	assert.ErrorIs(t, CheckBytes(b), ErrFormat)
	assert.ErrorIs(t, CheckBytes(append(bombs.HeaderPNG(10, 10)[:16], 0, 0, 0, 10)), ErrFormat)
}

// FuzzJPEGMarkers puts fuzzed bytes between a real JPEG's SOI and its
// first segment: whenever Check passes and OpenCV decodes the result, it
// decodes to the size Read reports (so Check's bound is the decoder's),
// and Read never reports a size OpenCV's decoder would not allocate.
func FuzzJPEGMarkers(f *testing.F) {
	f.Add([]byte{0xFF, 0x00, 0x00, 0x06, 0xFF, 0xE1, 0x00, 0x0F, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x02, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00})
	f.Add([]byte{0xFF, 0xFF, 0xFF, 0xD0})
	f.Add([]byte{0x00, 0xFF, 0xFE, 0x00, 0x00})
	f.Add([]byte{0xFF, 0xC1, 0x00, 0x0B, 0x08, 0x7F, 0xFF, 0x7F, 0xFF, 0x01, 0x01, 0x11, 0x00})
	j := smallJPEG(f)
	f.Fuzz(func(t *testing.T, extra []byte) {
		b := withAfterSOI(j, extra...)
		s, err := Read(bytes.NewReader(b))
		if err != nil || Check(bytes.NewReader(b)) != nil {
			return
		}
		mat, err := gocv.IMDecode(b, gocv.IMReadUnchanged)
		if err != nil {
			return
		}
		defer mat.Close()
		if !mat.Empty() && (mat.Cols() != s.Width || mat.Rows() != s.Height) {
			t.Fatalf("Check passed %d×%d, OpenCV decoded %d×%d", s.Width, s.Height, mat.Cols(), mat.Rows())
		}
	})
}

// BenchmarkCheckHiddenFrameBomb is the cost of refusing issue 27's bomb
// (both header reads).
func BenchmarkCheckHiddenFrameBomb(b *testing.B) {
	bomb := bombs.HiddenFrameJPEG(20000, 20000)
	b.ReportAllocs()
	for b.Loop() {
		if !errors.Is(CheckBytes(bomb), ErrTooLarge) {
			b.Fatal("bomb passed")
		}
	}
}

// BenchmarkCheckPhoto is the cost of both header reads on a real photo.
func BenchmarkCheckPhoto(b *testing.B) {
	j := smallJPEG(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := CheckBytes(j); err != nil {
			b.Fatal(err)
		}
	}
}
