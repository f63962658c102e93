package camera

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Kind says what a source spec names.
type Kind string

// Source kinds.
const (
	Device   Kind = "device"   // a V4L2 index or device path
	Stream   Kind = "stream"   // an rtsp/http(s) URL
	Video    Kind = "video"    // a video file
	Sequence Kind = "sequence" // a printf pattern of image files
	Still    Kind = "still"    // one image, repeated
)

// Live says the source is a camera (reopened on failure) rather than a
// file (which ends).
func (k Kind) Live() bool { return k == Device || k == Stream }

// ParseKind says what spec names: a number or /dev/ path is a device; a
// URL with a scheme is a stream; a pattern with % is a sequence; an image
// extension is a still; anything else is a video file.
func ParseKind(spec string) (Kind, error) {
	s := strings.TrimSpace(spec)
	switch {
	case s == "":
		return "", fmt.Errorf("camera: empty source")
	case isIndex(s), strings.HasPrefix(s, "/dev/"):
		return Device, nil
	case strings.Contains(s, "://"):
		scheme := strings.ToLower(s[:strings.Index(s, "://")])
		switch scheme {
		case "rtsp", "rtsps", "http", "https", "rtmp", "udp", "tcp":
			return Stream, nil
		}
		return "", fmt.Errorf("camera: unsupported stream scheme %q in %q", scheme, s)
	case strings.Contains(s, "%"):
		return Sequence, nil
	}
	switch strings.ToLower(filepath.Ext(s)) {
	case ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".ppm", ".pgm":
		return Still, nil
	}
	return Video, nil
}

func isIndex(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0
}
