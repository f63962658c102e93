package biometrics

import (
	"context"
	"fmt"
	"net/url"
	"slices"
)

// Answer is what every result carries: the envelope's status and the
// data.message constant.
type Answer struct {
	Status  bool    `json:"status"`
	Message Message `json:"message,omitempty"`
}

func (a *Answer) base() *Answer { return a }

type result interface{ base() *Answer }

// call sends r with the body build returns (nil for none) and decodes
// data into out. A status:false answer whose message is one of outcomes
// is a documented result of this call and is decoded into out too (with
// Status false); any other status:false answer is an *APIError.
func (c *Client) call(ctx context.Context, r request, build func() ([]byte, string, error), out result, outcomes ...Message) error {
	if build != nil {
		body, ct, err := build()
		if err != nil {
			return fmt.Errorf("biometrics: %s: %w", r.op, err)
		}
		r.body, r.contentType = body, ct
	}
	a, err := c.do(ctx, r)
	if err != nil {
		return err
	}
	if !a.status && !slices.Contains(outcomes, a.msg) {
		return a.failure(r.op)
	}
	if out == nil {
		return nil
	}
	if err := a.decodeData(r.op, out); err != nil {
		return err
	}
	out.base().Status = a.status
	return nil
}

// userPath checks id and returns "users/<id>/<rest>".
func userPath(id, rest string) (string, error) {
	if err := CheckUserID(id); err != nil {
		return "", err
	}
	p := "users/" + url.PathEscape(id)
	if rest != "" {
		p += "/" + rest
	}
	return p, nil
}

// OK reports the envelope's status: true for success, false for a
// documented refusal returned as an outcome.
func (a Answer) OK() bool { return a.Status }
