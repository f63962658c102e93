package sandbox

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"biokiosk/sandbox/face"
)

// The BioPass ID Multibiometrics API (../shared/spec/biopassid-api.md) on
// the same face engine and database. Its errors are plain text, as the
// vendor's are. Where the spec says NOT FOUND, the sandbox answers:
// duplicate CustomID 409 "CustomID already exists"; unknown CustomID 404
// "CustomID not found"; no usable face 400 "Failed to extract face
// template"; fingerprints 501 (the sandbox has no fingerprint engine).

const biopassSchema = `
CREATE TABLE IF NOT EXISTS biopass_persons (
	client TEXT NOT NULL, custom_id TEXT NOT NULL, biopass_id TEXT NOT NULL,
	embedding BLOB NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (client, custom_id));` + biopassAccountSchema

func bpText(w http.ResponseWriter, code int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	_, _ = fmt.Fprint(w, text)
}

// bpAPIM writes an error as Azure API Management's gateway does (401 for
// the key, 429 for the quota): {"statusCode","message"}.
func bpAPIM(w http.ResponseWriter, code int, message string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": code, "message": message})
}

func bpJSON(w http.ResponseWriter, person map[string]any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"Person": person})
}

// bpPerson is the request's Person.
type bpPerson struct {
	CustomID string              `json:"CustomID"`
	Face     []map[string]string `json:"Face"`
	Fingers  []map[string]string `json:"Fingers"`
}

// biopass wraps a BioPass ID handler with the subscription-key check
// (the account's own key, see BioPassKey), the request quota, the body
// cap and the JSON parsing.
func (s *Server) biopass(h func(w http.ResponseWriter, r *http.Request, a bpAccount, p bpPerson)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				s.log.Error("sandbox: biopass handler panic", "path", r.URL.Path, "panic", fmt.Sprint(rec))
				bpText(w, http.StatusInternalServerError, "Internal server error")
			}
		}()
		a, err := s.bpAccountByKey(r.Context(), r.Header.Get("Ocp-Apim-Subscription-Key"))
		if errors.Is(err, errNotFound) {
			bpAPIM(w, http.StatusUnauthorized, "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.")
			return
		}
		if err != nil {
			bpText(w, http.StatusInternalServerError, "Internal server error")
			return
		}
		if ok, err := s.db.countRequest(r.Context(), a.Client.Key); err != nil || !ok {
			w.Header().Set("Retry-After", "60")
			bpAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded. Try again in 60 seconds.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		var body struct {
			Person *bpPerson `json:"Person"`
		}
		if err := decodeJSONBody(r.Body, &body); err != nil || body.Person == nil || body.Person.CustomID == "" {
			bpText(w, http.StatusBadRequest, "Invalid JSON format")
			return
		}
		h(w, r, a, *body.Person)
	}
}

// bpFace returns the embedding of the request's face, or writes the
// answer and returns false. The analysis stops when the request ends (the
// client gone); a fault of the engine's own is a 500, logged, not the
// client's 400.
func (s *Server) bpFace(w http.ResponseWriter, r *http.Request, p bpPerson) (face.Embedding, bool) {
	if len(p.Fingers) > 0 {
		bpText(w, http.StatusNotImplemented, "Fingerprint matching is not available in the sandbox: send a face")
		return nil, false
	}
	if len(p.Face) == 0 {
		bpText(w, http.StatusBadRequest, "Invalid JSON format")
		return nil, false
	}
	raw := strings.TrimSpace(p.Face[0]["Face-1"])
	if strings.HasPrefix(strings.ToLower(raw), "data:") {
		// The API takes raw base64 (spec §2: no data:image/...;base64, prefix).
		bpText(w, http.StatusBadRequest, "Invalid JSON format")
		return nil, false
	}
	img, err := decodeBase64(raw)
	if err != nil || checkPhoto(img) != nil {
		bpText(w, http.StatusBadRequest, "Invalid JSON format")
		return nil, false
	}
	faces, err := s.faces.AnalyseContext(r.Context(), img, false)
	if err != nil && !badInput(err) {
		s.logFault(r, "sandbox: biopassid face analysis", err)
		bpText(w, http.StatusInternalServerError, "Internal server error")
		return nil, false
	}
	if err != nil || len(faces) != 1 {
		bpText(w, http.StatusBadRequest, "Failed to extract face template")
		return nil, false
	}
	return faces[0].Emb, true
}

// bpLoad returns the stored person's template and BioPassID, or answers
// 404 (unknown CustomID) or 500 and returns false.
func (s *Server) bpLoad(w http.ResponseWriter, r *http.Request, a bpAccount, customID string) (face.Embedding, string, bool) {
	var blob []byte
	var id string
	err := s.db.db.QueryRowContext(r.Context(), `SELECT embedding, biopass_id FROM biopass_persons WHERE client = ? AND custom_id = ?`, a.Client.Key, customID).Scan(&blob, &id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		bpText(w, http.StatusNotFound, "CustomID not found")
		return nil, "", false
	case err != nil:
		bpText(w, http.StatusInternalServerError, "Internal server error")
		return nil, "", false
	}
	return face.Embedding(blobToFloats(blob)), id, true
}

func (s *Server) bpEnroll(w http.ResponseWriter, r *http.Request, a bpAccount, p bpPerson) {
	emb, ok := s.bpFace(w, r, p)
	if !ok {
		return
	}
	id := newID()
	res, err := s.db.db.ExecContext(r.Context(), `INSERT INTO biopass_persons (client, custom_id, biopass_id, embedding, updated) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, a.Client.Key, p.CustomID, id, floatsToBlob(emb), now())
	if err != nil {
		bpText(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	if n, _ := res.RowsAffected(); n == 0 {
		bpText(w, http.StatusConflict, "CustomID already exists")
		return
	}
	bpJSON(w, map[string]any{"ClientID": a.ID, "CustomID": p.CustomID, "BioPassID": id})
}

func (s *Server) bpVerify(w http.ResponseWriter, r *http.Request, a bpAccount, p bpPerson) {
	tmpl, _, ok := s.bpLoad(w, r, a, p.CustomID)
	if !ok {
		return
	}
	emb, ok := s.bpFace(w, r, p)
	if !ok {
		return
	}
	matched := face.Similarity(emb, tmpl) >= FaceThreshold
	var unsent []string
	for i := 1; i <= 10; i++ {
		unsent = append(unsent, fmt.Sprintf("Finger-%d", i)) // no fingers sent: all listed, as the API does
	}
	bpJSON(w, map[string]any{"CustomID": p.CustomID, "Match": matched,
		"MatchDetails": map[string]any{"FaceMatched": matched, "NonMatchedFingers": unsent}})
}

func (s *Server) bpUpdate(w http.ResponseWriter, r *http.Request, a bpAccount, p bpPerson) {
	_, id, ok := s.bpLoad(w, r, a, p.CustomID)
	if !ok {
		return
	}
	emb, ok := s.bpFace(w, r, p)
	if !ok {
		return
	}
	if _, err := s.db.db.ExecContext(r.Context(), `UPDATE biopass_persons SET embedding = ?, updated = ? WHERE client = ? AND custom_id = ?`,
		floatsToBlob(emb), now(), a.Client.Key, p.CustomID); err != nil {
		bpText(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	bpJSON(w, map[string]any{"ClientID": a.ID, "CustomID": p.CustomID, "BioPassID": id})
}

func (s *Server) bpDelete(w http.ResponseWriter, r *http.Request, a bpAccount, p bpPerson) {
	res, err := s.db.db.ExecContext(r.Context(), `DELETE FROM biopass_persons WHERE client = ? AND custom_id = ?`, a.Client.Key, p.CustomID)
	if err != nil {
		bpText(w, http.StatusInternalServerError, "Internal server error")
		return
	}
	if n, _ := res.RowsAffected(); n == 0 {
		bpText(w, http.StatusNotFound, "CustomID not found")
		return
	}
	bpJSON(w, map[string]any{"CustomID": p.CustomID})
}
