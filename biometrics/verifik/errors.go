package verifik

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"biokiosk/biometrics/httpcore"
)

// Error is an answer Verifik gave instead of a result. Verifik's body is
// {"code":"…","message":"…"}, where the message is often "409:code" or
// "409:liveness_failed@0.45"; the parts are kept apart. The field that
// names the failure is Vendor (Code is the method giving the stable
// code). It never holds tokens or images.
type Error struct {
	// Op names the call, e.g. "biometric app-registration".
	Op string
	// HTTPStatus is the response's status code.
	HTTPStatus int
	// Vendor is the code parsed from the message as Verifik spells it
	// (e.g. "liveness_failed", "appRegistration_not_found"), "" when the
	// message is prose.
	Vendor string
	// BodyCode is the body's "code" field (e.g. "MissingParameter").
	BodyCode string
	// Message is the body's message (or a short excerpt of a non-JSON body).
	Message string
	// Score is the number after '@' in the message; HasScore says there was one.
	Score    float64
	HasScore bool
}

func (e *Error) Error() string {
	s := fmt.Sprintf("verifik: %s: HTTP %d: %s", e.Op, e.HTTPStatus, e.Code())
	if e.Message != "" && e.Vendor == "" {
		s += fmt.Sprintf(" (%s)", e.Message)
	}
	if e.HasScore {
		s += fmt.Sprintf(" (score %.2f)", e.Score)
	}
	return s
}

// Code is a stable upper-snake code: the message's code when it has one
// (liveness_failed → LIVENESS_FAILED, appRegistration_not_found →
// APP_REGISTRATION_NOT_FOUND), else the body's code (MissingParameter →
// MISSING_PARAMETER), else HTTP_<status>.
func (e *Error) Code() string {
	switch {
	case e.Vendor != "":
		return upperSnake(e.Vendor)
	case e.BodyCode != "":
		return upperSnake(e.BodyCode)
	}
	return fmt.Sprintf("HTTP_%d", e.HTTPStatus)
}

// Temporary reports whether repeating the request may succeed.
func (e *Error) Temporary() bool { return e.HTTPStatus >= 500 || e.HTTPStatus == 429 }

var (
	statusPrefix = regexp.MustCompile(`^\s*\d{3}\s*:\s*`)
	codeLike     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
)

// ParseMessage reads an error message defensively, as Verifik's own web
// client does: an optional leading "NNN:" is stripped, then the rest is
// split on '@' into a code and a score. Prose messages ("Needs an email
// or a phone at least") give no code.
func ParseMessage(msg string) (code string, score float64, hasScore bool) {
	s := statusPrefix.ReplaceAllString(strings.TrimSpace(msg), "")
	left, right, found := strings.Cut(s, "@")
	left = strings.TrimSpace(left)
	if found {
		// NaN and ±Inf parse but are no score: they are refused.
		if f, err := strconv.ParseFloat(strings.TrimSpace(right), 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			score, hasScore = f, true
		}
	}
	if codeLike.MatchString(left) {
		code = left
	}
	return code, score, hasScore
}

// upperSnake turns liveness_failed, appRegistration_not_found or
// MissingParameter into LIVENESS_FAILED, APP_REGISTRATION_NOT_FOUND,
// MISSING_PARAMETER; UNAUTHORIZED stays.
func upperSnake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// TransportError is a call that got no answer (or an unreadable one);
// Code is SERVER_UNREACHABLE. It is the type the three clients share.
type TransportError = httpcore.TransportError

// DecodeError is a success status whose body is not what the call
// documents (not JSON, wrong shape, required fields missing, too long);
// Code is MALFORMED_RESPONSE. It is the type the three clients share.
type DecodeError = httpcore.DecodeError

// ErrInsecureURL says New was given http:// to a non-loopback host without
// WithAllowInsecureHTTP; ErrPinMismatch that a pinned server's chain holds
// none of the pins.
var (
	ErrInsecureURL = httpcore.ErrInsecureURL
	ErrPinMismatch = httpcore.ErrPinMismatch
)

// codedError is a request refused before it was sent.
type codedError struct{ code, text string }

func (e codedError) Error() string { return "verifik: " + e.text }

// Code is the error's stable code.
func (e codedError) Code() string { return e.code }

// Errors for requests refused on the kiosk side; they carry a Code too.
var (
	ErrImageTooLarge   error = codedError{"IMAGE_TOO_LARGE", fmt.Sprintf("image larger than %d bytes", MaxImageBytes)}
	ErrNotJPEG         error = codedError{"IMAGE_NOT_JPEG", "image is not a JPEG"}
	ErrNoToken         error = codedError{"TOKEN_MISSING", "no client JWT: log in by email/phone OTP and pass it with WithToken"}
	ErrTokenExpired    error = codedError{"TOKEN_EXPIRED", "the client JWT has expired: only valid tokens can be renewed, log in again by email/phone OTP"}
	ErrNotConfigured   error = codedError{"NOT_CONFIGURED", "project and project flow are required (WithProject, WithProjectFlow)"}
	ErrNoRegistration  error = codedError{"APP_REGISTRATION_NOT_FOUND", "no live app-registration token held for this registration (tokens last 120 min and live in memory only)"}
	ErrMissingArgument error = codedError{"MISSING_ARGUMENT", "missing argument"}
)
