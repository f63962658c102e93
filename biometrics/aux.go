package biometrics

import (
	"context"
	"fmt"
	"net/url"
)

// EngineStatus is one engine's line in Get enroll Status.
type EngineStatus struct {
	EnginesOID string `json:"engines_oid"`
	Type       string `json:"type"`
	Enrolled   bool   `json:"enrolled"`
}

// EnrollStatusResult is Get enroll Status' answer (data is an array).
type EnrollStatusResult struct {
	Answer
	Engines []EngineStatus `json:"engines"`
}

// Enrolled reports whether the user is enrolled on an engine of this type
// ("face" or "voice").
func (r EnrollStatusResult) Enrolled(kind string) bool {
	for _, e := range r.Engines {
		if e.Type == kind && e.Enrolled {
			return true
		}
	}
	return false
}

// EnrollStatus reports the user's enrolment per engine
// (GET users/:id/enroll/status). Retried.
func (c *Client) EnrollStatus(ctx context.Context, userID string) (EnrollStatusResult, error) {
	var out EnrollStatusResult
	path, err := userPath(userID, "enroll/status")
	if err != nil {
		return out, fmt.Errorf("biometrics: enroll status: %w", err)
	}
	a, err := c.do(ctx, request{op: "enroll status", method: "GET", path: path, idempotent: true})
	if err != nil {
		return out, err
	}
	if !a.status {
		return out, a.failure("enroll status")
	}
	if err := unmarshalLenient(a.data, &out.Engines); err != nil || out.Engines == nil {
		if err == nil {
			err = fmt.Errorf("data is not an array")
		}
		return out, &DecodeError{Client: "biometrics", Op: "enroll status", HTTPStatus: a.http, Err: err}
	}
	out.Status = true
	return out, nil
}

// PendingResult is Has Pending Dialogue's answer.
type PendingResult struct {
	Answer
	Pending        bool   `json:"pending"`
	DialogueID     string `json:"dialogueId,omitempty"`
	PromptCode     string `json:"promptCode,omitempty"`
	PromptCodeText string `json:"promptCodeText,omitempty"`
}

// PendingDialogue tells whether the user has an open voice dialogue
// (GET users/:id/voice/is-pending, 1.0 path). A bare {"status":true}
// means none. Retried.
func (c *Client) PendingDialogue(ctx context.Context, userID string) (PendingResult, error) {
	var out PendingResult
	path, err := userPath(userID, "voice/is-pending")
	if err != nil {
		return out, fmt.Errorf("biometrics: pending dialogue: %w", err)
	}
	a, err := c.do(ctx, request{op: "pending dialogue", method: "GET", path: path, idempotent: true, version: "1.0"})
	if err != nil {
		return out, err
	}
	if !a.status {
		return out, a.failure("pending dialogue")
	}
	out.Status = true
	if len(a.data) == 0 || string(a.data) == "null" {
		return out, nil
	}
	if err := unmarshalLenient(a.data, &out); err != nil {
		return out, &DecodeError{Client: "biometrics", Op: "pending dialogue", HTTPStatus: a.http, Err: err}
	}
	out.Status = true
	out.Pending = out.DialogueID != ""
	return out, nil
}

// RestartState wipes any process in progress for the user, such as a stuck
// voice dialogue (GET users/:id/restart-state, 1.0 path). Retried.
func (c *Client) RestartState(ctx context.Context, userID string) (Answer, error) {
	return c.simple(ctx, "restart state", "GET", userID, "restart-state", "1.0")
}

// MacResult is Find UserId by MacAddress' answer.
type MacResult struct {
	Answer
	ID string `json:"id,omitempty"`
}

func (r *MacResult) serverIDs() []string { return []string{r.ID} }

// Associated reports whether the device belongs to a user.
func (r MacResult) Associated() bool { return r.Message == MsgUserAlreadyRegisteredOnThisDevice }

// FindByMacAddress returns the user bound to a device
// (GET users/find-by-address, 1.0 path). The docs put mac_address in a GET
// body; the client sends it in the query string, which proxies keep.
// Retried.
func (c *Client) FindByMacAddress(ctx context.Context, mac string) (MacResult, error) {
	var out MacResult
	if mac == "" {
		return out, fmt.Errorf("biometrics: find by mac address: %w: mac address", ErrMissingArgument)
	}
	err := c.call(ctx, request{op: "find by mac address", method: "GET", path: "users/find-by-address",
		query: url.Values{"mac_address": {mac}}, idempotent: true, version: "1.0"}, nil, &out)
	return out, err
}
