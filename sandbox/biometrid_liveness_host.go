package sandbox

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
)

// The 1.0 liveness host (face.biometrid.com in production): its own
// envelope {"meta": …, "data": …} and an x-app-token header, which the
// sandbox checks against its client keys. Shapes: docs/api-choices.md.

type meta struct {
	OK      bool   `json:"ok"`
	Code    int    `json:"code"`
	Mode    string `json:"mode"`
	Message string `json:"message,omitempty"`
}

func metaReply(w http.ResponseWriter, code int, message string, d any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(struct {
		Meta meta `json:"meta"`
		Data any  `json:"data,omitempty"`
	}{meta{OK: code == http.StatusOK, Code: code, Mode: "sandbox", Message: message}, d})
}

// appToken checks x-app-token; when it fails it has answered.
func (s *Server) appToken(w http.ResponseWriter, r *http.Request) bool {
	tok := r.Header.Get("x-app-token")
	if tok == "" {
		metaReply(w, http.StatusBadRequest, "x-app-token header missing", nil)
		return false
	}
	c, err := s.db.client(r.Context(), tok)
	if err != nil || subtle.ConstantTimeCompare([]byte(tok), []byte(c.Key)) != 1 {
		metaReply(w, http.StatusUnauthorized, "invalid x-app-token", nil)
		return false
	}
	return true
}

func (s *Server) livenessStatus(w http.ResponseWriter, r *http.Request) {
	if s.appToken(w, r) {
		metaReply(w, http.StatusOK, "", map[string]string{"status": "running"})
	}
}

// livenessCheck scores the auditTrail images (a JSON array of base64
// strings, or repeated multipart fields or files); zoomSessionData alone
// is a proprietary blob the sandbox cannot judge, so it is refused.
func (s *Server) livenessCheck(w http.ResponseWriter, r *http.Request) {
	if !s.appToken(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	f, err := parseForm(r)
	if err != nil {
		metaReply(w, http.StatusBadRequest, "malformed request", nil)
		return
	}
	imgs, err := f.images("auditTrail")
	if err != nil || len(imgs) == 0 {
		metaReply(w, http.StatusBadRequest, "auditTrail images (JPEG or PNG, base64) are required: the sandbox scores them", nil)
		return
	}
	score, err := s.scoreBurst(r.Context(), imgs)
	if badInput(err) {
		metaReply(w, http.StatusBadRequest, "auditTrail holds an image that cannot be decoded", nil)
		return
	}
	if err != nil {
		s.log.Error("sandbox: liveness", "err", err)
		metaReply(w, http.StatusInternalServerError, "problem occurred, repeat the request", nil)
		return
	}
	passed := score >= livenessPass
	d := map[string]any{"livenessResult": "failed", "livenessScore": score, "glassesScore": 0, "glassesDecision": false,
		"retryFeedbackSuggestion": 0, "message": "The facemap did not exhibit liveness."}
	if passed {
		d["livenessResult"], d["message"] = "passed", "The facemap exhibited liveness"
	}
	metaReply(w, http.StatusOK, "", d)
}
