package biometrics

import (
	"context"
	"encoding/json"
	"fmt"
)

// DocumentRequest is the body of Validate Document.
type DocumentRequest struct {
	// Front and Back are photos (JPEG/PNG, at most 1 MB each). Back may
	// be nil for a passport, whose data page goes as Front alone.
	Front, Back []byte
	// DocType is "idcard" (default) or "passport".
	DocType string
	// Type (1.1) is "regular" (default, synchronous) or "pooling".
	Type string
	// ProcessID is the caller's own process reference.
	ProcessID string
}

// DocumentResult is a document validation's answer. Fields, Validations
// and Images vary by OCR provider and are kept as raw JSON. FrontCut,
// BackCut, Photo and Signature are base64 image crops: keep them in memory
// only (Photo is the ID portrait for SelfieCompare).
type DocumentResult struct {
	Answer
	Result      string          `json:"result,omitempty"`
	Side        string          `json:"side,omitempty"`
	Reference   string          `json:"reference,omitempty"`
	Process     string          `json:"process,omitempty"`
	FrontCut    string          `json:"frontCut,omitempty"`
	BackCut     string          `json:"backCut,omitempty"`
	Photo       string          `json:"photo,omitempty"`
	Signature   string          `json:"signature,omitempty"`
	Fields      json.RawMessage `json:"fields,omitempty"`
	Validations json.RawMessage `json:"validations,omitempty"`
	Images      json.RawMessage `json:"images,omitempty"`
}

// Processing reports a pooling-mode answer still in progress.
func (r DocumentResult) Processing() bool { return r.Message == MsgProcessing }

// ValidateDocument sends both sides as multipart (POST document/validate).
// A regular validation is retried (it stores nothing on the client's
// users); a pooling one (Type "pooling") is not, after a server error or a
// transport failure, since the first attempt may have started a process
// whose id was lost with the answer and a repeat would start another:
// only PROBLEM_OCURRED_REPEAT_REQUEST, which says nothing was started, is
// repeated.
func (c *Client) ValidateDocument(ctx context.Context, d DocumentRequest) (DocumentResult, error) {
	var out DocumentResult
	build := func() ([]byte, string, error) {
		f := newForm().photo("front", d.Front)
		if d.Back != nil {
			f.photo("back", d.Back)
		}
		f.field("doctype", d.DocType).field("processId", d.ProcessID)
		if c.version == "1.1" {
			f.field("type", d.Type)
		}
		return f.done()
	}
	err := c.call(ctx, request{op: "validate document", method: "POST", path: "document/validate", idempotent: !d.pooling()}, build, &out)
	return out, err
}

// ValidateDocumentBase64 sends both sides as base64 JSON
// (POST document/validate-base64). Retried as ValidateDocument is: a
// regular validation is, a pooling one is not.
func (c *Client) ValidateDocumentBase64(ctx context.Context, d DocumentRequest) (DocumentResult, error) {
	var out DocumentResult
	build := func() ([]byte, string, error) {
		sides := map[string][]byte{"front": d.Front}
		if d.Back != nil {
			sides["back"] = d.Back
		}
		body := map[string]string{}
		for name, b := range sides {
			if err := CheckPhoto(b); err != nil {
				return nil, "", fmt.Errorf("%s: %w", name, err)
			}
			body[name] = EncodeBase64(b, false)
		}
		for k, v := range map[string]string{"doctype": d.DocType, "processId": d.ProcessID} {
			if v != "" {
				body[k] = v
			}
		}
		if c.version == "1.1" && d.Type != "" {
			body["type"] = d.Type
		}
		return jsonBody(body)
	}
	err := c.call(ctx, request{op: "validate document base64", method: "POST", path: "document/validate-base64", idempotent: !d.pooling()}, build, &out)
	return out, err
}

// DocumentPooling fetches a pooling-mode validation's result (1.1 only).
// Retried: a poll changes nothing but the result's retention. The
// biokiosk sandbox answers a fetched result again, the same, for 2
// minutes after its first fetch (longer than the default retries take),
// so a poll repeated after a lost answer gets the result rather than
// PROCESS_NOT_FOUND; the vendor's docs do not say whether their service
// hands a result out more than once (docs/api-choices.md, OCR).
func (c *Client) DocumentPooling(ctx context.Context, process, processID string) (DocumentResult, error) {
	var out DocumentResult
	if process == "" {
		return out, fmt.Errorf("biometrics: document pooling: %w: process", ErrMissingArgument)
	}
	build := func() ([]byte, string, error) {
		return newForm().field("process", process).field("processId", processID).done()
	}
	err := c.call(ctx, request{op: "document pooling", method: "POST", path: "document/pooling", idempotent: true, version: "1.1"}, build, &out)
	return out, err
}

// pooling reports a pooling-mode validation, which starts a process on
// the server.
func (d DocumentRequest) pooling() bool { return d.Type == "pooling" }

// CompareRequest is the body of Verify document photo.
type CompareRequest struct {
	// Photo1 is the selfie, Photo2 the document's portrait.
	Photo1, Photo2 []byte
	LivenessID     string // 1.1
	Liveness       bool   // 1.0
}

// CompareResult is Verify document photo's answer; a failed comparison is
// an outcome (FACE_COMPARISON_FAILED, Status false).
type CompareResult struct {
	Answer
	Verified   bool       `json:"verified"`
	Confidence Confidence `json:"confidence,omitempty"`
	// Reason says why a photo was refused (e.g. no face on it).
	Reason string `json:"reason,omitempty"`
}

// SelfieCompare compares a selfie with a document portrait (multipart).
// Retried.
func (c *Client) SelfieCompare(ctx context.Context, r CompareRequest) (CompareResult, error) {
	var out CompareResult
	build := func() ([]byte, string, error) {
		f := newForm().photo("photo1", r.Photo1).photo("photo2", r.Photo2)
		if c.version == "1.1" {
			f.field("livenessId", r.LivenessID)
		} else if r.Liveness {
			f.field("liveness", "true")
		}
		return f.done()
	}
	err := c.call(ctx, request{op: "selfie compare", method: "POST", path: "document/selfie-compare", idempotent: true}, build, &out, MsgFaceComparisonFailed)
	return out, err
}

// SelfieCompareBase64 is SelfieCompare with a base64 JSON body; dataURI
// sends the photos as data: URIs, as the 1.0 example does. Retried.
func (c *Client) SelfieCompareBase64(ctx context.Context, r CompareRequest, dataURI bool) (CompareResult, error) {
	var out CompareResult
	build := func() ([]byte, string, error) {
		for name, b := range map[string][]byte{"photo1": r.Photo1, "photo2": r.Photo2} {
			if err := CheckPhoto(b); err != nil {
				return nil, "", fmt.Errorf("%s: %w", name, err)
			}
		}
		body := map[string]any{"photo1": EncodeBase64(r.Photo1, dataURI), "photo2": EncodeBase64(r.Photo2, dataURI)}
		if c.version == "1.1" && r.LivenessID != "" {
			body["livenessId"] = r.LivenessID
		} else if c.version == "1.0" && r.Liveness {
			body["liveness"] = true
		}
		return jsonBody(body)
	}
	err := c.call(ctx, request{op: "selfie compare base64", method: "POST", path: "document/selfie-compare-base64", idempotent: true}, build, &out, MsgFaceComparisonFailed)
	return out, err
}
