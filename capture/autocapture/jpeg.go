package autocapture

import (
	"fmt"

	"gocv.io/x/gocv"
)

// EncodeJPEG encodes img as a JPEG without metadata (OpenCV writes a bare
// JFIF header, no Exif), stepping the quality down from 95 by 5 until the
// file is within limit bytes, at quality 40 at the latest. It is the
// encoder for images that are not face portraits (document sides).
func EncodeJPEG(img gocv.Mat, limit int) ([]byte, error) {
	return encodeJPEG(img, func(_, size int) bool { return size <= limit })
}

// encodeJPEG encodes img at quality 95, 90, … 40 until accept takes the
// quality and the file's size.
func encodeJPEG(img gocv.Mat, accept func(quality, size int) bool) ([]byte, error) {
	if img.Empty() {
		return nil, fmt.Errorf("autocapture: encode: empty image")
	}
	for q := 95; q >= 40; q -= 5 {
		buf, err := gocv.IMEncodeWithParams(gocv.JPEGFileExt, img, []int{gocv.IMWriteJpegQuality, q})
		if err != nil {
			return nil, fmt.Errorf("autocapture: encode: %w", err)
		}
		b := append([]byte(nil), buf.GetBytes()...)
		buf.Close()
		if accept(q, len(b)) {
			return b, nil
		}
	}
	return nil, ErrTooLarge
}
