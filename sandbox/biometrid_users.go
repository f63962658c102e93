package sandbox

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// createUser is Create User. The docs need only reference_id (the
// client's own identifier), so a request without one is refused; a MAC
// address already bound answers its user (USER_ALREADY_ASSOCIATED_WITH_DEVICE)
// whatever reference_id is sent, and that user's reference_id is kept;
// app_token (an FCM token) is accepted and not stored, since the sandbox
// sends no notifications (docs/api-choices.md, General).
func (s *Server) createUser(q *req) {
	f, ref, ok := requiredValue(q, "reference_id", "reference_id is required")
	if !ok {
		return
	}
	id, existing, err := s.db.createUser(q.r.Context(), q.client, ref, f.value("mac_address"))
	if errors.Is(err, errUserQuota) {
		fail(q.w, http.StatusPaymentRequired, msgNotAllowedToCreateUsers)
		return
	}
	if err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	m := msgNewUserCreated
	if existing {
		m = msgUserAlreadyAssociatedWithDevice
	}
	reply(q.w, http.StatusOK, true, msg(m, "id", id))
}

func (s *Server) deleteUser(q *req) {
	if err := s.db.deleteUser(q.r.Context(), q.userID); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	s.faces.Remove(q.userID)
	reply(q.w, http.StatusOK, true, msg(msgUserRemovedWithSuccess))
}

func (s *Server) findByAddress(q *req) {
	_, mac, ok := requiredValue(q, "mac_address", "")
	if !ok {
		return
	}
	id, err := s.db.userByMac(q.r.Context(), q.client.Key, mac)
	if errors.Is(err, errNotFound) {
		reply(q.w, http.StatusOK, true, msg(msgDeviceNotAssociatedToUser))
		return
	}
	if err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgUserAlreadyRegisteredOnThisDevice, "id", id))
}

func (s *Server) enrollStatus(q *req) {
	_, hasFace := s.faces.Template(q.userID)
	hasVoice, err := s.db.hasVoice(q.r.Context(), q.userID)
	if err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	reply(q.w, http.StatusOK, true, []data{
		{"engines_oid": engineOIDs["voice"], "type": "voice", "enrolled": hasVoice},
		{"engines_oid": engineOIDs["face"], "type": "face", "enrolled": hasFace},
	})
}

func (s *Server) isPending(q *req) {
	d, err := s.db.dialogue(q.r.Context(), q.userID)
	if errors.Is(err, errNotFound) {
		reply(q.w, http.StatusOK, true, nil)
		return
	}
	if err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	out := data{"dialogueId": d.ID}
	if d.Prompt != "" {
		out["promptCode"], out["promptCodeText"] = d.Prompt, promptText(d.Prompt, d.Language)
	}
	reply(q.w, http.StatusOK, true, out)
}

func (s *Server) restartState(q *req) {
	if err := s.db.deleteDialogue(q.r.Context(), q.userID); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgStateRestartedWithSuccess))
}

func (s *Server) languages(q *req) {
	var ls []data
	for _, code := range languageOrder {
		ls = append(ls, data{"code": code, "name": languageNames[code]})
	}
	reply(q.w, http.StatusOK, true, data{"languages": ls, "default": "en"})
}

// validateLiveness scores the burst of frames sent as auditTrailImage
// fields with the passive-liveness model and, when it passes, issues a
// livenessId good for one face call within 10 minutes.
// validateLiveness serves Liveness Validation, documented for 1.1 only
// (1.0 has the liveness host instead).
func (s *Server) validateLiveness(q *req) {
	if q.version != "1.1" {
		fail(q.w, http.StatusNotFound, msgRouteNotFound)
		return
	}
	f, ok := requestForm(q)
	if !ok {
		return
	}
	start := time.Now()
	imgs, err := f.images("auditTrailImage")
	if err != nil || len(imgs) == 0 {
		fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat)
		return
	}
	score, err := s.scoreBurst(q.r.Context(), imgs)
	if s.answeredErr(q, err) {
		return
	}

	passed := score >= livenessPass
	result := livenessResult(passed, score, time.Since(start))
	if !passed {
		fail(q.w, http.StatusOK, msgLivenessFailed, "livenessResult", result)
		return
	}
	id := newUUID()
	if err := s.db.putLiveness(q.r.Context(), id, q.client.Key, float64(score), livenessTTL); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	reply(q.w, http.StatusOK, true, data{"livenessId": id, "livenessResult": result})
}

// scoreBurst is the mean passive-liveness score (0–100) of the main face
// over the frames; a frame without a face scores 0. It stops with ctx's
// error when ctx ends (the client left).
func (s *Server) scoreBurst(ctx context.Context, imgs [][]byte) (int, error) {
	var sum float64
	for _, img := range imgs {
		faces, err := s.faces.AnalyseContext(ctx, img, true)
		if err != nil {
			return 0, err
		}
		if len(faces) > 0 && faces[0].Liveness > 0 {
			sum += faces[0].Liveness
		}
	}
	return int(100 * sum / float64(len(imgs))), nil
}

// livenessResult is the 1.1 livenessResult wrapper with every field the
// docs show: meta (with the m timings, in ms, and st the Unix time) and
// data.
func livenessResult(passed bool, score int, took time.Duration) data {
	ms := took.Milliseconds()
	m := data{"bt": ms, "zb": ms, "zp": ms, "zw": ms, "st": float64(time.Now().UnixMicro()) / 1e6}
	return data{
		"meta": data{"ok": true, "code": 200, "mode": "sandbox", "m": m,
			"message": map[bool]string{true: "The facemap exhibited liveness.", false: "The facemap did not exhibit liveness."}[passed]},
		"data": data{"livenessResult": map[bool]string{true: "passed", false: "failed"}[passed], "livenessScore": score,
			"glassesScore": 0, "glassesDecision": false, "retryFeedbackSuggestion": 0, "facemapIsLowQuality": false,
			"creationStatusFromZoomServer": "The facemap was created successfully.", "errorFromZoomServer": nil},
	}
}
