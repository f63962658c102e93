// Package imagesize reads an image's width and height from its header
// (JPEG SOF, PNG IHDR, TIFF IFD0) without decoding it, so that a
// decompression bomb — a small file declaring a huge raster — is refused
// before OpenCV allocates the raster.
package imagesize

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
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
// than MaxPixels.
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

// readJPEG walks the marker segments to the first start-of-frame.
func readJPEG(r io.ReaderAt) (Size, error) {
	off := int64(2)
	var hdr [4]byte
	for range 10_000 { // a JPEG has a few dozen segments before its frame
		if _, err := r.ReadAt(hdr[:2], off); err != nil {
			return Size{}, fmt.Errorf("%w: jpeg: no frame header", ErrFormat)
		}
		if hdr[0] != 0xFF {
			return Size{}, fmt.Errorf("%w: jpeg: bad marker at %d", ErrFormat, off)
		}
		marker := hdr[1]
		switch {
		case marker == 0xFF: // fill byte
			off++
			continue
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD8: // no length
			off += 2
			continue
		case marker == 0xD9 || marker == 0xDA: // end of image, start of scan before a frame
			return Size{}, fmt.Errorf("%w: jpeg: no frame header", ErrFormat)
		}
		if _, err := r.ReadAt(hdr[2:4], off+2); err != nil {
			return Size{}, fmt.Errorf("%w: jpeg: truncated", ErrFormat)
		}
		length := int64(binary.BigEndian.Uint16(hdr[2:4]))
		if length < 2 {
			return Size{}, fmt.Errorf("%w: jpeg: bad segment length", ErrFormat)
		}
		if isSOF(marker) {
			var sof [5]byte // precision, height, width
			if _, err := r.ReadAt(sof[:], off+4); err != nil {
				return Size{}, fmt.Errorf("%w: jpeg: truncated frame header", ErrFormat)
			}
			return Size{"jpeg", int(binary.BigEndian.Uint16(sof[3:5])), int(binary.BigEndian.Uint16(sof[1:3]))}, nil
		}
		off += 2 + length
	}
	return Size{}, fmt.Errorf("%w: jpeg: too many segments", ErrFormat)
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
