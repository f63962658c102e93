package verifik

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"biokiosk/biometrics/httpcore"
)

// Registration statuses.
const (
	StatusStarted             = "STARTED"
	StatusOngoing             = "ONGOING"
	StatusCompleted           = "COMPLETED"
	StatusCompletedWithoutKYC = "COMPLETED_WITHOUT_KYC"
	StatusFailed              = "FAILED"
	StatusNeedsManualVerify   = "NEEDS_MANUAL_VERIFICATION"
	StatusExpired             = "EXPIRED"
)

// NewAppRegistration is the enrollee's contact data for a new app
// registration: an email or a phone (with its country code) is required.
type NewAppRegistration struct {
	Email, Phone, CountryCode     string
	FullName, FirstName, LastName string
	Language                      string
}

// AppRegistration is one onboarding attempt. Person and
// BiometricValidation are ids; with populates the server may send the
// objects instead, which fill PersonObject.
type AppRegistration struct {
	ID                  string `json:"_id"`
	Project             string `json:"project"`
	ProjectFlow         string `json:"projectFlow"`
	Status              string `json:"status"`
	Email               string `json:"email"`
	Phone               string `json:"phone"`
	CountryCode         string `json:"countryCode"`
	CurrentStep         string `json:"currentStep"`
	Person              string `json:"-"`
	BiometricValidation string `json:"-"`
	AssignedCollection  string `json:"-"`
	PersonObject        *Person
}

// UnmarshalJSON reads the id-or-object fields.
func (a *AppRegistration) UnmarshalJSON(b []byte) error {
	type plain AppRegistration
	var w struct {
		plain
		Person              json.RawMessage `json:"person"`
		BiometricValidation json.RawMessage `json:"biometricValidation"`
		AssignedCollection  json.RawMessage `json:"assignedCollection"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = AppRegistration(w.plain)
	var err error
	var p *Person
	if a.Person, p, err = idOrObject[Person](w.Person); err != nil {
		return fmt.Errorf("person: %w", err)
	}
	a.PersonObject = p
	if a.BiometricValidation, _, err = idOrObject[struct {
		ID string `json:"_id"`
	}](w.BiometricValidation); err != nil {
		return fmt.Errorf("biometricValidation: %w", err)
	}
	if a.AssignedCollection, _, err = idOrObject[struct {
		ID string `json:"_id"`
	}](w.AssignedCollection); err != nil {
		return fmt.Errorf("assignedCollection: %w", err)
	}
	return nil
}

// idOrObject reads a field that is an id string or a populated object
// with an _id.
func idOrObject[T any](raw json.RawMessage) (string, *T, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return "", nil, nil
	}
	if s[0] == '"' {
		var id string
		err := json.Unmarshal(raw, &id)
		return id, nil, err
	}
	var obj T
	if err := json.Unmarshal(raw, &obj); err != nil {
		return "", nil, err
	}
	var id struct {
		ID string `json:"_id"`
	}
	_ = json.Unmarshal(raw, &id)
	return id.ID, &obj, nil
}

func (a *AppRegistration) check() error {
	if a.ID == "" {
		return errors.New("app registration without _id")
	}
	return checkIDs(map[string]string{"app registration _id": a.ID, "person": a.Person,
		"biometricValidation": a.BiometricValidation, "assignedCollection": a.AssignedCollection})
}

// checkIDs checks the ids an answer names (empty ones are absent): they
// enter paths and the kiosk's memory only as plain ids.
func checkIDs(ids map[string]string) error { return httpcore.CheckVendorIDs(ids) }

type created struct {
	AppRegistration AppRegistration `json:"appRegistration"`
	Token           string          `json:"token"`
}

func (c *created) check() error {
	if err := c.AppRegistration.check(); err != nil {
		return err
	}
	if c.Token == "" {
		return errors.New("no app-registration token")
	}
	return nil
}

// CreateAppRegistration starts an onboarding attempt in the configured
// project and flow (client JWT). Its token is held in memory for the
// registration's own calls; it is never returned or stored.
func (c *Client) CreateAppRegistration(ctx context.Context, n NewAppRegistration) (AppRegistration, error) {
	const op = "create app registration"
	if c.project == "" || c.flow == "" {
		return AppRegistration{}, fmt.Errorf("verifik: %s: %w", op, ErrNotConfigured)
	}
	if n.Email == "" && n.Phone == "" {
		return AppRegistration{}, fmt.Errorf("verifik: %s: an email or a phone is required: %w", op, ErrMissingArgument)
	}
	body := map[string]string{"project": c.project, "projectFlow": c.flow}
	for k, v := range map[string]string{"email": n.Email, "phone": n.Phone, "countryCode": n.CountryCode,
		"fullName": n.FullName, "firstName": n.FirstName, "lastName": n.LastName, "language": n.Language} {
		if v != "" {
			body[k] = v
		}
	}
	var out created
	if err := c.call(ctx, request{op: op, method: http.MethodPost, path: "/v2/app-registrations", body: body, auth: auth{client: true}}, &out); err != nil {
		return AppRegistration{}, err
	}
	if err := c.holdRegistration(out.AppRegistration.ID, out.Token); err != nil {
		return AppRegistration{}, &DecodeError{Client: "verifik", Op: op, HTTPStatus: http.StatusOK, Err: err}
	}
	return out.AppRegistration, nil
}

// BiometricAppRegistration sends the selfie of an app registration (its
// own token): liveness, dedupe and the person's creation happen on the
// server with the flow's thresholds. force replaces a person already set
// on the registration. Refusals are *Error: LIVENESS_FAILED (Score),
// PERSON_ALREADY_SET, COLLECTION_NOT_SET, APP_REGISTRATION_NOT_FOUND.
func (c *Client) BiometricAppRegistration(ctx context.Context, registrationID string, jpeg []byte, force bool) (AppRegistration, error) {
	const op = "biometric app-registration"
	if registrationID == "" {
		return AppRegistration{}, fmt.Errorf("verifik: %s: %w", op, ErrMissingArgument)
	}
	if err := checkImage(jpeg); err != nil {
		return AppRegistration{}, fmt.Errorf("verifik: %s: %w", op, err)
	}
	body := map[string]any{"image": "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(jpeg), "os": "DESKTOP"}
	if force {
		// Sent only when forcing, as the docs' samples do (default false).
		body["force"] = true
	}
	var out AppRegistration
	err := c.call(ctx, request{op: op, method: http.MethodPost, path: "/v2/biometric-validations/app-registration", body: body, auth: auth{reg: registrationID}}, &out)
	return out, err
}

// SyncResult is the answer to a sync.
type SyncResult struct {
	// Token is the enrollee's final token (proof of a completed step for
	// our own back end); keep it out of logs.
	Token             string `json:"token"`
	Step              string `json:"step"`
	Status            string `json:"status"`
	AppRegistrationID string `json:"appRegistrationId"`
}

func (s *SyncResult) check() error {
	if s.Status == "" {
		return errors.New("sync answer without status")
	}
	return checkIDs(map[string]string{"appRegistrationId": s.AppRegistrationID})
}

// Sync moves an app registration to a step and status (e.g. "end",
// COMPLETED). The server decides the resulting status: read it.
func (c *Client) Sync(ctx context.Context, registrationID, step, status string) (SyncResult, error) {
	const op = "sync app registration"
	if registrationID == "" || step == "" || status == "" {
		return SyncResult{}, fmt.Errorf("verifik: %s: %w", op, ErrMissingArgument)
	}
	var out SyncResult
	err := c.call(ctx, request{op: op, method: http.MethodPut, path: "/v2/app-registrations/" + url.PathEscape(registrationID) + "/sync",
		body: map[string]string{"step": step, "status": status}, auth: auth{reg: registrationID}}, &out)
	return out, err
}

// AppRegistration reads a registration (client JWT), with populates such
// as "person" or "biometricValidation".
func (c *Client) AppRegistration(ctx context.Context, id string, populates ...string) (AppRegistration, error) {
	const op = "get app registration"
	if id == "" {
		return AppRegistration{}, fmt.Errorf("verifik: %s: %w", op, ErrMissingArgument)
	}
	var out AppRegistration
	err := c.call(ctx, request{op: op, method: http.MethodGet, path: "/v2/app-registrations/" + url.PathEscape(id),
		query: url.Values{"populates[]": populates}, auth: auth{client: true}}, &out)
	return out, err
}

// checkImage refuses what the kiosk must not send: not a JPEG, over 1 MB.
func checkImage(jpeg []byte) error {
	switch {
	case len(jpeg) > MaxImageBytes:
		return ErrImageTooLarge
	case len(jpeg) < 3 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 || jpeg[2] != 0xFF:
		return ErrNotJPEG
	}
	return nil
}
