// Package imagesize reads an image's width and height from its header
// (JPEG SOF, PNG IHDR, TIFF IFD0) without decoding it, so that a
// decompression bomb — a small file declaring a huge raster — is refused
// before OpenCV allocates the raster.
package imagesize

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
)

// MaxPixels is the documented decode limit (docs/reliability.md): 25
// megapixels, three times a 4K camera still, well above any portrait
// or document scan the APIs take.
const MaxPixels = 25_000_000

var (
	// ErrTooLarge says an image declares more than MaxPixels.
	ErrTooLarge = errors.New("image too large")
	// ErrFormat says the header is not a readable JPEG, PNG or TIFF one.
	ErrFormat = errors.New("not a JPEG, PNG or TIFF image")
)

// Size is an image's declared dimensions.
type Size struct {
	Format        string // "jpeg", "png" or "tiff"
	Width, Height int
}

// Pixels is Width × Height.
func (s Size) Pixels() int64 { return int64(s.Width) * int64(s.Height) }

// Read reads the dimensions an image's header declares.
func Read(r io.ReaderAt) (Size, error) {
	var magic [8]byte
	n, _ := r.ReadAt(magic[:], 0)
	m := magic[:n]
	switch {
	case bytes.HasPrefix(m, []byte{0xFF, 0xD8}):
		return readJPEG(r)
	case bytes.HasPrefix(m, []byte("\x89PNG\r\n\x1a\n")):
		return readPNG(r)
	case bytes.HasPrefix(m, []byte("II*\x00")):
		return readTIFF(r, binary.LittleEndian)
	case bytes.HasPrefix(m, []byte("MM\x00*")):
		return readTIFF(r, binary.BigEndian)
	}
	return Size{}, ErrFormat
}

// Check refuses an image whose header cannot be read or declares more
// than MaxPixels. A JPEG or PNG is read twice, by Read and by Go's own
// decoder (jpeg.DecodeConfig, png.DecodeConfig: two independent parsers
// of the header OpenCV's decoder reads): it is refused when either finds
// more than MaxPixels, when Go's decoder cannot read it, or when the two
// disagree on its size — a header built to show one parser a small frame
// and the decoder a huge one.
func Check(r io.ReaderAt) error {
	s, err := Read(r)
	if err != nil {
		return err
	}
	if s.Width <= 0 || s.Height <= 0 {
		return fmt.Errorf("%w: %s of %d×%d px", ErrFormat, s.Format, s.Width, s.Height)
	}
	if s.Pixels() > MaxPixels {
		return &TooLargeError{s}
	}
	var decodeConfig func(io.Reader) (image.Config, error)
	switch s.Format {
	case "jpeg":
		decodeConfig = jpeg.DecodeConfig
	case "png":
		decodeConfig = png.DecodeConfig
	default: // TIFF: Go has no decoder of its own; Read's IFD is all there is
		return nil
	}
	cfg, err := decodeConfig(io.NewSectionReader(r, 0, 1<<62))
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrFormat, s.Format, err)
	}
	if d := (Size{s.Format, cfg.Width, cfg.Height}); d.Pixels() > MaxPixels {
		return &TooLargeError{d}
	}
	if cfg.Width != s.Width || cfg.Height != s.Height {
		return fmt.Errorf("%w: %s header read as %d×%d and %d×%d", ErrFormat, s.Format, s.Width, s.Height, cfg.Width, cfg.Height)
	}
	return nil
}

// TooLargeError is Check's refusal of an image over MaxPixels; it is
// ErrTooLarge.
type TooLargeError struct{ Size Size }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("image is %d×%d px: at most %d megapixels", e.Size.Width, e.Size.Height, MaxPixels/1_000_000)
}

func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// CheckBytes is Check on an image in memory.
func CheckBytes(b []byte) error { return Check(bytes.NewReader(b)) }

// CheckFile is Check on an image file.
func CheckFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return Check(f)
}

// readJPEG reads the frame header libjpeg (and so OpenCV) reads: it
// finds each marker as libjpeg's next_marker does — bytes that are not
// FF are skipped, FF fill bytes are swallowed, and FF 00 (a stuffed zero)
// is no marker at all — and follows read_markers: RSTn and TEM stand
// alone, the table, APPn, COM and DNL segments are skipped by their
// length, and the first SOFn (SOF0–SOF15 but DHT, JPG and DAC) is the
// frame. What libjpeg refuses (a second SOI, JPG, an unknown marker, a
// scan or the end before any frame) is refused here too, so no file can
// show this reader one frame and libjpeg another.
func readJPEG(r io.ReaderAt) (Size, error) {
	br := bufio.NewReaderSize(io.NewSectionReader(r, 2, 1<<62), 4096)
	for {
		marker, err := nextMarker(br)
		if err != nil {
			return Size{}, fmt.Errorf("%w: jpeg: no frame header", ErrFormat)
		}
		switch {
		case isSOF(marker):
			return readFrameHeader(br)
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD7: // TEM, RSTn: no length
			continue
		case marker == 0xC4 || marker == 0xCC || marker == 0xDB || marker == 0xDC || marker == 0xDD ||
			marker >= 0xE0 && marker <= 0xEF || marker == 0xFE: // DHT DAC DQT DNL DRI APPn COM
			if err := skipSegment(br); err != nil {
				return Size{}, err
			}
		case marker == 0xD9 || marker == 0xDA:
			return Size{}, fmt.Errorf("%w: jpeg: no frame header", ErrFormat)
		default: // a second SOI, JPG (C8), DHP, EXP, JPGn, reserved: libjpeg stops
			return Size{}, fmt.Errorf("%w: jpeg: marker %02X before the frame", ErrFormat, marker)
		}
	}
}

// readFrameHeader reads the size from a SOFn segment (after its marker).
func readFrameHeader(br *bufio.Reader) (Size, error) {
	var sof [7]byte // length, precision, height, width
	if _, err := io.ReadFull(br, sof[:]); err != nil {
		return Size{}, fmt.Errorf("%w: jpeg: truncated frame header", ErrFormat)
	}
	if binary.BigEndian.Uint16(sof[0:2]) < 8 {
		return Size{}, fmt.Errorf("%w: jpeg: bad frame header length", ErrFormat)
	}
	return Size{"jpeg", int(binary.BigEndian.Uint16(sof[5:7])), int(binary.BigEndian.Uint16(sof[3:5]))}, nil
}

// skipSegment skips a segment by its length (after its marker) as
// libjpeg's skip_variable does: length-2 bytes, none when the length is
// under 2.
func skipSegment(br *bufio.Reader) error {
	var l [2]byte
	if _, err := io.ReadFull(br, l[:]); err != nil {
		return fmt.Errorf("%w: jpeg: truncated", ErrFormat)
	}
	if n := int(binary.BigEndian.Uint16(l[:])) - 2; n > 0 {
		if _, err := br.Discard(n); err != nil {
			return fmt.Errorf("%w: jpeg: truncated", ErrFormat)
		}
	}
	return nil
}

// nextMarker is libjpeg's next_marker: it skips to the next FF, swallows
// FF fill bytes, and takes FF 00 for data, not a marker.
func nextMarker(br *bufio.Reader) (byte, error) {
	for {
		c, err := br.ReadByte()
		for err == nil && c != 0xFF {
			c, err = br.ReadByte()
		}
		for err == nil && c == 0xFF {
			c, err = br.ReadByte()
		}
		if err != nil {
			return 0, err
		}
		if c != 0 {
			return c, nil
		}
	}
}

// isSOF reports whether marker starts a frame (SOF0–SOF15 but DHT, JPG
// and DAC).
func isSOF(marker byte) bool {
	return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
}

// readPNG reads IHDR, which must be the first chunk.
func readPNG(r io.ReaderAt) (Size, error) {
	var b [16]byte // length, "IHDR", width, height
	if _, err := r.ReadAt(b[:], 8); err != nil || string(b[4:8]) != "IHDR" {
		return Size{}, fmt.Errorf("%w: png: no IHDR", ErrFormat)
	}
	w, h := binary.BigEndian.Uint32(b[8:12]), binary.BigEndian.Uint32(b[12:16])
	if w > 1<<31-1 || h > 1<<31-1 {
		return Size{}, fmt.Errorf("%w: png: %d×%d px", ErrTooLarge, w, h)
	}
	return Size{"png", int(w), int(h)}, nil
}

// readTIFF reads ImageWidth and ImageLength from the first IFD.
func readTIFF(r io.ReaderAt, bo binary.ByteOrder) (Size, error) {
	var b [12]byte
	if _, err := r.ReadAt(b[:4], 4); err != nil {
		return Size{}, fmt.Errorf("%w: tiff: truncated", ErrFormat)
	}
	ifd := int64(bo.Uint32(b[:4]))
	if _, err := r.ReadAt(b[:2], ifd); err != nil {
		return Size{}, fmt.Errorf("%w: tiff: no IFD", ErrFormat)
	}
	n := int64(bo.Uint16(b[:2]))
	s := Size{Format: "tiff"}
	for i := range n {
		if _, err := r.ReadAt(b[:], ifd+2+12*i); err != nil {
			return Size{}, fmt.Errorf("%w: tiff: truncated IFD", ErrFormat)
		}
		tag, typ := bo.Uint16(b[0:2]), bo.Uint16(b[2:4])
		var v int64
		switch typ {
		case 3: // SHORT
			v = int64(bo.Uint16(b[8:10]))
		case 4: // LONG
			v = int64(bo.Uint32(b[8:12]))
		default:
			continue
		}
		if v > 1<<31-1 {
			v = 1<<31 - 1
		}
		switch tag {
		case 256:
			s.Width = int(v)
		case 257:
			s.Height = int(v)
		}
	}
	if s.Width == 0 || s.Height == 0 {
		return Size{}, fmt.Errorf("%w: tiff: no ImageWidth/ImageLength", ErrFormat)
	}
	return s, nil
}
