package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// A JSON request body is held to a budget before it is decoded
// (docs/sandbox.md): every route's body is a flat object of a few
// fields, at most a few images in an array, so decoding an 8 MB
// {"x":[0,0,…]} into Go values (about 180 MB of interfaces) is refused
// for the price of one pass over its bytes.
const (
	// maxJSONValues bounds the values of a body: array elements and
	// object members, counted by their separators and containers.
	maxJSONValues = 1024
	// maxJSONDepth bounds the nesting of arrays and objects.
	maxJSONDepth = 16
)

// errJSONBudget says a JSON body holds more values or nesting than any
// route takes.
var errJSONBudget = errors.New("JSON body over its budget")

// jsonScanner counts a JSON text's values and nesting as it is written,
// without allocating, and fails at the first value past maxJSONValues or
// level past maxJSONDepth. It does not validate the JSON: the decoder
// does, once the body is within budget.
type jsonScanner struct {
	depth, values     int
	inString, escaped bool
}

func (s *jsonScanner) Write(p []byte) (int, error) {
	for i, c := range p {
		if s.inString {
			switch {
			case s.escaped:
				s.escaped = false
			case c == '\\':
				s.escaped = true
			case c == '"':
				s.inString = false
			}
			continue
		}
		switch c {
		case '"':
			s.inString = true
		case '[', '{':
			if s.depth++; s.depth > maxJSONDepth {
				return i, fmt.Errorf("%w: nested deeper than %d", errJSONBudget, maxJSONDepth)
			}
			s.values++
		case ']', '}':
			s.depth--
		case ',':
			s.values++
		}
		if s.values > maxJSONValues {
			return i, fmt.Errorf("%w: more than %d values", errJSONBudget, maxJSONValues)
		}
	}
	return len(p), nil
}

// checkJSONBudget is jsonScanner over b.
func checkJSONBudget(b []byte) error {
	_, err := (&jsonScanner{}).Write(b)
	return err
}

// decodeJSONBody reads a (capped) body through the budget and decodes it
// into v: an amplifier is refused a few kilobytes in, before the rest of
// it is even read. An empty body is io.EOF.
func decodeJSONBody(r io.Reader, v any) error {
	var buf bytes.Buffer
	if _, err := io.Copy(io.MultiWriter(&jsonScanner{}, &buf), r); err != nil {
		return err
	}
	b := buf.Bytes()
	if len(bytes.TrimSpace(b)) == 0 {
		return io.EOF
	}
	return json.Unmarshal(b, v)
}
