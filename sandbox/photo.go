package sandbox

import (
	"bytes"
	"errors"
	"fmt"

	"biokiosk/imagesize"
)

// maxPhotoBytes is the APIs' photo limit (1 MB).
const maxPhotoBytes = 1 << 20

var (
	errPhotoTooLarge = errors.New("photo larger than 1 MB")
	errPhotoFormat   = errors.New("photo is neither JPEG nor PNG")
)

// checkPhoto refuses what the APIs do: a photo that is empty, larger than
// 1 MB, or neither JPEG nor PNG (by its first bytes); and, before
// anything decodes it, one whose header cannot be read or declares more
// than imagesize.MaxPixels (a decompression bomb).
func checkPhoto(b []byte) error {
	switch {
	case len(b) == 0:
		return fmt.Errorf("%w: empty", errPhotoFormat)
	case len(b) > maxPhotoBytes:
		return fmt.Errorf("%w: %d bytes", errPhotoTooLarge, len(b))
	case !bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}) && !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return errPhotoFormat
	}
	if err := imagesize.CheckBytes(b); err != nil {
		return fmt.Errorf("%w: %w", errPhotoFormat, err)
	}
	return nil
}
