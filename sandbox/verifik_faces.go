package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"biokiosk/sandbox/face"
)

// Verifik face recognition (liveness, verify, search-live-face) and
// persons, with a client JWT.

func vkPersonJSON(p vkPerson) map[string]any {
	cols := []string{}
	if p.Collection != "" {
		cols = append(cols, p.Collection)
	}
	return map[string]any{"_id": p.ID, "name": p.Name, "notes": p.Notes, "client": p.Account, "collections": cols, "status": p.Status,
		"thumbnails": []any{}, "createdAt": p.Created, "updatedAt": p.Updated}
}

func (s *Server) vkLiveness(q *vkReq) {
	if !q.os() {
		return
	}
	min, ok := q.score("liveness_min_score", vkDefaultLivenessMin, false)
	if !ok {
		return
	}
	fc, ok := s.vkFace(q, q.str("image"), true)
	if !ok {
		return
	}
	sc := round2(fc.Liveness)
	vkCertified(q.w, map[string]any{"passed": sc > min, "min_score": min, "liveness_score": sc})
}

// images reads 1–3 base64 images of one field; anything but a list of
// 1–3 strings is refused (409 MissingParameter). On failure it has answered.
func (q *vkReq) images(k string) ([]string, bool) {
	raw, _ := q.body[k].([]any)
	var out []string
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	if len(raw) == 0 || len(raw) > 3 || len(out) != len(raw) {
		vkMissing(q.w, fmt.Sprintf("%q must hold 1–3 base64 images", k))
		return nil, false
	}
	return out, true
}

// vkSearchCollection resolves collection_id (an _id or a code), or the
// account's default collection; on failure it has answered.
func (s *Server) vkSearchCollection(q *vkReq) (string, bool) {
	if c := q.str("collection_id"); c != "" {
		id, err := s.vkCollection(q.r.Context(), q.account, c)
		if err != nil {
			vkCoded(q.w, http.StatusNotFound, "collection_not_found")
			return "", false
		}
		return id, true
	}
	id, err := s.vkDefaultCollection(q.r.Context(), q.account)
	if err != nil {
		s.vkInternal(q, err)
		return "", false
	}
	if id == "" {
		vkCoded(q.w, http.StatusConflict, "collection_not_set")
		return "", false
	}
	return id, true
}

func (s *Server) vkVerifyFace(q *vkReq) {
	id := q.str("id")
	if id == "" {
		vkMissing(q.w, `"id" is required`)
		return
	}
	imgs, ok := q.images("images")
	if !ok {
		return
	}
	min, ok := q.score("min_score", 0, true)
	if !ok || !q.searchMode() {
		return
	}
	p, err := s.vkPerson(q.r.Context(), q.account, id)
	if err == nil && q.str("collection_id") != "" {
		var col string
		if col, err = s.vkCollection(q.r.Context(), q.account, q.str("collection_id")); err == nil && col != p.Collection {
			err = errNotFound
		}
	}
	switch {
	case errors.Is(err, errNotFound):
		vkPersonNotFound(q)
		return
	case err != nil:
		s.vkInternal(q, err)
		return
	}
	var blob []byte
	if err := s.db.db.QueryRowContext(q.r.Context(), `SELECT embedding FROM vk_persons WHERE id = ?`, p.ID).Scan(&blob); err != nil {
		s.vkInternal(q, err)
		return
	}
	tmpl := face.Embedding(blobToFloats(blob))
	best := 0.0
	for _, img := range imgs {
		fc, ok := s.vkFace(q, img, false) // verify has no liveness
		if !ok {
			return
		}
		best = max(best, vkShownScore(face.Dot(fc.Emb, tmpl)))
	}
	if best < min {
		// Non-match (the spec has no example): 200 with a null match.
		vkCertified(q.w, map[string]any{"match": nil, "score": best, "min_score": min})
		return
	}
	m := vkPersonJSON(p)
	m["id"], m["score"], m["gender"], m["date_of_birth"] = p.ID, best, nil, nil
	vkCertified(q.w, map[string]any{"match": m})
}

// vkPersonNotFound answers 404 with the persons page's body.
func vkPersonNotFound(q *vkReq) {
	vkErrBody(q.w, http.StatusNotFound, "PERSON_NOT_FOUND", map[string]any{"error": "Person not found", "message": "PERSON_NOT_FOUND"})
}

func (s *Server) vkSearchLiveFace(q *vkReq) {
	if !q.os() || !q.searchMode() {
		return
	}
	lmin, ok := q.score("liveness_min_score", 0, true)
	if !ok {
		return
	}
	min, ok := q.score("min_score", 0, true)
	if !ok {
		return
	}
	col, ok := s.vkSearchCollection(q)
	if !ok {
		return
	}
	fc, ok := s.vkFace(q, q.str("image"), true)
	if !ok || !vkLive(q, fc, lmin) {
		return
	}
	persons := []map[string]any{}
	for _, m := range s.vkWithin(vkGroup(col), fc.Emb, min, "") {
		persons = append(persons, map[string]any{"id": m.ID, "score": m.Score})
	}
	vkCertified(q.w, map[string]any{"persons": persons, "liveness_score": round2(fc.Liveness)})
}

func (s *Server) vkLookup(q *vkReq) {
	v := q.r.URL.Query()
	name := strings.TrimSpace(v.Get("name"))
	if len(name) < 3 {
		vkMissing(q.w, `"name" length must be at least 3 characters long`)
		return
	}
	page, limit := atoiOr(v.Get("page"), 1), atoiOr(v.Get("limit"), 20)
	if page < 1 || limit < 1 || limit > 100 {
		vkMissing(q.w, `"page" must be ≥ 1 and "limit" 1–100`)
		return
	}
	list := []map[string]any{}
	total := 0
	// The sandbox stores no date of birth: a lookup by one finds nobody.
	if v.Get("date_of_birth") == "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(name)) + "%"
		if err := s.db.db.QueryRowContext(q.r.Context(), `SELECT count(*) FROM vk_persons WHERE account = ? AND lower(name) LIKE ? ESCAPE '\'`, q.account, like).Scan(&total); err != nil {
			s.vkInternal(q, err)
			return
		}
		rows, err := s.db.db.QueryContext(q.r.Context(), `SELECT `+vkPersonColumns+` FROM vk_persons
			WHERE account = ? AND lower(name) LIKE ? ESCAPE '\' ORDER BY created LIMIT ? OFFSET ?`, q.account, like, limit, (page-1)*limit)
		if err != nil {
			s.vkInternal(q, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			var p vkPerson
			if err := rows.Scan(&p.ID, &p.Account, &p.Collection, &p.Name, &p.Notes, &p.Status, &p.Created, &p.Updated); err != nil {
				s.vkInternal(q, err)
				return
			}
			list = append(list, vkPersonJSON(p))
		}
		if err := rows.Err(); err != nil {
			s.vkInternal(q, err)
			return
		}
	}
	q.w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(q.w).Encode(map[string]any{"data": list, "total": total, "limit": limit, "page": page, "pages": (total + limit - 1) / limit})
}

func atoiOr(s string, def int) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// vkLoadPerson loads the path's person; on failure it has answered.
func (s *Server) vkLoadPerson(q *vkReq) (vkPerson, bool) {
	p, err := s.vkPerson(q.r.Context(), q.account, q.r.PathValue("id"))
	switch {
	case errors.Is(err, errNotFound):
		vkPersonNotFound(q)
		return p, false
	case err != nil:
		s.vkInternal(q, err)
		return p, false
	}
	return p, true
}

func (s *Server) vkGetPerson(q *vkReq) {
	if p, ok := s.vkLoadPerson(q); ok {
		vkResource(q.w, vkPersonJSON(p))
	}
}

// vkUpdatePerson writes the person's name and notes when sent and, with
// images, replaces its faces (the template is the mean of their
// embeddings, renormalised; no liveness is checked). Other fields are
// not stored by the sandbox.
func (s *Server) vkUpdatePerson(q *vkReq) {
	p, ok := s.vkLoadPerson(q)
	if !ok {
		return
	}
	for k, dst := range map[string]*string{"name": &p.Name, "notes": &p.Notes} {
		v, sent := q.body[k]
		if !sent {
			continue
		}
		str, isStr := v.(string)
		if !isStr || (k == "name" && strings.TrimSpace(str) == "") {
			vkMissing(q.w, fmt.Sprintf("%q must be a non-empty string", k))
			return
		}
		*dst = strings.TrimSpace(str)
	}
	var emb face.Embedding
	if _, sent := q.body["images"]; sent {
		imgs, ok := q.images("images")
		if !ok {
			return
		}
		var embs []face.Embedding
		for _, img := range imgs {
			fc, ok := s.vkFace(q, img, false)
			if !ok {
				return
			}
			embs = append(embs, fc.Emb)
		}
		emb = meanEmbedding(embs)
	}
	p.Updated = now()
	var err error
	if emb != nil {
		_, err = s.db.db.ExecContext(q.r.Context(), `UPDATE vk_persons SET name = ?, notes = ?, embedding = ?, updated = ? WHERE id = ?`,
			p.Name, p.Notes, floatsToBlob(emb), p.Updated, p.ID)
	} else {
		_, err = s.db.db.ExecContext(q.r.Context(), `UPDATE vk_persons SET name = ?, notes = ?, updated = ? WHERE id = ?`,
			p.Name, p.Notes, p.Updated, p.ID)
	}
	if err != nil {
		s.vkInternal(q, err)
		return
	}
	if emb != nil && p.Collection != "" {
		s.faces.Put(p.ID, vkGroup(p.Collection), emb)
	}
	vkResource(q.w, vkPersonJSON(p))
}

// meanEmbedding is the renormalised mean of unit embeddings.
func meanEmbedding(embs []face.Embedding) face.Embedding {
	out := make(face.Embedding, len(embs[0]))
	for _, e := range embs {
		for i := range out {
			if i < len(e) {
				out[i] += e[i]
			}
		}
	}
	n := face.Dot(out, out)
	if n <= 0 {
		return embs[0]
	}
	inv := float32(1 / math.Sqrt(n))
	for i := range out {
		out[i] *= inv
	}
	return out
}

// vkDeletePerson deletes the person, or with ?collection= only detaches
// it from that collection (it leaves the 1:N gallery).
func (s *Server) vkDeletePerson(q *vkReq) {
	p, ok := s.vkLoadPerson(q)
	if !ok {
		return
	}
	ctx := q.r.Context()
	var err error
	if c := q.r.URL.Query().Get("collection"); c != "" {
		col, cerr := s.vkCollection(ctx, q.account, c)
		if cerr != nil || col != p.Collection {
			vkCoded(q.w, http.StatusNotFound, "collection_not_found")
			return
		}
		_, err = s.db.db.ExecContext(ctx, `UPDATE vk_persons SET collection = '', updated = ? WHERE id = ?`, now(), p.ID)
		p.Collection = ""
	} else {
		_, err = s.db.db.ExecContext(ctx, `DELETE FROM vk_persons WHERE id = ?`, p.ID)
	}
	if err != nil {
		s.vkInternal(q, err)
		return
	}
	s.faces.Remove(p.ID)
	vkResource(q.w, vkPersonJSON(p))
}
