package biometrics

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Confidence is a match score between 0 and 1. The API sends it as a
// string ("0.78") in some answers and as a number (0.8) in others; it
// decodes both, and null or "" as 0.
type Confidence float64

// UnmarshalJSON accepts a number, a numeric string, "" or null.
func (c *Confidence) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*c = 0
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("confidence: %w", err)
		}
		if s == "" {
			*c = 0
			return nil
		}
		b = []byte(s)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("confidence %s: not a number", b)
	}
	*c = Confidence(f)
	return nil
}

// String formats the confidence with two decimals, as the API does.
func (c Confidence) String() string { return strconv.FormatFloat(float64(c), 'f', 2, 64) }
