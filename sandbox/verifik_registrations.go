package sandbox

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Verifik app registrations (SmartEnroll): create, the biometric step,
// sync and read.

var (
	vkDigits      = regexp.MustCompile(`^\d{4,15}$`)
	vkCountryCode = regexp.MustCompile(`^\+\d{1,3}$`)
	vkEmail       = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// vkRegJSON is a registration as the API shows it.
func vkRegJSON(r vkRegistration) map[string]any {
	d := map[string]any{"_id": r.ID, "client": r.Account, "project": r.Project, "projectFlow": r.Flow, "status": r.Status,
		"email": r.Email, "phone": r.Phone, "countryCode": r.CountryCode, "fullName": r.FullName, "firstName": r.FirstName,
		"lastName": r.LastName, "language": r.Language, "currentStep": r.CurrentStep, "createdAt": r.Created, "updatedAt": r.Updated}
	for k, v := range map[string]string{"person": r.Person, "biometricValidation": r.BiometricValidation, "assignedCollection": r.Collection} {
		if v != "" {
			d[k] = v
		}
	}
	return d
}

func (s *Server) vkCreateRegistration(q *vkReq) {
	ctx := q.r.Context()
	project, flowID := q.str("project"), q.str("projectFlow")
	email, phone, cc := strings.ToLower(q.str("email")), q.str("phone"), q.str("countryCode")
	switch {
	case project == "":
		vkMissing(q.w, `"project" is required`)
		return
	case flowID == "":
		vkMissing(q.w, `"projectFlow" is required`)
		return
	case email == "" && phone == "":
		vkErrBody(q.w, http.StatusConflict, "MissingParameter",
			map[string]any{"message": "Needs an email or a phone at least", "code": "MissingParameter", "status": http.StatusConflict})
		return
	case email != "" && !vkEmail.MatchString(email):
		vkMissing(q.w, "Invalid email format")
		return
	case phone != "" && !vkDigits.MatchString(phone):
		vkMissing(q.w, "phone must hold digits only")
		return
	case phone != "" && cc == "":
		vkMissing(q.w, "missing countryCode")
		return
	case cc != "" && !vkCountryCode.MatchString(cc):
		vkMissing(q.w, "countryCode must be + and 1–3 digits")
		return
	}
	var collection string
	err := s.db.db.QueryRowContext(ctx, `SELECT collection FROM vk_projects WHERE id = ? AND account = ?`, project, q.account).Scan(&collection)
	if err != nil {
		vkCoded(q.w, http.StatusNotFound, "project_not_found")
		return
	}
	f, err := s.vkFlow(ctx, flowID)
	if err != nil || f.Project != project || f.Type != "onboarding" || f.Status != "active" {
		vkCoded(q.w, http.StatusNotFound, "projectFlow_not_found")
		return
	}
	var emailUsed, phoneUsed bool
	if err := s.db.db.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM vk_registrations WHERE project = ? AND email != '' AND email = ?),
		EXISTS (SELECT 1 FROM vk_registrations WHERE project = ? AND phone != '' AND phone = ? AND country_code = ?)`,
		project, email, project, phone, cc).Scan(&emailUsed, &phoneUsed); err != nil {
		s.vkInternal(q, err)
		return
	}
	switch {
	case emailUsed:
		vkCoded(q.w, http.StatusConflict, "email_is_registered_already")
		return
	case phoneUsed:
		vkCoded(q.w, http.StatusConflict, "phone_is_registered_already")
		return
	}
	lang := q.str("language")
	if lang == "" {
		lang = "en"
	}
	r := vkRegistration{ID: newID(), Account: q.account, Project: project, Flow: flowID, Status: "STARTED", Email: email, Phone: phone,
		CountryCode: cc, FullName: q.str("fullName"), FirstName: q.str("firstName"), LastName: q.str("lastName"), Language: lang,
		CurrentStep: "1", Collection: collection, Created: now()}
	r.Updated = r.Created
	if _, err := s.db.db.ExecContext(ctx, `INSERT INTO vk_registrations (`+vkRegColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Account, r.Project, r.Flow, r.Status, r.Email, r.Phone, r.CountryCode, r.FullName, r.FirstName, r.LastName, r.Language,
		r.CurrentStep, r.Person, r.BiometricValidation, r.Collection, r.Created, r.Updated); err != nil {
		// The unique indexes catch a creation that raced this one past the check.
		switch msg := err.Error(); {
		case strings.Contains(msg, "UNIQUE") && strings.Contains(msg, "email"):
			vkCoded(q.w, http.StatusConflict, "email_is_registered_already")
		case strings.Contains(msg, "UNIQUE") && strings.Contains(msg, "phone"):
			vkCoded(q.w, http.StatusConflict, "phone_is_registered_already")
		default:
			s.vkInternal(q, err)
		}
		return
	}
	tok := vkSign(s.vkSecret, vkClaims{Sub: q.account, Typ: vkRegToken, Reg: r.ID}, vkRegTTL)
	vkResource(q.w, map[string]any{"appRegistration": vkRegJSON(r),
		"informationValidation": map[string]string{"_id": vkInformationValidation(r.ID), "fullName": r.FullName, "firstName": r.FirstName, "lastName": r.LastName},
		"token":                 tok})
}

// vkOwnRegistration loads the registration a registration token is
// scoped to; id, when set, must be it. On failure it has answered 404
// appRegistration_not_found.
func (s *Server) vkOwnRegistration(q *vkReq, id string) (vkRegistration, bool) {
	if id != "" && id != q.claims.Reg {
		vkCoded(q.w, http.StatusNotFound, "appRegistration_not_found")
		return vkRegistration{}, false
	}
	r, err := s.vkRegistration(q.r.Context(), q.claims.Reg)
	switch {
	case errors.Is(err, errNotFound) || (err == nil && r.Account != q.account):
		vkCoded(q.w, http.StatusNotFound, "appRegistration_not_found")
		return r, false
	case err != nil:
		s.vkInternal(q, err)
		return r, false
	}
	return r, true
}

// vkBeforePersonWrite, when set (tests), runs between the dedupe and the
// person's write, to widen the window concurrent posts would race in.
var vkBeforePersonWrite func()

// vkBiometric is the selfie step: liveness and dedupe with the flow's
// thresholds, then the person is created (or, with force, its face
// replaced) and linked to the registration. The person is named after
// the registration's id *(biokiosk)*: the spec does not say what name
// the created person gets, so nothing of the registration's data is
// assumed to reach it. Dedupe, write and gallery put run under the
// collection's lock; the registration's link is written only if it is
// still what was read (a concurrent post on the same registration gets
// person_already_set).
func (s *Server) vkBiometric(q *vkReq) {
	ctx := q.r.Context()
	r, ok := s.vkOwnRegistration(q, "")
	if !ok {
		return
	}
	if !q.os() {
		return
	}
	force, _ := q.body["force"].(bool)
	switch {
	case r.Status != "STARTED" && r.Status != "ONGOING":
		vkCoded(q.w, http.StatusConflict, "appRegistration_status_not_allowed")
		return
	case r.Collection == "":
		vkCoded(q.w, http.StatusConflict, "collection_not_set")
		return
	case r.Person != "" && !force:
		vkCoded(q.w, http.StatusConflict, "person_already_set")
		return
	}
	f, err := s.vkFlow(ctx, r.Flow)
	if err != nil {
		s.vkInternal(q, err)
		return
	}
	fc, ok := s.vkFace(q, q.str("image"), true)
	if !ok || !vkLive(q, fc, f.LivenessMin) {
		return
	}
	lock := vkCollectionLock(r.Collection)
	lock.Lock()
	defer lock.Unlock()
	if dup := s.vkWithin(vkGroup(r.Collection), fc.Emb, f.SearchMin, r.Person); len(dup) > 0 {
		vkCoded(q.w, http.StatusConflict, "duplicated_person")
		return
	}
	if vkBeforePersonWrite != nil {
		vkBeforePersonWrite()
	}
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		s.vkInternal(q, err)
		return
	}
	defer tx.Rollback()
	oldPerson, person, t := r.Person, r.Person, now()
	collection := r.Collection // where the template goes ("" if the person was detached)
	if person != "" {
		// force: replace the face of the registration's person. A person
		// deleted meanwhile is not resurrected into the gallery: a new
		// one is made instead.
		err = tx.QueryRowContext(ctx, `UPDATE vk_persons SET embedding = ?, updated = ? WHERE id = ? RETURNING collection`,
			floatsToBlob(fc.Emb), t, person).Scan(&collection)
		if errors.Is(err, sql.ErrNoRows) {
			person, collection, err = "", r.Collection, nil
		}
	}
	if err == nil && person == "" {
		person = newID()
		_, err = tx.ExecContext(ctx, `INSERT INTO vk_persons (id, account, collection, name, status, embedding, created, updated) VALUES (?, ?, ?, ?, 'active', ?, ?, ?)`,
			person, q.account, r.Collection, "appRegistration "+r.ID, floatsToBlob(fc.Emb), t, t)
	}
	var res sql.Result
	if err == nil {
		r.Person, r.BiometricValidation, r.Updated = person, newID(), t
		res, err = tx.ExecContext(ctx, `UPDATE vk_registrations SET person = ?, biometric_validation = ?, updated = ?
			WHERE id = ? AND person = ? AND status IN ('STARTED', 'ONGOING')`,
			r.Person, r.BiometricValidation, r.Updated, r.ID, oldPerson)
	}
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err == nil && n != 1 {
		vkCoded(q.w, http.StatusConflict, "person_already_set") // another post on this registration got there first
		return
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		s.vkInternal(q, err)
		return
	}
	if collection != "" {
		s.faces.Put(person, vkGroup(collection), fc.Emb)
	}
	vkResource(q.w, vkBiometricJSON(r))
}

// vkBiometricJSON is the biometric step's answer: the fields of the
// document's example, no more (informationValidation as an id; the
// names, language and step are not in it).
func vkBiometricJSON(r vkRegistration) map[string]any {
	d := map[string]any{"_id": r.ID, "client": r.Account, "project": r.Project, "projectFlow": r.Flow, "status": r.Status,
		"email": r.Email, "countryCode": r.CountryCode, "phone": r.Phone, "informationValidation": vkInformationValidation(r.ID),
		"createdAt": r.Created, "updatedAt": r.Updated}
	for k, v := range map[string]string{"person": r.Person, "biometricValidation": r.BiometricValidation, "assignedCollection": r.Collection} {
		if v != "" {
			d[k] = v
		}
	}
	return d
}

// vkInformationValidation is the id of a registration's information
// validation (the names given at its creation): derived from the
// registration's id, so every answer names the same one without storing it.
func vkInformationValidation(regID string) string {
	sum := sha256.Sum256([]byte("informationValidation " + regID))
	return hex.EncodeToString(sum[:12])
}

// vkSteps says which statuses each sync step allows (spec §4.4).
var vkSteps = map[string][]string{
	"skipKYC": {"COMPLETED_WITHOUT_KYC"}, "instructions": {"ONGOING"}, "signUpForm": {"ONGOING"}, "basicInformation": {"ONGOING"},
	"document": {"ONGOING"}, "liveness": {"ONGOING"}, "form": {"ONGOING"}, "end": {"COMPLETED", "FAILED", "NEEDS_MANUAL_VERIFICATION"},
}

func (s *Server) vkSync(q *vkReq) {
	r, ok := s.vkOwnRegistration(q, q.r.PathValue("id"))
	if !ok {
		return
	}
	step, status := q.str("step"), q.str("status")
	allowed, known := vkSteps[step]
	switch {
	case !known:
		vkCoded(q.w, http.StatusInternalServerError, "step_not_supported")
		return
	case !slices.Contains(allowed, status):
		vkCoded(q.w, http.StatusConflict, "status_not_allowed_for_step")
		return
	case r.Status != "STARTED" && r.Status != "ONGOING":
		vkCoded(q.w, http.StatusConflict, "appRegistration_status_not_allowed")
		return
	case step == "skipKYC":
		// The sandbox's flow makes the liveness step mandatory.
		vkErr(q.w, http.StatusConflict, "Conflict", "liveness_is_mandatory")
		return
	case step == "end" && status == "COMPLETED" && r.Person == "":
		vkErr(q.w, http.StatusConflict, "Conflict", "liveness_validation_not_passed")
		return
	}
	r.Status, r.CurrentStep, r.Updated = status, step, now()
	if _, err := s.db.db.ExecContext(q.r.Context(), `UPDATE vk_registrations SET status = ?, current_step = ?, updated = ? WHERE id = ?`,
		r.Status, r.CurrentStep, r.Updated, r.ID); err != nil {
		s.vkInternal(q, err)
		return
	}
	if status == "FAILED" && r.Person != "" {
		// A failed registration's person leaves the 1:N gallery
		// *(biokiosk)*; vkLoadGallery leaves it out after a restart too.
		s.faces.Remove(r.Person)
	}
	d := map[string]any{"firstName": r.FirstName, "lastName": r.LastName, "fullName": r.FullName, "step": step,
		"steps":             map[string]string{"signUpForm": "skip", "basicInformation": "skip", "document": "skip", "liveness": "mandatory", "form": "skip"},
		"appRegistrationId": r.ID, "status": r.Status}
	if step == "end" {
		d["token"] = vkSign(s.vkSecret, vkClaims{Sub: q.account, Typ: vkUserToken, Reg: r.ID}, vkUserTTL)
	}
	vkResource(q.w, d)
}

func (s *Server) vkGetRegistration(q *vkReq) {
	ctx := q.r.Context()
	r, err := s.vkRegistration(ctx, q.r.PathValue("id"))
	switch {
	case errors.Is(err, errNotFound) || (err == nil && r.Account != q.account):
		vkErr(q.w, http.StatusNotFound, "NotFound", "AppRegistration_not_found")
		return
	case err != nil:
		s.vkInternal(q, err)
		return
	}
	d := vkRegJSON(r)
	for _, p := range q.r.URL.Query()["populates[]"] {
		switch {
		case p == "person" && r.Person != "":
			if pr, err := s.vkPerson(ctx, q.account, r.Person); err == nil {
				d["person"] = vkPersonJSON(pr)
			}
		case p == "biometricValidation" && r.BiometricValidation != "":
			d["biometricValidation"] = map[string]any{"_id": r.BiometricValidation, "status": "completed", "type": "onboarding", "appRegistration": r.ID}
		case p == "projectFlow":
			if f, err := s.vkFlow(ctx, r.Flow); err == nil {
				d["projectFlow"] = map[string]any{"_id": f.ID, "type": f.Type, "status": f.Status,
					"liveness": map[string]any{"minScore": f.LivenessMin, "searchMinScore": f.SearchMin, "searchMode": f.SearchMode}}
			}
		}
	}
	vkResource(q.w, d)
}
