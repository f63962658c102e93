package httpcore

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrMalformedID says an answer carried an id (a user id, a vendor's
// person or account id, a registration id) that is not of the shape
// CheckID accepts. A *DecodeError wraps it (MALFORMED_RESPONSE): such an
// id is never stored, journalled or sent back in a path.
var ErrMalformedID = errors.New("malformed id in the answer")

// MaxIDLen bounds an id a server hands out.
const MaxIDLen = 128

// idPattern is what the clients accept as an id from a server: 1–128 ASCII
// letters, digits, '-' and '_' (Mongo ObjectIds, UUIDs, the docs' own
// non-hex 5be3000bd3adgd3e152724f2). Nothing that could change a URL path
// or query (no '/', '.', '%', '?', '#') and nothing a terminal interprets.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// CheckID refuses an id from a server that is not 1–128 ASCII letters,
// digits, '-' or '_'; what names the field in the error ("user id").
// The error wraps ErrMalformedID and shows the id quoted and cut short.
func CheckID(what, id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%w: %s %q", ErrMalformedID, what, Sanitize(id, 40))
	}
	return nil
}

// Sanitize makes text a server sent safe to print on a terminal or write
// as one log line: every control character (C0 with CR, LF, TAB and ESC,
// DEL, C1) and every Unicode format character (bidirectional overrides,
// zero-width joiners) is escaped as \r, \n, \t, \xNN or \uNNNN, and so is
// each byte that is not UTF-8; other text (accents included) is kept.
// A result longer than max runes is cut there with "…" (max <= 0: no cut).
func Sanitize(s string, max int) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			clean = false
			break
		}
		i += n
	}
	if clean && (max <= 0 || utf8.RuneCountInString(s) <= max) {
		return s
	}
	var b strings.Builder
	runes := 0
	for i := 0; i < len(s); {
		if max > 0 && runes >= max {
			b.WriteString("…")
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case unsafeRune(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += n
		runes++
	}
	return b.String()
}

// unsafeRune is a control or format character.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError ||
		r == '\u2028' || r == '\u2029' // line and paragraph separators
}

// SanitizeStrings applies Sanitize (no length cut) to every exported
// string field, element and map value reachable from v, a pointer to a
// decoded answer, so that whichever printer shows a field later (a CLI's
// JSON, a kiosk's log line) gets clean text. Byte slices (raw JSON, images)
// are left alone.
func SanitizeStrings(v any) {
	sanitizeValue(reflect.ValueOf(v), 0)
}

// maxSanitizeDepth bounds how deep SanitizeStrings walks.
const maxSanitizeDepth = 32

// sanitizeValue sanitizes v by its kind; see SanitizeStrings.
func sanitizeValue(v reflect.Value, depth int) {
	if depth > maxSanitizeDepth || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		sanitizeIndirect(v, depth)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				sanitizeValue(v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		sanitizeList(v, depth)
	case reflect.Map:
		sanitizeMap(v, depth)
	case reflect.String:
		sanitizeString(v, v)
	}
}

// sanitizeIndirect sanitizes what a pointer or an interface holds; a
// string in an interface is replaced, as it cannot be set in place.
func sanitizeIndirect(v reflect.Value, depth int) {
	if v.IsNil() {
		return
	}
	e := v.Elem()
	if v.Kind() == reflect.Interface && e.Kind() == reflect.String {
		sanitizeString(v, e)
		return
	}
	sanitizeValue(e, depth+1)
}

// sanitizeList sanitizes each element of a slice or array, leaving byte
// slices (raw JSON, images) alone.
func sanitizeList(v reflect.Value, depth int) {
	if v.Type().Elem().Kind() == reflect.Uint8 {
		return
	}
	for i := 0; i < v.Len(); i++ {
		sanitizeValue(v.Index(i), depth+1)
	}
}

// sanitizeMap sanitizes each map value on a copy (map values cannot be
// set in place) and stores the copies back once the walk is done.
func sanitizeMap(v reflect.Value, depth int) {
	if v.IsNil() {
		return
	}
	type kv struct{ k, v reflect.Value }
	var fix []kv
	for iter := v.MapRange(); iter.Next(); {
		val := iter.Value()
		cp := reflect.New(val.Type()).Elem()
		cp.Set(val)
		sanitizeValue(cp, depth+1)
		fix = append(fix, kv{iter.Key(), cp})
	}
	for _, f := range fix {
		v.SetMapIndex(f.k, f.v)
	}
}

// sanitizeString sets dst, when settable, to the sanitized text of str
// (a string value of dst's type, or one dst holds) if that differs.
func sanitizeString(dst, str reflect.Value) {
	s := str.String()
	if clean := Sanitize(s, 0); clean != s && dst.CanSet() {
		dst.Set(reflect.ValueOf(clean).Convert(str.Type()))
	}
}

// CheckVendorID refuses a vendor's own id (BioPass ID's BioPassID, a
// Verifik _id: opaque, and the vendors' documents elide them as "…")
// that is empty, longer than MaxIDLen runes, or holds a space, a control
// or format character, or a character that changes a URL or a path
// ('/', '\\', '.', '?', '#', '%'), so that, path-escaped, it is one
// path segment and never "." or "..".
// The error wraps ErrMalformedID.
func CheckVendorID(what, id string) error {
	ok := id != "" && utf8.ValidString(id) && utf8.RuneCountInString(id) <= MaxIDLen
	for _, r := range id {
		if !ok {
			break
		}
		ok = unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unsafeRune(r) && !strings.ContainsRune(`/\.?#%`, r)
	}
	if !ok {
		return fmt.Errorf("%w: %s %q", ErrMalformedID, what, Sanitize(id, 40))
	}
	return nil
}

// CheckVendorIDs is CheckVendorID for every id an answer names (what →
// id), in the order of their names; an empty id is absent, not refused.
func CheckVendorIDs(ids map[string]string) error {
	for _, what := range slices.Sorted(maps.Keys(ids)) {
		if id := ids[what]; id != "" {
			if err := CheckVendorID(what, id); err != nil {
				return err
			}
		}
	}
	return nil
}
