package imagesize

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
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

func chunk(out *bytes.Buffer, typ string, data []byte) {
	_ = binary.Write(out, binary.BigEndian, uint32(len(data)))
	out.WriteString(typ)
	out.Write(data)
	_ = binary.Write(out, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}
