package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"biokiosk/sandbox/face"
)

// The Verifik API (../shared/spec/verifik-api.md) on the same face
// engine and database: app registrations with the biometric step, sync,
// liveness, verify, search-live-face, persons and token renewal. Error
// bodies are Verifik's {"code","message"} with "NNN:code[@score]"
// messages. What the spec leaves open is written in docs/api-choices.md
// under "Verifik".

// vkReq is one authenticated Verifik request.
type vkReq struct {
	w       http.ResponseWriter
	r       *http.Request
	claims  vkClaims
	client  client
	body    map[string]any
	account string
}

// vkErr writes a Verifik error body {"code","message"}.
func vkErr(w http.ResponseWriter, status int, code, message string) {
	vkErrBody(w, status, code, map[string]any{"code": code, "message": message})
}

// vkErrBody writes an error body of another shape (the spec shows a few:
// with "status", or {"error","message"}); logCode is what the request
// log records.
func vkErrBody(w http.ResponseWriter, status int, logCode string, body map[string]any) {
	if sw, ok := w.(*statusWriter); ok {
		sw.message = logCode
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// vkCoded writes the common form {"code":c,"message":"NNN:c"}.
func vkCoded(w http.ResponseWriter, status int, code string) {
	vkErr(w, status, code, fmt.Sprintf("%d:%s", status, code))
}

// vkMissing writes a validation failure (409 MissingParameter).
func vkMissing(w http.ResponseWriter, message string) {
	vkErr(w, http.StatusConflict, "MissingParameter", message)
}

// vkResource writes the resource envelope {"data": …}.
func vkResource(w http.ResponseWriter, d any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"data": d})
}

// vkCertified writes the biometrics envelope {"id","data","signature"}.
func vkCertified(w http.ResponseWriter, d any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"id": strings.ToUpper(randomHex(3))[:5], "data": d,
		"signature": map[string]string{"message": "Certified by Verifik.co", "dateTime": time.Now().UTC().Format("January 2, 2006 3:04 PM")}})
}

// vkAuthFailure is why a request's token was not taken.
type vkAuthFailure int

const (
	vkNoToken   vkAuthFailure = iota // no Authorization header
	vkBadToken                       // bad signature or shape, or an unknown account
	vkExpired                        // expired
	vkWrongKind                      // a token of another kind
)

// vkAuthAnswer answers a refused token as the biometrics and resource
// routes do (spec §2.1).
func vkAuthAnswer(w http.ResponseWriter, f vkAuthFailure) {
	switch f {
	case vkExpired:
		vkErr(w, http.StatusForbidden, "FORBIDDEN", "token_expired")
	case vkWrongKind:
		vkErr(w, http.StatusForbidden, "Forbidden", "Access forbidden")
	default:
		vkErr(w, http.StatusUnauthorized, "UNAUTHORIZED", "Authentication required")
	}
}

// verifik wraps a Verifik handler with panic recovery, the token check
// (kind is the token type the route takes), the request quota, the body
// cap and JSON parsing, and the request log (route and outcome only).
func (s *Server) verifik(kind string, h func(*vkReq)) http.HandlerFunc {
	return s.vkWrap(kind, vkAuthAnswer, h)
}

// vkWrap is verifik with the answer to a refused token as a hook (the
// renewal route answers those its own way). A database failure while
// the token's account or the quota is checked is a 500, not a refusal.
func (s *Server) vkWrap(kind string, refuse func(http.ResponseWriter, vkAuthFailure), h func(*vkReq)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: 200}
		start := time.Now()
		clientKey := ""
		defer func() {
			s.served(r, sw, start, clientKey, "sandbox: verifik handler panic", recover(), func(w http.ResponseWriter) {
				vkErr(w, http.StatusInternalServerError, "ERROR", "internal_error")
			})
		}()
		internal := func(what string, err error) {
			s.log.Error("sandbox: verifik "+what, "path", r.URL.Path, "err", err)
			vkErr(sw, http.StatusInternalServerError, "ERROR", "internal_error")
		}
		tok := bearer(r.Header.Get("Authorization"))
		if tok == "" {
			refuse(sw, vkNoToken)
			return
		}
		claims, err := vkVerify(s.vkSecret, tok)
		switch {
		case errors.Is(err, errVKExpired):
			refuse(sw, vkExpired)
			return
		case err != nil:
			refuse(sw, vkBadToken)
			return
		case claims.Typ != kind:
			refuse(sw, vkWrongKind)
			return
		}
		c, err := s.vkClientOf(r.Context(), claims.Sub)
		switch {
		case errors.Is(err, errNotFound):
			refuse(sw, vkBadToken)
			return
		case err != nil:
			internal("account", err)
			return
		}
		clientKey = c.Key
		ok, err := s.db.countRequest(r.Context(), c.Key)
		switch {
		case err != nil:
			internal("quota", err)
			return
		case !ok:
			vkErr(sw, http.StatusTooManyRequests, "TooManyRequests", "429:request_limit_reached")
			return
		}
		q := &vkReq{w: sw, r: r, claims: claims, client: c, account: claims.Sub, body: map[string]any{}}
		if r.Method == http.MethodPost || r.Method == http.MethodPut {
			r.Body = http.MaxBytesReader(sw, r.Body, MaxBodyBytes)
			if err := decodeJSONBody(r.Body, &q.body); err != nil || q.body == nil {
				vkErr(sw, http.StatusBadRequest, "BadRequest", "400:invalid_json_body")
				return
			}
		}
		h(q)
	}
}

// vkRoutes mounts the Verifik routes on m.
func (s *Server) vkRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /v2/app-registrations", s.verifik(vkClientToken, s.vkCreateRegistration))
	m.HandleFunc("GET /v2/app-registrations/{id}", s.verifik(vkClientToken, s.vkGetRegistration))
	m.HandleFunc("PUT /v2/app-registrations/{id}/sync", s.verifik(vkRegToken, s.vkSync))
	m.HandleFunc("POST /v2/biometric-validations/app-registration", s.verifik(vkRegToken, s.vkBiometric))
	m.HandleFunc("POST /v2/face-recognition/liveness", s.verifik(vkClientToken, s.vkLiveness))
	m.HandleFunc("POST /v2/face-recognition/verify", s.verifik(vkClientToken, s.vkVerifyFace))
	m.HandleFunc("POST /v2/face-recognition/search-live-face", s.verifik(vkClientToken, s.vkSearchLiveFace))
	m.HandleFunc("GET /v2/face-recognition/persons/lookup", s.verifik(vkClientToken, s.vkLookup))
	m.HandleFunc("GET /v2/face-recognition/persons/{id}", s.verifik(vkClientToken, s.vkGetPerson))
	m.HandleFunc("PUT /v2/face-recognition/persons/{id}", s.verifik(vkClientToken, s.vkUpdatePerson))
	m.HandleFunc("DELETE /v2/face-recognition/persons/{id}", s.verifik(vkClientToken, s.vkDeletePerson))
	m.HandleFunc("GET /v2/auth/session", s.vkWrap(vkClientToken, vkRenewRefusal, s.vkRenew))
}

// str is a string field of the body ("" when absent or not a string).
func (q *vkReq) str(k string) string {
	v, _ := q.body[k].(string)
	return strings.TrimSpace(v)
}

// score reads a 0.5–1 score field; def is used when it is absent and
// required refuses the absence. On failure it has answered.
func (q *vkReq) score(k string, def float64, required bool) (float64, bool) {
	v, ok := q.body[k]
	if !ok || v == nil {
		if required {
			vkMissing(q.w, fmt.Sprintf("%q is required", k))
			return 0, false
		}
		return def, true
	}
	f, isNum := v.(float64)
	if !isNum || f < 0.5 || f > 1 {
		vkMissing(q.w, fmt.Sprintf("%q must be a number between 0.5 and 1", k))
		return 0, false
	}
	return f, true
}

// os checks the os field (DESKTOP, IOS, ANDROID); on failure it has answered.
func (q *vkReq) os() bool {
	switch q.str("os") {
	case "DESKTOP", "IOS", "ANDROID":
		return true
	case "":
		vkMissing(q.w, `"os" is required`)
	default:
		vkMissing(q.w, `"os" must be one of [DESKTOP, IOS, ANDROID]`)
	}
	return false
}

// searchMode checks search_mode (FAST, ACCURATE); on failure it has answered.
func (q *vkReq) searchMode() bool {
	switch q.str("search_mode") {
	case "FAST", "ACCURATE":
		return true
	case "":
		vkMissing(q.w, `"search_mode" is required`)
	default:
		vkMissing(q.w, `"search_mode" must be one of [FAST, ACCURATE]`)
	}
	return false
}

// vkFace decodes one base64 image (raw or data URI) and returns its one
// face, with its liveness score when liveness is set (verify and the
// person update need none); on failure it has answered: a liveness model
// that fails is 500 internal_error, not a refused sample; 409
// MissingParameter (absent), 412
// only_images_in_base64 (short, not base64, not an image), 412
// image_too_large (over 1 MB), 409 no_face_detected /
// multiple_faces_detected.
func (s *Server) vkFace(q *vkReq, b64 string, liveness bool) (face.Found, bool) {
	if b64 == "" {
		vkMissing(q.w, `"image" is required`)
		return face.Found{}, false
	}
	img, err := decodeBase64(b64)
	if len(b64) < 100 || err != nil {
		vkErr(q.w, http.StatusPreconditionFailed, "ERROR", "only_images_in_base64")
		return face.Found{}, false
	}
	if err := checkPhoto(img); err != nil {
		if errors.Is(err, errPhotoTooLarge) {
			vkErr(q.w, http.StatusPreconditionFailed, "PreconditionFailed", "412:image_too_large")
		} else {
			vkErr(q.w, http.StatusPreconditionFailed, "ERROR", "only_images_in_base64")
		}
		return face.Found{}, false
	}
	faces, err := s.faces.AnalyseContext(q.r.Context(), img, liveness)
	switch {
	case badInput(err):
		vkErr(q.w, http.StatusPreconditionFailed, "ERROR", "only_images_in_base64")
		return face.Found{}, false
	case err != nil:
		s.vkInternal(q, err)
		return face.Found{}, false
	case len(faces) == 0:
		vkCoded(q.w, http.StatusConflict, "no_face_detected")
		return face.Found{}, false
	case len(faces) > 1:
		vkCoded(q.w, http.StatusConflict, "multiple_faces_detected")
		return face.Found{}, false
	}
	if liveness && faces[0].Liveness < 0 {
		// analyse leaves -1 when the liveness model failed on the face.
		s.vkInternal(q, errors.New("liveness model failed"))
		return face.Found{}, false
	}
	return faces[0], true
}

// vkLive answers 409 liveness_failed@score unless the face's liveness
// score is above min (Verifik: pass ⇔ liveness_score > min_score). The
// score is rounded first, so the decision holds on the value shown.
func vkLive(q *vkReq, f face.Found, min float64) bool {
	sc := round2(f.Liveness)
	if sc > min {
		return true
	}
	vkErr(q.w, http.StatusConflict, "liveness_failed", fmt.Sprintf("409:liveness_failed@%.2f", sc))
	return false
}

func (s *Server) vkInternal(q *vkReq, err error) {
	s.logFault(q.r, "sandbox: verifik internal error", err)
	vkErr(q.w, http.StatusInternalServerError, "ERROR", "internal_error")
}

// VerifikScore maps the face engine's cosine similarity c to Verifik's
// 0–1 score, piecewise linearly: 0 below c = 0, 0.9 at c = FaceThreshold
// (0.40, the sandbox's match point) and 1 at c = 1. Verifik's default
// thresholds (search 0.9, verify 0.85) thus sit at cosine 0.40 and 0.38:
// on the test portraits the same person (cosine 0.58–0.99) scores
// 0.93–1.00 and different people (at most 0.08) at most 0.18.
func VerifikScore(c float64) float64 {
	switch {
	case c <= 0:
		return 0
	case c < FaceThreshold:
		return 0.9 * c / FaceThreshold
	case c >= 1:
		return 1
	}
	return 0.9 + 0.1*(c-FaceThreshold)/(1-FaceThreshold)
}

// round2 rounds a score for the wire.
func round2(f float64) float64 { return math.Round(f*100) / 100 }

// vkShownScore is the Verifik score as the wire shows it (two decimals);
// thresholds are compared with it, so a decision holds on the value shown.
func vkShownScore(c float64) float64 { return round2(VerifikScore(c)) }

// vkWithin returns the group's persons whose shown Verifik score against
// emb is at least min, best first; exclude skips one person.
func (s *Server) vkWithin(group string, emb face.Embedding, min float64, exclude string) []face.Match {
	return s.faces.SearchBy(group, emb, exclude, vkShownScore, min)
}

// vkRenewRefusal answers a refused token on the renewal route as its
// page documents: 409 without a header, 401 otherwise.
func vkRenewRefusal(w http.ResponseWriter, f vkAuthFailure) {
	if f == vkNoToken {
		vkErr(w, http.StatusConflict, "MissingParameter", "missing Authorization header")
		return
	}
	vkErr(w, http.StatusUnauthorized, "Unauthorized", "Invalid or expired token.")
}

// vkRenew extends a valid client token
// (GET /v2/auth/session?origin=refresh&expiresIn=<months>), behind the
// common wrapper with the renewal's own refusals. The header may carry
// the token bare (as the docs show) or after "Bearer ". The answer has
// no envelope, as documented.
func (s *Server) vkRenew(q *vkReq) {
	months := 1
	if v := q.r.URL.Query().Get("expiresIn"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 12 {
			vkMissing(q.w, `"expiresIn" must be 1–12 (months)`)
			return
		}
		months = n
	}
	q.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(q.w).Encode(map[string]string{"accessToken": vkSign(s.vkSecret, vkClaims{Sub: q.account, Typ: vkClientToken},
		time.Duration(months)*vkClientTTL), "tokenType": "bearer"})
}
