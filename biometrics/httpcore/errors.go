package httpcore

import (
	"errors"
	"fmt"
)

// ErrNotAPIAnswer says an error status came with a body that is not the
// API's documented error answer (e.g. a proxy's HTML 502 page): a
// *DecodeError wraps it, so only a documented answer is a refusal.
var ErrNotAPIAnswer = errors.New("error status without an API answer")

// ErrCallDeadline says a call's overall deadline (every attempt and the
// waits between them) passed before an answer; a *TransportError wraps it.
var ErrCallDeadline = errors.New("no answer within the call deadline")

// TransportError wraps a failure to reach the server or read its answer.
type TransportError struct {
	// Client names the client in the message, e.g. "verifik" ("" for none).
	Client string
	// Op names the call, e.g. "enroll face".
	Op  string
	Err error
}

func (e *TransportError) Error() string { return prefix(e.Client) + e.Op + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *TransportError) Unwrap() error { return e.Err }

// Code is SERVER_UNREACHABLE for every transport failure.
func (e *TransportError) Code() string { return "SERVER_UNREACHABLE" }

// DecodeError says the server answered with a body that is not what the
// call documents (malformed JSON, wrong shape, missing fields, too long).
type DecodeError struct {
	// Client names the client in the message, e.g. "verifik" ("" for none).
	Client     string
	Op         string
	HTTPStatus int
	Err        error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s%s: HTTP %d: malformed answer: %v", prefix(e.Client), e.Op, e.HTTPStatus, e.Err)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Code is MALFORMED_RESPONSE.
func (e *DecodeError) Code() string { return "MALFORMED_RESPONSE" }

func prefix(client string) string {
	if client == "" {
		return ""
	}
	return client + ": "
}
