package biometrics

import "encoding/json"

// unmarshalLenient decodes raw into v; when raw is not valid JSON only
// because of trailing commas before '}' or ']' (as in the docs' own
// `{"status": true,}`), it decodes the body without them. Any other
// syntax error is returned as it is (docs/api-choices.md, "Decoding").
func unmarshalLenient(raw []byte, v any) error {
	err := json.Unmarshal(raw, v)
	if err == nil {
		return nil
	}
	fixed, changed := dropTrailingCommas(raw)
	if !changed {
		return err
	}
	if json.Unmarshal(fixed, v) != nil {
		return err
	}
	return nil
}

// dropTrailingCommas removes every ',' that outside a string is followed,
// after optional white space, by '}' or ']'.
func dropTrailingCommas(raw []byte) ([]byte, bool) {
	out := make([]byte, 0, len(raw))
	inString, escaped, changed := false, false, false
	for i := 0; i < len(raw); i++ {
		b := raw[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == ',' && closesNext(raw[i+1:]):
			changed = true
			continue
		}
		out = append(out, b)
	}
	return out, changed
}

// closesNext reports whether rest starts, after white space, with '}' or ']'.
func closesNext(rest []byte) bool {
	for _, b := range rest {
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		case '}', ']':
			return true
		}
		return false
	}
	return false
}
