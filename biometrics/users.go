package biometrics

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// CreateUserParams are Create User's query parameters.
type CreateUserParams struct {
	// ReferenceID is the client's own identifier for the person.
	ReferenceID string
	// MacAddress ties the user to a device (one user per device).
	MacAddress string
	// AppToken is a Firebase Cloud Messaging token, if used.
	AppToken string
}

// CreateUserResult is Create User's answer.
type CreateUserResult struct {
	Answer
	ID string `json:"id"`
}

func (r *CreateUserResult) serverIDs() []string { return []string{r.ID} }

// Existing reports whether the device was already bound to this user
// (USER_ALREADY_ASSOCIATED_WITH_DEVICE) rather than a new user created.
func (r CreateUserResult) Existing() bool { return r.Message == MsgUserAlreadyAssociatedWithDevice }

// CreateUser registers a user (POST users). It is retried on server errors
// only when a MAC address is given, because the server then answers a
// repeat with the same user instead of creating a second one.
//
// The documents need reference_id: a request without one is refused
// before it is sent (ErrMissingArgument). The id answered is checked
// (ErrMalformedID, MALFORMED_RESPONSE) before anyone can store it.
func (c *Client) CreateUser(ctx context.Context, p CreateUserParams) (CreateUserResult, error) {
	if strings.TrimSpace(p.ReferenceID) == "" {
		return CreateUserResult{}, fmt.Errorf("biometrics: create user: %w: reference_id (the documents require it)", ErrMissingArgument)
	}
	q := url.Values{}
	for k, v := range map[string]string{"reference_id": p.ReferenceID, "mac_address": p.MacAddress, "app_token": p.AppToken} {
		if v != "" {
			q.Set(k, v)
		}
	}
	var out CreateUserResult
	err := c.call(ctx, request{op: "create user", method: "POST", path: "users", query: q, idempotent: p.MacAddress != ""}, nil, &out)
	if err == nil && out.ID == "" {
		err = &DecodeError{Client: "biometrics", Op: "create user", HTTPStatus: 200, Err: fmt.Errorf("no user id in %s", out.Message)}
	}
	return out, err
}

// DeleteUser removes a user (DELETE users/:id).
func (c *Client) DeleteUser(ctx context.Context, userID string) (Answer, error) {
	return c.simple(ctx, "delete user", "DELETE", userID, "", "")
}

// simple runs a body-less per-user call whose answer is only a message.
func (c *Client) simple(ctx context.Context, op, method, userID, rest, version string) (Answer, error) {
	path, err := userPath(userID, rest)
	if err != nil {
		return Answer{}, fmt.Errorf("biometrics: %s: %w", op, err)
	}
	var out Answer
	err = c.call(ctx, request{op: op, method: method, path: path, idempotent: true, version: version}, nil, &out)
	return out, err
}
