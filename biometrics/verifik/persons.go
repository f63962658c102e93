package verifik

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Person is an enrolled identity (the fields the kiosk reads; the shape
// varies by endpoint, so everything but _id is optional).
type Person struct {
	ID          string   `json:"_id"`
	Name        string   `json:"name"`
	Status      string   `json:"status"`
	Notes       string   `json:"notes"`
	Collections []string `json:"-"`
}

// UnmarshalJSON accepts "id" as well as "_id" (verify's match uses id)
// and collections as ids or objects.
func (p *Person) UnmarshalJSON(b []byte) error {
	var w struct {
		ID          string            `json:"_id"`
		AltID       string            `json:"id"`
		Name        string            `json:"name"`
		Status      string            `json:"status"`
		Notes       any               `json:"notes"`
		Collections []json.RawMessage `json:"collections"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	p.ID, p.Name, p.Status = w.ID, w.Name, w.Status
	p.Notes, _ = w.Notes.(string) // notes that are not a string are not ours
	if p.ID == "" {
		p.ID = w.AltID
	}
	p.Collections = nil
	for _, c := range w.Collections {
		id, _, err := idOrObject[struct{}](c)
		if err != nil {
			return fmt.Errorf("collections: %w", err)
		}
		p.Collections = append(p.Collections, id)
	}
	return nil
}

func (p *Person) check() error {
	if p.ID == "" {
		return errors.New("person without _id")
	}
	return checkIDs(map[string]string{"person _id": p.ID})
}

type personList []Person

func (l *personList) check() error {
	if *l == nil {
		return errors.New("lookup answer without a list")
	}
	for i := range *l {
		if err := (*l)[i].check(); err != nil {
			return err
		}
	}
	return nil
}

// LookupPersons finds persons whose name contains name (case-insensitive,
// at least 3 characters; a metadata lookup, not a face search). The
// first page of up to 100 is returned.
func (c *Client) LookupPersons(ctx context.Context, name string) ([]Person, error) {
	const op = "lookup persons"
	if len(strings.TrimSpace(name)) < 3 {
		return nil, fmt.Errorf("verifik: %s: a name of at least 3 characters: %w", op, ErrMissingArgument)
	}
	var out personList
	err := c.call(ctx, request{op: op, method: http.MethodGet, path: "/v2/face-recognition/persons/lookup",
		query: url.Values{"name": {name}, "page": {"1"}, "limit": {"100"}}, auth: auth{client: true}}, &out)
	return out, err
}

// Person reads one person.
func (c *Client) Person(ctx context.Context, id string) (Person, error) {
	const op = "get person"
	if id == "" {
		return Person{}, fmt.Errorf("verifik: %s: %w", op, ErrMissingArgument)
	}
	var out Person
	err := c.call(ctx, request{op: op, method: http.MethodGet, path: "/v2/face-recognition/persons/" + url.PathEscape(id), auth: auth{client: true}}, &out)
	return out, err
}

// UpdatePersonImages replaces every enrolled face of a person with these
// photos (1–3).
func (c *Client) UpdatePersonImages(ctx context.Context, id string, jpegs ...[]byte) (Person, error) {
	const op = "update person"
	if id == "" || len(jpegs) == 0 || len(jpegs) > 3 {
		return Person{}, fmt.Errorf("verifik: %s: a person id and 1–3 images: %w", op, ErrMissingArgument)
	}
	var imgs []string
	for _, j := range jpegs {
		if err := checkImage(j); err != nil {
			return Person{}, fmt.Errorf("verifik: %s: %w", op, err)
		}
		imgs = append(imgs, rawBase64(j))
	}
	var out Person
	err := c.call(ctx, request{op: op, method: http.MethodPut, path: "/v2/face-recognition/persons/" + url.PathEscape(id),
		body: map[string]any{"images": imgs}, auth: auth{client: true}}, &out)
	return out, err
}

// PersonUpdate holds the metadata fields of a person to write ("" leaves
// a field as it is); both are documented fields of the create and update
// calls.
type PersonUpdate struct {
	Name, Notes string
}

// UpdatePerson writes a person's name and/or notes
// (PUT /v2/face-recognition/persons/{id} without images, so the enrolled
// faces stay).
func (c *Client) UpdatePerson(ctx context.Context, id string, u PersonUpdate) (Person, error) {
	const op = "update person"
	body := map[string]any{}
	if u.Name != "" {
		body["name"] = u.Name
	}
	if u.Notes != "" {
		body["notes"] = u.Notes
	}
	if id == "" || len(body) == 0 {
		return Person{}, fmt.Errorf("verifik: %s: a person id and a name or notes: %w", op, ErrMissingArgument)
	}
	var out Person
	err := c.call(ctx, request{op: op, method: http.MethodPut, path: "/v2/face-recognition/persons/" + url.PathEscape(id),
		body: body, auth: auth{client: true}}, &out)
	return out, err
}

// DeletePerson deletes a person permanently.
func (c *Client) DeletePerson(ctx context.Context, id string) error {
	const op = "delete person"
	if id == "" {
		return fmt.Errorf("verifik: %s: %w", op, ErrMissingArgument)
	}
	return c.call(ctx, request{op: op, method: http.MethodDelete, path: "/v2/face-recognition/persons/" + url.PathEscape(id), auth: auth{client: true}}, nil)
}
