package sandbox

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// The 1.0 liveness host (face.biometrid.com in production): its own
// envelope {"meta": …, "data": …} and an x-app-token header, which the
// sandbox checks against its clients' app tokens. Shapes:
// docs/api-choices.md.

type meta struct {
	OK      bool   `json:"ok"`
	Code    int    `json:"code"`
	Mode    string `json:"mode"`
	Message string `json:"message,omitempty"`
}

func metaReply(w http.ResponseWriter, code int, message string, d any) {
	if sw, ok := w.(*statusWriter); ok {
		sw.message = message
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(struct {
		Meta meta `json:"meta"`
		Data any  `json:"data,omitempty"`
	}{meta{OK: code == http.StatusOK, Code: code, Mode: "sandbox", Message: message}, d})
}

// The liveness host's x-app-token is a secret of its own, as BioPass
// ID's subscription key is (docs/sandbox.md): 32 random hex characters
// per client, minted on first use. The BiometrID key alone, which is no
// secret, does not authenticate; the host keeps the client's quota and
// request log as every other route does.
const livenessHostSchema = `
CREATE TABLE IF NOT EXISTS liveness_app_tokens (
	client TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, created TEXT NOT NULL);`

// ensureLivenessAppToken creates the client's app token if it has none;
// it reports whether it did.
func (s *Server) ensureLivenessAppToken(ctx context.Context, clientKey string) (bool, error) {
	res, err := s.db.db.ExecContext(ctx, `INSERT INTO liveness_app_tokens (client, token, created) VALUES (?, ?, ?)
		ON CONFLICT(client) DO NOTHING`, clientKey, randomHex(32), now())
	if err != nil {
		return false, fmt.Errorf("sandbox: liveness app token: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// LivenessAppToken returns the sandbox client's x-app-token for the 1.0
// liveness host, creating it on first use.
func (s *Server) LivenessAppToken(ctx context.Context) (string, error) {
	if _, err := s.ensureLivenessAppToken(ctx, s.creds[0]); err != nil {
		return "", err
	}
	var tok string
	if err := s.db.db.QueryRowContext(ctx, `SELECT token FROM liveness_app_tokens WHERE client = ?`, s.creds[0]).Scan(&tok); err != nil {
		return "", fmt.Errorf("sandbox: liveness app token: %w", err)
	}
	return tok, nil
}

// livenessClient is the client whose app token is tok, or errNotFound.
func (s *Server) livenessClient(ctx context.Context, tok string) (client, error) {
	var stored, clientKey string
	err := s.db.db.QueryRowContext(ctx, `SELECT token, client FROM liveness_app_tokens WHERE token = ?`, tok).Scan(&stored, &clientKey)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return client{}, errNotFound
	case err != nil:
		return client{}, err
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(stored)) != 1 {
		return client{}, errNotFound
	}
	return s.db.client(ctx, clientKey)
}

// livenessHost wraps a liveness-host handler as api wraps BiometrID's:
// panic recovery, the body cap, the x-app-token check, the client's
// request quota (402, as BiometrID's REQUEST_LIMIT_REACHED) and the
// request log (route and outcome only).
func (s *Server) livenessHost(h func(w http.ResponseWriter, r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: 200}
		start := time.Now()
		clientKey := ""
		defer func() {
			s.served(r, sw, start, clientKey, "sandbox: liveness handler panic", recover(), func(w http.ResponseWriter) {
				metaReply(w, http.StatusInternalServerError, "problem occurred, repeat the request", nil)
			})
		}()
		r.Body = http.MaxBytesReader(sw, r.Body, MaxBodyBytes)
		tok := r.Header.Get("x-app-token")
		if tok == "" {
			metaReply(sw, http.StatusBadRequest, "x-app-token header missing", nil)
			return
		}
		c, err := s.livenessClient(r.Context(), tok)
		if errors.Is(err, errNotFound) {
			metaReply(sw, http.StatusUnauthorized, "invalid x-app-token", nil)
			return
		}
		if err != nil {
			s.logFault(r, "sandbox: liveness app token", err)
			metaReply(sw, http.StatusInternalServerError, "problem occurred, repeat the request", nil)
			return
		}
		clientKey = c.Key
		ok, err := s.db.countRequest(r.Context(), c.Key)
		if err != nil {
			s.logFault(r, "sandbox: liveness quota", err)
			metaReply(sw, http.StatusInternalServerError, "problem occurred, repeat the request", nil)
			return
		}
		if !ok {
			metaReply(sw, http.StatusPaymentRequired, "request limit reached", nil)
			return
		}
		h(sw, r)
	}
}

func (s *Server) livenessStatus(w http.ResponseWriter, r *http.Request) {
	metaReply(w, http.StatusOK, "", map[string]string{"status": "running"})
}

// livenessCheck scores the auditTrail images (a JSON array of base64
// strings, or repeated multipart fields or files); zoomSessionData alone
// is a proprietary blob the sandbox cannot judge, so it is refused.
func (s *Server) livenessCheck(w http.ResponseWriter, r *http.Request) {
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
