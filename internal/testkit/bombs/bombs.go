// Package bombs builds small image files that declare huge sizes
// (decompression bombs), for the tests of every image route.
package bombs

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
)

// BombPNG is a valid, decodable 1-bit grey PNG of w×h black pixels: a
// few kilobytes that decode to w×h×3 bytes in OpenCV. It is for tests.
func BombPNG(w, h int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 1, 0 // bit depth 1, greyscale
	chunk(&out, "IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	rows := make([]byte, 1024*(1+(w+7)/8)) // 1024 rows: filter byte 0, then zeros
	for left := h; left > 0; left -= 1024 {
		_, _ = zw.Write(rows[:min(left, 1024)*(1+(w+7)/8)])
	}
	_ = zw.Close()
	chunk(&out, "IDAT", z.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

// HeaderJPEG is a JPEG's first segments (SOI, an APP0 and a baseline
// SOF0) declaring w×h: what Read sees of a JPEG bomb. It is for tests.
func HeaderJPEG(w, h int) []byte {
	b := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
	sof := []byte{0xFF, 0xC0, 0, 17, 8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 3,
		1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1}
	return append(b, sof...)
}

// HiddenFrameJPEG is a decodable JPEG whose frame declares w×h, built to
// hide that frame from a reader that takes FF 00 for a segment: right
// after SOI, FF 00 00 06 "jumps" six bytes into an APP1 segment holding a
// 16×16 frame header. libjpeg takes FF 00 for a stuffed zero, skips the
// APP1 and reads the real frame. Its scan is a 16×16 grey one, so
// decoders fill the rest of the w×h raster grey: a few hundred bytes that
// decode to w×h×3 bytes in OpenCV. It is for tests.
func HiddenFrameJPEG(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var enc bytes.Buffer
	_ = jpeg.Encode(&enc, img, nil)
	real := enc.Bytes()[2:] // after SOI
	for off := 0; off+9 < len(real); {
		marker, n := real[off+1], int(binary.BigEndian.Uint16(real[off+2:]))
		if marker == 0xC0 {
			binary.BigEndian.PutUint16(real[off+5:], uint16(h))
			binary.BigEndian.PutUint16(real[off+7:], uint16(w))
			break
		}
		off += 2 + n
	}
	hidden := []byte{0xFF, 0xC0, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0}
	b := []byte{0xFF, 0xD8, 0xFF, 0x00, 0x00, 0x06, 0xFF, 0xE1, 0, byte(2 + len(hidden))}
	b = append(b, hidden...)
	return append(b, real...)
}

// HeaderTIFF is a little-endian TIFF header and first IFD declaring
// w×h (LONG ImageWidth and ImageLength). It is for tests.
func HeaderTIFF(w, h uint32) []byte {
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = binary.LittleEndian.AppendUint16(b, 2)
	for _, e := range [][2]uint32{{256, w}, {257, h}} {
		b = binary.LittleEndian.AppendUint16(b, uint16(e[0]))
		b = binary.LittleEndian.AppendUint16(b, 4)
		b = binary.LittleEndian.AppendUint32(b, 1)
		b = binary.LittleEndian.AppendUint32(b, e[1])
	}
	return binary.LittleEndian.AppendUint32(b, 0)
}

// HeaderPNG is a PNG signature and IHDR declaring w×h (8-bit RGB), with
// no image data.
func HeaderPNG(w, h uint32) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := []byte{byte(w >> 24), byte(w >> 16), byte(w >> 8), byte(w), byte(h >> 24), byte(h >> 16), byte(h >> 8), byte(h), 8, 2, 0, 0, 0}
	chunk(&out, "IHDR", ihdr)
	return out.Bytes()
}

func chunk(out *bytes.Buffer, typ string, data []byte) {
	_ = binary.Write(out, binary.BigEndian, uint32(len(data)))
	out.WriteString(typ)
	out.Write(data)
	_ = binary.Write(out, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}
