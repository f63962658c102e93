package verifik

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Liveness is the answer of the passive liveness check.
type Liveness struct {
	Passed        bool    `json:"passed"`
	MinScore      float64 `json:"min_score"`
	LivenessScore float64 `json:"liveness_score"`
}

// Liveness checks one photo for a live person at the configured minimum
// (passed ⇔ liveness_score > min_score).
func (c *Client) Liveness(ctx context.Context, jpeg []byte) (Liveness, error) {
	const op = "liveness"
	if err := checkImage(jpeg); err != nil {
		return Liveness{}, fmt.Errorf("verifik: %s: %w", op, err)
	}
	var raw struct {
		Passed        *bool    `json:"passed"`
		MinScore      float64  `json:"min_score"`
		LivenessScore *float64 `json:"liveness_score"`
	}
	out := checkFunc(&raw, func() error {
		if raw.Passed == nil || raw.LivenessScore == nil {
			return errors.New("liveness answer without passed/liveness_score")
		}
		return nil
	})
	body := map[string]any{"os": "DESKTOP", "image": rawBase64(jpeg), "liveness_min_score": c.th.Liveness}
	if err := c.call(ctx, request{op: op, method: http.MethodPost, path: "/v2/face-recognition/liveness", body: body, auth: auth{client: true}}, out); err != nil {
		return Liveness{}, err
	}
	return Liveness{Passed: *raw.Passed, MinScore: raw.MinScore, LivenessScore: *raw.LivenessScore}, nil
}

// Verification is the answer of a 1:1 verify. Matched is false when the
// server answered 200 without a match (see docs/api-choices.md, Verifik).
type Verification struct {
	Matched bool
	Score   float64
	Person  Person
}

// Verify compares a photo with an enrolled person at the configured
// minimum score.
func (c *Client) Verify(ctx context.Context, personID string, jpeg []byte) (Verification, error) {
	const op = "verify"
	if personID == "" {
		return Verification{}, fmt.Errorf("verifik: %s: %w", op, ErrMissingArgument)
	}
	if err := checkImage(jpeg); err != nil {
		return Verification{}, fmt.Errorf("verifik: %s: %w", op, err)
	}
	var raw struct {
		Match json.RawMessage `json:"match"`
		Score *float64        `json:"score"`
	}
	// Person has its own UnmarshalJSON, so the score is read apart.
	var match struct {
		Person Person
		Score  float64
	}
	out := checkFunc(&raw, func() error {
		switch m := strings.TrimSpace(string(raw.Match)); {
		case m == "":
			return errors.New("verify answer without match")
		case m == "null":
			return nil
		}
		var sc struct {
			Score float64 `json:"score"`
		}
		if err := json.Unmarshal(raw.Match, &sc); err != nil {
			return err
		}
		match.Score = sc.Score
		if err := json.Unmarshal(raw.Match, &match.Person); err != nil {
			return err
		}
		if match.Person.ID == "" {
			return errors.New("match without id")
		}
		return checkIDs(map[string]string{"match id": match.Person.ID})
	})
	body := map[string]any{"id": personID, "images": []string{rawBase64(jpeg)}, "min_score": c.th.Verify, "search_mode": c.searchMode}
	if c.collection != "" {
		body["collection_id"] = c.collection
	}
	if err := c.call(ctx, request{op: op, method: http.MethodPost, path: "/v2/face-recognition/verify", body: body, auth: auth{client: true}}, out); err != nil {
		return Verification{}, err
	}
	if match.Person.ID == "" {
		v := Verification{}
		if raw.Score != nil {
			v.Score = *raw.Score
		}
		return v, nil
	}
	return Verification{Matched: true, Score: match.Score, Person: match.Person}, nil
}

// Candidate is one person found by a search.
type Candidate struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

// LiveSearch is the answer of search-live-face: candidates best first.
type LiveSearch struct {
	Persons       []Candidate `json:"persons"`
	LivenessScore float64     `json:"liveness_score"`
}

func (s *LiveSearch) check() error {
	if s.Persons == nil {
		return errors.New("search answer without persons")
	}
	for _, p := range s.Persons {
		if p.ID == "" {
			return errors.New("person without id")
		}
		if err := checkIDs(map[string]string{"person id": p.ID}); err != nil {
			return err
		}
	}
	return nil
}

// SearchLiveFace checks liveness and searches the collection (1:N) at
// the configured minimums. A failed liveness check is an *Error with code
// LIVENESS_FAILED and the score.
func (c *Client) SearchLiveFace(ctx context.Context, jpeg []byte) (LiveSearch, error) {
	const op = "search live face"
	if err := checkImage(jpeg); err != nil {
		return LiveSearch{}, fmt.Errorf("verifik: %s: %w", op, err)
	}
	body := map[string]any{"image": rawBase64(jpeg), "os": "DESKTOP", "liveness_min_score": c.th.Liveness,
		"min_score": c.th.Search, "search_mode": c.searchMode}
	if c.collection != "" {
		body["collection_id"] = c.collection
	}
	var out LiveSearch
	err := c.call(ctx, request{op: op, method: http.MethodPost, path: "/v2/face-recognition/search-live-face", body: body, auth: auth{client: true}}, &out)
	// Best first, whatever order the server used.
	for i := 1; i < len(out.Persons); i++ {
		for j := i; j > 0 && out.Persons[j].Score > out.Persons[j-1].Score; j-- {
			out.Persons[j], out.Persons[j-1] = out.Persons[j-1], out.Persons[j]
		}
	}
	return out, err
}

func rawBase64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// checkFunc adapts a plain struct and a check to the checked interface.
func checkFunc(v any, fn func() error) checked { return &adhoc{v, fn} }

type adhoc struct {
	v  any
	fn func() error
}

func (a *adhoc) check() error { return a.fn() }
