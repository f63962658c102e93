package synth

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"biokiosk/capture/face"
)

// What a labelled face is expected to get (Label.Expect).
const (
	// ExpectCompliant: the face must be captured.
	ExpectCompliant = "compliant"
	// ExpectCorrection: never captured; shown one of Label.Codes.
	ExpectCorrection = "correction"
	// ExpectDetection: the face is for detection only, not for capture.
	ExpectDetection = "detection"
)

// Label is what a person judging kiosk photos expects of one face when
// it is placed before a kiosk camera (testdata/faces/labels.json).
type Label struct {
	// File is the portrait's path under the faces folder.
	File   string      `json:"file"`
	Expect string      `json:"expect"`
	Codes  []face.Code `json:"codes,omitempty"`
	Note   string      `json:"note,omitempty"`
}

// Name is the file's base name.
func (l Label) Name() string { return filepath.Base(l.File) }

// Wants says c is one of the label's corrections.
func (l Label) Wants(c face.Code) bool {
	for _, w := range l.Codes {
		if w == c {
			return true
		}
	}
	return false
}

// LoadLabels reads the labels file at path (testdata/faces/labels.json)
// and checks each label: a known expectation, corrections that are
// guidance codes, and only corrections with codes.
func LoadLabels(path string) ([]Label, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("synth: labels: %w", err)
	}
	var doc struct {
		Faces []Label `json:"faces"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("synth: labels %s: %w", path, err)
	}
	known := map[face.Code]bool{}
	for _, c := range face.Codes {
		known[c] = true
	}
	for _, l := range doc.Faces {
		switch l.Expect {
		case ExpectCompliant, ExpectDetection:
			if len(l.Codes) > 0 {
				return nil, fmt.Errorf("synth: labels %s: %s is %s but lists codes", path, l.File, l.Expect)
			}
		case ExpectCorrection:
			if len(l.Codes) == 0 {
				return nil, fmt.Errorf("synth: labels %s: %s needs a correction but lists no code", path, l.File)
			}
			for _, c := range l.Codes {
				if !known[c] || c == face.OK {
					return nil, fmt.Errorf("synth: labels %s: %s: %q is not a correction code", path, l.File, c)
				}
			}
		default:
			return nil, fmt.Errorf("synth: labels %s: %s: unknown expectation %q", path, l.File, l.Expect)
		}
	}
	return doc.Faces, nil
}
