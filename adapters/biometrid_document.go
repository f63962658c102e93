package adapters

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"biokiosk/biometrics"
	"biokiosk/flow"
)

var _ flow.DocumentBackend = BiometrID{}

// ValidateDocument implements flow.DocumentBackend with Validate Document
// (multipart). A passport's data page goes as the front alone. A
// status:false answer under HTTP 200 (the server could not read the
// document) is a refusal the flow answers with another capture.
func (b BiometrID) ValidateDocument(ctx context.Context, kind flow.DocType, front, back []byte) (flow.DocumentCheck, error) {
	r, err := b.C.ValidateDocument(ctx, biometrics.DocumentRequest{Front: front, Back: back, DocType: string(kind)})
	var ae *biometrics.APIError
	if errors.As(err, &ae) && ae.HTTPStatus == http.StatusOK {
		return flow.DocumentCheck{Refused: flow.Code(ae.Code()), Reason: ae.Reason}, nil
	}
	if err != nil {
		return flow.DocumentCheck{}, err
	}
	return documentCheck(r)
}

// documentCheck reads a Validate Document answer: valid when the overall
// result and the validations' overall value are good; the reason lists
// the validations that failed.
func documentCheck(r biometrics.DocumentResult) (flow.DocumentCheck, error) {
	out := flow.DocumentCheck{Fields: map[string]string{}}
	if len(r.Fields) > 0 {
		var raw map[string]any
		if err := json.Unmarshal(r.Fields, &raw); err != nil {
			return out, &biometrics.DecodeError{Client: "biometrics", Op: "validate document", HTTPStatus: http.StatusOK, Err: fmt.Errorf("fields: %w", err)}
		}
		flatten("", raw, out.Fields)
	}
	checks := map[string]string{}
	if len(r.Validations) > 0 {
		var raw map[string]any
		if err := json.Unmarshal(r.Validations, &raw); err != nil {
			return out, &biometrics.DecodeError{Client: "biometrics", Op: "validate document", HTTPStatus: http.StatusOK, Err: fmt.Errorf("validations: %w", err)}
		}
		flatten("", raw, checks)
	}
	var failed []string
	for k, v := range checks {
		if k != "value" && strings.HasPrefix(strings.ToUpper(v), "FAIL") {
			failed = append(failed, k)
		}
	}
	sort.Strings(failed)
	result := strings.ToUpper(r.Result)
	out.Valid = r.OK() && (result == "GOOD" || result == "OK") && !strings.HasPrefix(strings.ToUpper(checks["value"]), "FAIL")
	if !out.Valid {
		out.Reason = "result " + r.Result
		if len(failed) > 0 {
			out.Reason = "failed checks: " + strings.Join(failed, ", ")
		}
	}
	portrait, err := portraitOf(r)
	if err != nil {
		return out, &biometrics.DecodeError{Client: "biometrics", Op: "validate document", HTTPStatus: http.StatusOK, Err: err}
	}
	out.Portrait = portrait
	return out, nil
}

// portraitOf decodes the document's face crop: images.photo (providerB)
// or photo (providerA).
func portraitOf(r biometrics.DocumentResult) ([]byte, error) {
	s := r.Photo
	if s == "" && len(r.Images) > 0 {
		var imgs struct {
			Photo string `json:"photo"`
		}
		if err := json.Unmarshal(r.Images, &imgs); err != nil {
			return nil, fmt.Errorf("images: %w", err)
		}
		s = imgs.Photo
	}
	if s == "" {
		return nil, nil
	}
	if i := strings.Index(s, ";base64,"); strings.HasPrefix(s, "data:") && i > 0 {
		s = s[i+len(";base64,"):]
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("portrait: %w", err)
	}
	return b, nil
}

// flatten copies a decoded JSON object's scalar values into out, nested
// keys joined with dots (mrz.line0); numbers and booleans become text.
func flatten(prefix string, in map[string]any, out map[string]string) {
	for k, v := range in {
		key := prefix + k
		switch v := v.(type) {
		case map[string]any:
			flatten(key+".", v, out)
		case string:
			out[key] = v
		case nil:
		default:
			out[key] = fmt.Sprint(v)
		}
	}
}

// CompareSelfie implements flow.DocumentBackend with Verify document photo
// (multipart). FACE_COMPARISON_FAILED with a reason (no face on a photo)
// is a refused photo; without one it is a comparison that did not match.
func (b BiometrID) CompareSelfie(ctx context.Context, selfie, portrait []byte) (flow.Match, error) {
	r, err := b.C.SelfieCompare(ctx, biometrics.CompareRequest{Photo1: selfie, Photo2: portrait})
	if err != nil {
		return flow.Match{}, err
	}
	m := flow.Match{Matched: r.OK() && r.Verified, Confidence: float64(r.Confidence)}
	if !r.OK() && r.Reason != "" {
		m.Refused, m.Reason = flow.Code(r.Message), r.Reason
	}
	return m, nil
}
