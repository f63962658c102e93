package biopassid

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is a failed call: the HTTP status and the body's text (the API
// answers errors as plain text such as "Invalid JSON format", APIM as
// {"statusCode","message"}).
type Error struct {
	Op     string
	Status int
	Text   string
	// Unsuccessful says a 200 answer carried "Success": false (the SDK's
	// PersonResponseDTO), whatever Person it also carried.
	Unsuccessful bool
	// RetryAfter is the wait a 429 answer's Retry-After asked for (0: none).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	s := fmt.Sprintf("biopassid: %s: HTTP %d: %s", e.Op, e.Status, e.Text)
	switch {
	case e.Status == http.StatusTooManyRequests && e.RetryAfter > 0:
		s += fmt.Sprintf(" (rate limited: try again in %v)", e.RetryAfter)
	case e.Status == http.StatusTooManyRequests:
		s += " (rate limited: try again later)"
	}
	return s
}

// The codes of Error.Code. The docs name the first two texts and 401;
// the others are biokiosk's (docs/api-choices.md, BioPass ID).
const (
	CodeNoFaceTemplate = "FAILED_TO_EXTRACT_FACE_TEMPLATE"
	CodeInvalidJSON    = "INVALID_JSON_FORMAT"
	CodeUnauthorized   = "UNAUTHORIZED"
	CodeRateLimited    = "RATE_LIMITED"
	CodeCustomIDExists = "CUSTOMID_ALREADY_EXISTS" // the SDK's enroll/customid_already_exists
	CodeUnsuccessful   = "UNSUCCESSFUL"
	CodeServerError    = "SERVER_ERROR"
	CodeMalformed      = "MALFORMED_RESPONSE"
)

// Code maps the error to a stable code for the flow: the documented
// texts first, then 401, 429 and 5xx; a 409 to enroll or a text saying
// the CustomID is taken is CUSTOMID_ALREADY_EXISTS; a 200 with
// "Success": false is UNSUCCESSFUL, any other 2xx without a Person
// MALFORMED_RESPONSE; any other status is HTTP_<status>
// (the docs say nothing of 404 or 409: an unknown CustomID is read from
// the status by the caller, see IsNotFound).
func (e *Error) Code() string {
	t := strings.ToLower(e.Text)
	switch {
	case strings.Contains(t, "failed to extract face template"):
		return CodeNoFaceTemplate
	case strings.Contains(t, "invalid json format"):
		return CodeInvalidJSON
	case e.Status == http.StatusUnauthorized:
		return CodeUnauthorized
	case e.Status == http.StatusTooManyRequests:
		return CodeRateLimited
	case e.Status >= 500:
		return CodeServerError
	case (e.Status == http.StatusConflict && e.Op == "enroll") ||
		strings.Contains(t, "already exists") || strings.Contains(t, "already enrolled"):
		return CodeCustomIDExists
	case e.Unsuccessful:
		return CodeUnsuccessful
	case e.Status < 300:
		return CodeMalformed // a success status without a Person
	}
	return "HTTP_" + strconv.Itoa(e.Status)
}

// IsNotFound says the server answered 404: for verify, update and delete
// biokiosk reads it as an unknown CustomID (the docs: NOT FOUND).
func (e *Error) IsNotFound() bool { return e.Status == http.StatusNotFound }
