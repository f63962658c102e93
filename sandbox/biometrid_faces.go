package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"strings"

	"biokiosk/sandbox/face"
)

const noFaceReason = "No faces found on 'photo'"

func conf(s float64) string { return fmt.Sprintf("%.2f", math.Max(0, math.Min(1, s))) }

// facePhoto parses the request, checks liveness for 1.1 when the client
// requires it, and returns the faces of the photo. ok is false when an
// answer was already written.
func (s *Server) facePhoto(q *req) (faces []face.Found, ok bool) {
	f, ok := requestForm(q)
	if !ok {
		return nil, false
	}
	img, err := f.image("photo")
	if err != nil {
		fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat)
		return nil, false
	}
	if !s.livenessOK(q, f) {
		return nil, false
	}
	faces, err = s.faces.AnalyseContext(q.r.Context(), img, false)
	if s.answeredErr(q, err) {
		return nil, false
	}
	return faces, true
}

// livenessOK consumes the request's livenessId when the client requires
// liveness on 1.1. Find User Id by Face, documented on 1.0 only, has just
// the 1.0 liveness flag, so there it must be true (it is client-asserted,
// as the docs say). When it fails it has answered.
func (s *Server) livenessOK(q *req, f *form) bool {
	if !q.client.LivenessRequired {
		return true
	}
	if strings.HasSuffix(q.r.URL.Path, "/users/find-by-face") {
		if f.value("liveness") != "true" {
			fail(q.w, http.StatusBadRequest, msgLivenessRequired)
			return false
		}
		return true
	}
	if q.version != "1.1" {
		return true
	}
	used, err := s.db.useLiveness(q.r.Context(), f.value("livenessId"), q.client.Key)
	if err != nil {
		s.serverError(q.w, q.r, err)
		return false
	}
	if !used {
		fail(q.w, http.StatusBadRequest, msgLivenessRequired)
		return false
	}
	return true
}

// oneFace answers the no-face / several-faces outcomes; failMsg is the
// endpoint's failure constant.
func oneFace(q *req, faces []face.Found, failMsg message) (face.Embedding, bool) {
	switch len(faces) {
	case 0:
		fail(q.w, http.StatusOK, failMsg, "reason", noFaceReason)
		return nil, false
	case 1:
		return faces[0].Emb, true
	}
	fail(q.w, http.StatusOK, msgMultipleFacesDetected)
	return nil, false
}

// probe returns the embedding of the request photo's one face; ok is
// false when an answer was written (bad photo, no face, several faces).
func (s *Server) probe(q *req, failMsg message) (face.Embedding, bool) {
	faces, ok := s.facePhoto(q)
	if !ok {
		return nil, false
	}
	return oneFace(q, faces, failMsg)
}

// enrolled returns the user's face template, or answers
// ENROLL_USER_FACE_FIRST.
func (s *Server) enrolled(q *req) (face.Embedding, bool) {
	tmpl, has := s.faces.Template(q.userID)
	if !has {
		fail(q.w, http.StatusBadRequest, msgEnrollUserFaceFirst)
	}
	return tmpl, has
}

// storeFace saves the user's template in the database, then the
// in-memory gallery; false when it answered a server error.
func (s *Server) storeFace(q *req, emb face.Embedding) bool {
	if err := s.db.putFace(q.r.Context(), q.userID, emb); err != nil {
		s.serverError(q.w, q.r, err)
		return false
	}
	s.faces.Put(q.userID, q.client.Key, emb)
	return true
}

// enrolSearched runs between enrollFace's duplicate search and its
// store: a seam for the race test.
var enrolSearched = func() {}

// enrollFace enrols the photo's face unless the user has one or the
// client's gallery holds it already; the check and the store are one
// critical section per client gallery (the analysis runs before it).
func (s *Server) enrollFace(q *req) {
	emb, ok := s.probe(q, msgFaceEnrollmentFailed)
	if !ok {
		return
	}
	unlock := s.galleries.lock(q.client.Key)
	defer unlock()
	if _, has := s.faces.Template(q.userID); has {
		fail(q.w, http.StatusOK, msgFaceEnrollmentFailed, "reason", "User already has a face enrolled; use adapt")
		return
	}
	if ms := s.faces.Search(q.client.Key, emb, q.userID); len(ms) > 0 {
		fail(q.w, http.StatusOK, msgFaceAlreadyDetectedOnGallery, "detectedId", ms[0].ID,
			"confidence", math.Round(ms[0].Score*100)/100, "alreadyExists", true)
		return
	}
	enrolSearched()
	if s.storeFace(q, emb) {
		reply(q.w, http.StatusOK, true, msg(msgFaceEnrolledWithSuccess, "enrolled", true))
	}
}

func (s *Server) verifyFace(q *req) {
	tmpl, ok := s.enrolled(q)
	if !ok {
		return
	}
	emb, ok := s.probe(q, msgFaceEnrollmentFailed)
	if !ok {
		return
	}
	sim := face.Similarity(emb, tmpl)
	reply(q.w, http.StatusOK, true, msg(msgFaceRecognizedWithSuccess, "verified", sim >= FaceThreshold, "confidence", conf(sim)))
}

func (s *Server) adaptFace(q *req) {
	tmpl, ok := s.enrolled(q)
	if !ok {
		return
	}
	emb, ok := s.probe(q, msgFaceAdaptFailed)
	if !ok {
		return
	}
	if face.Similarity(emb, tmpl) < FaceThreshold {
		fail(q.w, http.StatusOK, msgFaceNotRealiableToAdapt, "alreadyExists", false)
		return
	}
	if s.storeFace(q, emb) {
		reply(q.w, http.StatusOK, true, msg(msgFaceAdaptedWithSuccess, "adapted", true))
	}
}

func (s *Server) deleteFace(q *req) {
	deleted, err := s.db.deleteFace(q.r.Context(), q.userID)
	if err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	if !deleted {
		fail(q.w, http.StatusBadRequest, msgEnrollUserFaceFirst)
		return
	}
	s.faces.Remove(q.userID)
	reply(q.w, http.StatusOK, true, msg(msgUserFaceCredentialsDeleted))
}

func (s *Server) findByFace(q *req) {
	emb, ok := s.probe(q, msgFaceEnrollmentFailed)
	if !ok {
		return
	}
	ms := s.faces.Search(q.client.Key, emb, "")
	if len(ms) == 0 {
		reply(q.w, http.StatusOK, true, msg(msgFaceRecognizedWithSuccess, "verified", false))
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgFaceRecognizedWithSuccess, "verified", true, "userId", ms[0].ID, "confidence", conf(ms[0].Score)))
}

func (s *Server) findByMultiple(q *req) {
	faces, ok := s.facePhoto(q)
	if !ok {
		return
	}
	if len(faces) == 0 {
		fail(q.w, http.StatusOK, msgFaceEnrollmentFailed, "reason", noFaceReason)
		return
	}
	found := []map[string]string{}
	seen := map[string]bool{}
	for _, f := range faces {
		if ms := s.faces.Search(q.client.Key, f.Emb, ""); len(ms) > 0 && !seen[ms[0].ID] {
			seen[ms[0].ID] = true
			found = append(found, map[string]string{"userId": ms[0].ID, "confidence": conf(ms[0].Score)})
		}
	}
	reply(q.w, http.StatusOK, true, msg(msgFaceRecognizedWithSuccess, "verified", len(found) > 0, "usersFound", found))
}

// findFaceProperties estimates age, gender and expressions (SSR-Net age
// and gender, the expression network; emotions scoring ≥ 0.2, strongest
// first).
func (s *Server) findFaceProperties(q *req) {
	f, ok := requestForm(q)
	if !ok {
		return
	}
	img, err := f.image("photo")
	if err != nil {
		fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat)
		return
	}
	n, props, err := s.faces.Properties(img)
	if s.answeredErr(q, err) {
		return
	}
	switch {
	case n == 0:
		fail(q.w, http.StatusOK, msgFacePropertiesFailed, "reason", noFaceReason)
	case n > 1:
		fail(q.w, http.StatusOK, msgMultipleFacesDetected)
	default:
		reply(q.w, http.StatusOK, true, msg(msgFaceRecognizedWithSuccess, "properties", props))
	}
}

// selfieCompare compares a selfie with a document portrait (photo1 and
// photo2, as files or base64 with or without a data: prefix): the main
// face of each, at the face threshold. A non-match is the docs'
// FACE_COMPARISON_FAILED; a photo without a face is the same with a
// reason.
func (s *Server) selfieCompare(q *req) {
	f, ok := requestForm(q)
	if !ok {
		return
	}
	var embs [2]face.Embedding
	for i, name := range []string{"photo1", "photo2"} {
		img, err := f.image(name)
		if err != nil {
			fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat)
			return
		}
		faces, err := s.faces.AnalyseContext(q.r.Context(), img, false)
		if s.answeredErr(q, err) {
			return
		}
		if len(faces) == 0 {
			fail(q.w, http.StatusOK, msgFaceComparisonFailed, "reason", "No faces found on '"+name+"'")
			return
		}
		embs[i] = faces[0].Emb
	}
	if !s.livenessOK(q, f) {
		return
	}
	sim := face.Similarity(embs[0], embs[1])
	if sim < FaceThreshold {
		fail(q.w, http.StatusOK, msgFaceComparisonFailed) // the docs' failure body
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgFaceComparedWithSuccess, "verified", true, "confidence", conf(sim)))
}
