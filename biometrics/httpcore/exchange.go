package httpcore

import (
	"errors"
	"net/http"
)

// Answer is an HTTP answer with its body read.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
	// Cut says Body is the first part of a longer body (an error status's:
	// a longer 2xx body is a *DecodeError).
	Cut bool
}

// Exchange sends req with hc and reads the answer's body up to limit
// bytes. No answer, or a failed read, is a *TransportError naming client
// and op, with the URL kept out of its text. A body longer than limit is
// a *DecodeError under a 2xx status; under any other it is cut
// (Answer.Cut), its first part being enough for an error.
func Exchange(hc *http.Client, req *http.Request, client, op string, limit int64) (Answer, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return Answer{}, &TransportError{Client: client, Op: op, Err: ScrubURLError(err)}
	}
	defer resp.Body.Close()
	a := Answer{Status: resp.StatusCode, Header: resp.Header}
	var tl *TooLargeError
	a.Body, err = ReadBody(resp.Body, limit)
	switch {
	case errors.As(err, &tl) && a.Success():
		return Answer{}, &DecodeError{Client: client, Op: op, HTTPStatus: a.Status, Err: err}
	case errors.As(err, &tl):
		a.Cut = true
	case err != nil:
		return Answer{}, &TransportError{Client: client, Op: op, Err: err}
	}
	return a, nil
}

// Success reports a 2xx status.
func (a Answer) Success() bool { return a.Status >= 200 && a.Status < 300 }
