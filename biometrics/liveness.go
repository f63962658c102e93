package biometrics

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"biokiosk/biometrics/httpcore"
)

// ZoomMeta is the liveness engine's meta block.
type ZoomMeta struct {
	OK   bool   `json:"ok"`
	Code int    `json:"code"`
	Mode string `json:"mode"`
	// M is the engine's timing block (bt, zb, zp, zw, st in the 1.1 docs).
	M       map[string]float64 `json:"m,omitempty"`
	Message string             `json:"message,omitempty"`
}

// ZoomData is the liveness engine's verdict.
type ZoomData struct {
	LivenessResult               string  `json:"livenessResult"`
	LivenessScore                float64 `json:"livenessScore"`
	GlassesScore                 float64 `json:"glassesScore"`
	GlassesDecision              bool    `json:"glassesDecision"`
	RetryFeedbackSuggestion      int     `json:"retryFeedbackSuggestion"`
	Message                      string  `json:"message,omitempty"`
	FacemapIsLowQuality          bool    `json:"facemapIsLowQuality,omitempty"`
	CreationStatusFromZoomServer string  `json:"creationStatusFromZoomServer,omitempty"`
	ErrorFromZoomServer          *string `json:"errorFromZoomServer,omitempty"`
}

// ZoomResult is the liveness engine's answer ({meta, data}, no status).
type ZoomResult struct {
	Meta ZoomMeta `json:"meta"`
	Data ZoomData `json:"data"`
}

// Passed reports a "passed" liveness verdict.
func (z ZoomResult) Passed() bool { return z.Data.LivenessResult == "passed" }

// LivenessHost authenticates calls to the 1.0 liveness host.
type LivenessHost struct {
	// AppToken is the liveness account's x-app-token.
	AppToken string
	// UserAgent is the engine-generated x-user-agent string.
	UserAgent string
}

func (h LivenessHost) header() (http.Header, error) {
	if h.AppToken == "" {
		return nil, fmt.Errorf("%w: liveness app token", ErrMissingArgument)
	}
	hd := http.Header{}
	hd.Set("x-app-token", h.AppToken)
	if h.UserAgent != "" {
		hd.Set("x-user-agent", h.UserAgent)
	}
	return hd, nil
}

// LivenessSession is the 1.0 Biometrics Liveness body (sent as JSON).
type LivenessSession struct {
	// ZoomSessionData is the engine's session blob, base64.
	ZoomSessionData string `json:"zoomSessionData,omitempty"`
	// SessionID traces the session.
	SessionID string `json:"sessionId,omitempty"`
	// AuditTrail holds base64 images captured during the session.
	AuditTrail []string `json:"auditTrail"`
}

// LivenessStatusResult is the liveness host's status (undocumented by the
// vendor; shape chosen in docs/api-choices.md).
type LivenessStatusResult struct {
	Meta ZoomMeta `json:"meta"`
	Data struct {
		Status string `json:"status"`
	} `json:"data"`
}

// LivenessStatus asks the 1.0 liveness host whether it runs
// (GET biometrics/status). Retried.
func (c *Client) LivenessStatus(ctx context.Context, h LivenessHost) (LivenessStatusResult, error) {
	var out LivenessStatusResult
	err := c.bare(ctx, "liveness status", "GET", "biometrics/status", h, nil, &out)
	return out, err
}

// Liveness runs the 1.0 liveness check on a session
// (POST biometrics/liveness on the liveness host). Retried only when the
// server asks.
func (c *Client) Liveness(ctx context.Context, h LivenessHost, s LivenessSession) (ZoomResult, error) {
	var out ZoomResult
	if len(s.AuditTrail) == 0 && s.ZoomSessionData == "" {
		return out, fmt.Errorf("biometrics: liveness: %w: audit trail or session data", ErrMissingArgument)
	}
	err := c.bare(ctx, "liveness", "POST", "biometrics/liveness", h, s, &out)
	return out, err
}

func (c *Client) bare(ctx context.Context, op, method, path string, h LivenessHost, body any, out any) error {
	hd, err := h.header()
	if err != nil {
		return fmt.Errorf("biometrics: %s: %w", op, err)
	}
	r := request{op: op, method: method, path: path, liveness: true, bare: true, header: hd, idempotent: method == "GET"}
	if body != nil {
		if r.body, r.contentType, err = jsonBody(body); err != nil {
			return fmt.Errorf("biometrics: %s: %w", op, err)
		}
	}
	a, err := c.do(ctx, r)
	if err != nil {
		return err
	}
	if err := unmarshalLenient(a.data, out); err != nil {
		return &DecodeError{Client: "biometrics", Op: op, HTTPStatus: a.http, Err: err}
	}
	httpcore.SanitizeStrings(out)
	return nil
}

// LivenessValidation is the 1.1 Liveness Validation body.
type LivenessValidation struct {
	ZoomSessionID string
	// Facemap is base64 data from a mobile SDK.
	Facemap string
	// ZoomSessionData is the web SDK's data file.
	ZoomSessionData []byte
	// AuditTrailImages are frames (JPEG/PNG) of the session, sent as
	// base64 auditTrailImage fields.
	AuditTrailImages [][]byte
	ProcessID        string
	// ZoomVersion is the x-zoom-version header (e.g. "custom-v2").
	ZoomVersion string
}

// LivenessValidationResult is the 1.1 answer. A failed check is an
// outcome: Status false, Message LIVENESS_FAILED.
type LivenessValidationResult struct {
	Answer
	LivenessID     string     `json:"livenessId,omitempty"`
	LivenessResult ZoomResult `json:"livenessResult"`
}

// ValidateLiveness validates a liveness session and returns the
// livenessId that later 1.1 face calls pass (POST /api/1.1/liveness/validate;
// it exists only in 1.1). Retried only when the server asks.
func (c *Client) ValidateLiveness(ctx context.Context, v LivenessValidation) (LivenessValidationResult, error) {
	var out LivenessValidationResult
	if len(v.AuditTrailImages) == 0 && v.Facemap == "" && v.ZoomSessionData == nil {
		return out, fmt.Errorf("biometrics: validate liveness: %w: frames, facemap or session data", ErrMissingArgument)
	}
	r := request{op: "validate liveness", method: "POST", path: "liveness/validate", version: "1.1"}
	if v.ZoomVersion != "" {
		r.header = http.Header{"X-Zoom-Version": {v.ZoomVersion}}
	}
	build := func() ([]byte, string, error) {
		f := newForm().field("zoomSessionId", v.ZoomSessionID).field("facemap", v.Facemap).field("processId", v.ProcessID)
		for i, img := range v.AuditTrailImages {
			if err := CheckPhoto(img); err != nil {
				return nil, "", fmt.Errorf("audit trail image %d: %w", i, err)
			}
			f.field("auditTrailImage", EncodeBase64(img, false))
		}
		if v.ZoomSessionData != nil {
			f.file("zoomSessionData", "session.zip", "application/zip", v.ZoomSessionData)
		}
		return f.done()
	}
	err := c.call(ctx, r, build, &out, MsgLivenessFailed)
	if err == nil && out.Status && out.LivenessID == "" {
		err = &DecodeError{Client: "biometrics", Op: r.op, HTTPStatus: 200, Err: errors.New("no livenessId")}
	}
	return out, err
}
