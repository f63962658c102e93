// Package privacyscan looks through files for biometric material that the
// kiosk must never leave on disk: JPEG, PNG and RIFF/WAVE data anywhere in
// a file (not only at its start), and long base64 runs such as an encoded
// photo or recording. Tests use it to prove what a run wrote is clean.
package privacyscan

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// MinBase64Run is the shortest base64 run reported: 1 KiB of base64 holds
// 768 bytes, more than any id, key or hash the kiosk keeps.
const MinBase64Run = 1024

// Finding is one suspicious piece of a file.
type Finding struct {
	Path   string
	Offset int64
	Kind   string // "jpeg", "png", "riff", "base64"
}

func (f Finding) String() string { return fmt.Sprintf("%s@%d: %s", f.Path, f.Offset, f.Kind) }

var signatures = []struct {
	kind  string
	magic []byte
}{
	{"jpeg", []byte{0xFF, 0xD8, 0xFF}},
	{"png", []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}},
	{"riff", []byte("RIFF")},
}

// Bytes scans b and reports findings with the given path.
func Bytes(path string, b []byte) []Finding {
	var out []Finding
	for _, s := range signatures {
		for off := 0; ; {
			i := bytes.Index(b[off:], s.magic)
			if i < 0 {
				break
			}
			pos := off + i
			if s.kind != "riff" || (pos+12 <= len(b) && bytes.Equal(b[pos+8:pos+12], []byte("WAVE"))) {
				out = append(out, Finding{Path: path, Offset: int64(pos), Kind: s.kind})
			}
			off = pos + 1
			if off >= len(b) {
				break
			}
		}
	}
	run := 0
	for i, c := range b {
		if isBase64(c) {
			run++
			continue
		}
		if run >= MinBase64Run {
			out = append(out, Finding{Path: path, Offset: int64(i - run), Kind: "base64"})
		}
		run = 0
	}
	if run >= MinBase64Run {
		out = append(out, Finding{Path: path, Offset: int64(len(b) - run), Kind: "base64"})
	}
	return out
}

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_' || c == '='
}

// Tree scans every regular file under root (following no links). Files
// larger than maxSize are reported as findings of kind "too-large" rather
// than read.
func Tree(root string, maxSize int64) ([]Finding, error) {
	var out []Finding
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > maxSize {
			out = append(out, Finding{Path: p, Kind: "too-large"})
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, Bytes(p, b)...)
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("privacyscan: walk %s: %w", root, err)
	}
	return out, nil
}
