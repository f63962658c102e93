package sandbox

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"biokiosk/capture/audio"
	"biokiosk/sandbox/voice"
)

// sessionCookie is the 1.0 voice dialogue's cookie.
const sessionCookie = "biometrid.sid"

// voiceStep serves enroll/verify/adapt voice (docs/api-choices.md):
// 1.0 is the cookie-bound prompt dialogue, 1.1 the enrollmentId/attempt
// model with a single-shot verify.
func (s *Server) voiceStep(mode string) handler {
	return func(q *req) {
		f, ok := requestForm(q)
		if !ok {
			return
		}
		lang := "en" // 1.1 has no language
		if q.version != "1.1" {
			if lang, ok = voiceLanguage(q, f); !ok {
				return
			}
		}
		tmpl, ok := s.enrolmentFits(q, mode, lang)
		if !ok {
			return
		}
		wav, err := f.audio()
		if err != nil {
			fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat)
			return
		}
		if wav == nil && (q.version == "1.0" || mode == "enroll") && !s.noOpenDialogue(q) {
			return
		}
		switch {
		case q.version == "1.1":
			s.voice11(q, mode, wav, tmpl)
		case wav == nil:
			s.startDialogue(q, mode, lang)
		default:
			s.dialogueSample(q, mode, lang, wav, tmpl)
		}
	}
}

// enrolmentFits returns the user's voice template in lang (nil when none)
// when the user's enrolment fits mode: enroll needs none, verify and
// adapt need one. Otherwise it answers and returns false.
func (s *Server) enrolmentFits(q *req, mode, lang string) ([]float32, bool) {
	tmpl, err := s.db.voice(q.r.Context(), q.userID, lang)
	enrolled := err == nil
	if err != nil && !errors.Is(err, errNotFound) {
		s.serverError(q.w, q.r, err)
		return nil, false
	}
	if mode == "enroll" && enrolled {
		fail(q.w, http.StatusBadRequest, msgVoiceAlreadyEnrolled)
		return nil, false
	}
	if mode != "enroll" && !enrolled {
		fail(q.w, http.StatusBadRequest, msgEnrollUserVoiceFirst)
		return nil, false
	}
	return tmpl, true
}

// dialogueSample serves a 1.0 sample in the open dialogue of mode (its
// session cookie must match): a refused sample gets a new prompt, an
// accepted one enrols, verifies or adapts.
func (s *Server) dialogueSample(q *req, mode, lang string, wav []byte, tmpl []float32) {
	ctx := q.r.Context()
	d, ok := s.currentDialogue(q, func(d dialogue) bool {
		c, err := q.r.Cookie(sessionCookie)
		return err == nil && c.Value == d.SID && d.Mode == mode
	})
	if !ok {
		return
	}
	vp, reason := s.samplePrint(ctx, wav, d.Prompt, d.Language)
	if ctx.Err() != nil {
		return // the client left: nothing to answer or store
	}
	if reason != "" {
		s.reprompt(q, d, reason)
		return
	}
	switch mode {
	case "enroll":
		s.enrolSample(q, d, lang, vp)
	case "verify":
		s.verifySample(q, vp, tmpl)
	case "adapt":
		s.adaptSample(q, lang, vp, tmpl)
	}
}

// reprompt answers a refused 1.0 sample with its reason and a new prompt.
func (s *Server) reprompt(q *req, d dialogue, reason string) {
	d.Prompt = newPrompt()
	if err := s.db.putDialogue(q.r.Context(), d); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	fail(q.w, http.StatusOK, msgAudioRecognitionFailed, "reason", reason, "dialogueId", d.ID,
		"promptCode", d.Prompt, "promptCodeText", promptText(d.Prompt, d.Language))
}

// enrolSample adds an accepted sample to the 1.0 enrolment dialogue:
// a new prompt until EnrollSamples are in, then the template is stored.
func (s *Server) enrolSample(q *req, d dialogue, lang string, vp []float32) {
	d.Samples = append(d.Samples, vp)
	if d.accepted() < EnrollSamples {
		d.Prompt = newPrompt()
		if err := s.db.putDialogue(q.r.Context(), d); err != nil {
			s.serverError(q.w, q.r, err)
			return
		}
		reply(q.w, http.StatusOK, true, msg(msgAudioSubmittedWithSuccess, "dialogueId", d.ID,
			"promptCode", d.Prompt, "promptCodeText", promptText(d.Prompt, d.Language), "decision", "OK"))
		return
	}
	if err := s.finishVoice(q, lang, voice.Mean(d.Samples)); err != nil {
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgAudioEnrolledWithSuccess, "dialogueStatus", "Suceeded", "enrolled", true))
}

// verifySample closes the 1.0 verify dialogue and answers whether the
// sample matches the template.
func (s *Server) verifySample(q *req, vp, tmpl []float32) {
	if err := s.db.deleteDialogue(q.r.Context(), q.userID); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	if voice.Similarity(vp, tmpl) >= voice.Threshold {
		reply(q.w, http.StatusOK, true, msg(msgAudioVerifiedWithSuccess, "dialogueStatus", "Suceeded", "verified", true))
		return
	}
	fail(q.w, http.StatusOK, msgAudioRecognitionFailed, "dialogueStatus", "Failed", "verified", false)
}

// adaptSample closes the 1.0 adapt dialogue: a matching sample is
// averaged into the template, one that does not match changes nothing.
func (s *Server) adaptSample(q *req, lang string, vp, tmpl []float32) {
	if voice.Similarity(vp, tmpl) < voice.Threshold {
		if err := s.db.deleteDialogue(q.r.Context(), q.userID); err != nil {
			s.serverError(q.w, q.r, err)
			return
		}
		fail(q.w, http.StatusOK, msgAudioRecognitionFailed, "dialogueStatus", "Failed", "adapted", false)
		return
	}
	if err := s.finishVoice(q, lang, voice.Mean([][]float32{tmpl, vp})); err != nil {
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgAudioEnrolledWithSuccess, "dialogueStatus", "Suceeded", "adapted", true))
}

// voiceLanguage is the request's language ("en" when none is sent), or
// answers 400 LANGUAGE_NOT_AVAILABLE and returns false.
func voiceLanguage(q *req, f *form) (string, bool) {
	lang := f.value("language")
	if lang == "" {
		lang = "en"
	}
	if _, ok := digitWords[lang]; !ok {
		fail(q.w, http.StatusBadRequest, msgLanguageNotAvailable)
		return "", false
	}
	return lang, true
}

// currentDialogue returns the user's open dialogue when belongs accepts
// it; otherwise it answers DIALOGUE_NOT_STARTED (or a server error) and
// returns false.
func (s *Server) currentDialogue(q *req, belongs func(dialogue) bool) (dialogue, bool) {
	d, err := s.db.dialogue(q.r.Context(), q.userID)
	switch {
	case errors.Is(err, errNotFound) || (err == nil && !belongs(d)):
		fail(q.w, http.StatusBadRequest, msgDialogueNotStarted)
		return d, false
	case err != nil:
		s.serverError(q.w, q.r, err)
		return d, false
	}
	return d, true
}

// noOpenDialogue answers 400 DIALOGUE_ALREADY_PENDING (with the open
// dialogue's id) and returns false when the user has a dialogue open: the
// docs allow one active dialogue per user, closed by its end or by
// Restart User State.
func (s *Server) noOpenDialogue(q *req) bool {
	d, err := s.db.dialogue(q.r.Context(), q.userID)
	switch {
	case errors.Is(err, errNotFound):
		return true
	case err != nil:
		s.serverError(q.w, q.r, err)
	default:
		fail(q.w, http.StatusBadRequest, msgDialogueAlreadyPending, "dialogueId", d.ID)
	}
	return false
}

// startDialogue opens the user's dialogue and sets the session cookie.
func (s *Server) startDialogue(q *req, mode, lang string) {
	d := dialogue{UserID: q.userID, SID: randomHex(16), ID: newUUID(), Mode: mode, Language: lang, Prompt: newPrompt()}
	if err := s.db.putDialogue(q.r.Context(), d); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	http.SetCookie(q.w, &http.Cookie{Name: sessionCookie, Value: d.SID, Path: "/", HttpOnly: true})
	reply(q.w, http.StatusOK, true, msg(msgDialogueStartedWithSuccess, "dialogueId", d.ID,
		"promptCode", d.Prompt, "promptCodeText", promptText(d.Prompt, lang)))
}

// finishVoice stores the template and closes the dialogue; on error it
// has answered.
func (s *Server) finishVoice(q *req, lang string, vp []float32) error {
	ctx := q.r.Context()
	if err := s.db.putVoice(ctx, q.userID, lang, vp); err != nil {
		s.serverError(q.w, q.r, err)
		return err
	}
	if err := s.db.deleteDialogue(ctx, q.userID); err != nil {
		s.serverError(q.w, q.r, err)
		return err
	}
	return nil
}

// reasonTooLong refuses a sample over MaxVoiceSample.
const reasonTooLong = "TOO_LONG"

// reasonPromptMismatch refuses a sample that does not say its prompt code.
const reasonPromptMismatch = "PROMPT_MISMATCH"

// samplePrint decodes and judges a sample; reason is the quality code
// when it is refused, or PROMPT_MISMATCH when the prompt check is on, the
// dialogue is in English and the sample does not say prompt (a dialogue
// with no prompt, 1.1's, is not checked). A sample over MaxVoiceSample is
// refused from its header, before any decoding; the analysis stops when
// ctx ends (reason is then "", vp nil: the caller checks ctx.Err()).
func (s *Server) samplePrint(ctx context.Context, wav []byte, prompt, lang string) (vp []float32, reason string) {
	d, err := audio.WAVDuration(wav)
	if err != nil {
		return nil, "INVALID_WAV"
	}
	if d > MaxVoiceSample {
		return nil, reasonTooLong
	}
	clip, err := audio.DecodeWAV(bytes.NewReader(wav))
	if err != nil {
		return nil, "INVALID_WAV"
	}
	if ctx.Err() != nil {
		return nil, ""
	}
	q := audio.Analyze(clip, audio.QualityConfig{})
	if !q.OK {
		return nil, string(q.Code)
	}
	vp, ok := s.voice.Voiceprint(ctx, clip)
	if ctx.Err() != nil {
		return nil, ""
	}
	if !ok {
		return nil, string(audio.CodeTooShort)
	}
	if s.cfg.CheckPrompt && prompt != "" && lang == "en" {
		_, says, err := s.voice.SaysPrompt(ctx, clip, prompt)
		if ctx.Err() != nil {
			return nil, ""
		}
		if err != nil || !says { // err: the embedded templates are broken; refuse rather than wave through
			return nil, reasonPromptMismatch
		}
	}
	return vp, ""
}

// voice11 serves the 1.1 voice model: enroll with enrollmentId and
// attempts (3 valid attempts enrol, 3 refused in a row fail), verify
// single-shot.
func (s *Server) voice11(q *req, mode string, wav []byte, tmpl []float32) {
	switch {
	case mode != "enroll":
		s.voice11Match(q, mode, wav, tmpl)
	case wav == nil:
		s.voice11Start(q)
	default:
		s.voice11Attempt(q, wav)
	}
}

// voice11Match serves 1.1 verify and adapt: one sample against the
// template; adapt averages a matching sample into it.
func (s *Server) voice11Match(q *req, mode string, wav []byte, tmpl []float32) {
	ctx := q.r.Context()
	if wav == nil {
		fail(q.w, http.StatusBadRequest, msgNoFileOrInvalidFormat)
		return
	}
	vp, reason := s.samplePrint(ctx, wav, "", "")
	if ctx.Err() != nil {
		return // the client left: nothing to answer or store
	}
	if reason != "" || voice.Similarity(vp, tmpl) < voice.Threshold {
		fail(q.w, http.StatusOK, msgAudioRecognitionFailed)
		return
	}
	if mode == "adapt" {
		if err := s.db.putVoice(ctx, q.userID, "en", voice.Mean([][]float32{tmpl, vp})); err != nil {
			s.serverError(q.w, q.r, err)
			return
		}
	}
	reply(q.w, http.StatusOK, true, msg(msgAudioRecognizedWithSuccess, "verified", true))
}

// voice11Start opens a 1.1 enrolment and answers its enrollmentId.
func (s *Server) voice11Start(q *req) {
	d := dialogue{UserID: q.userID, SID: "", ID: newID(), Mode: "enroll11", Language: "en"}
	if err := s.db.putDialogue(q.r.Context(), d); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgDialogueStartedWithSuccess, "enrollmentId", d.ID))
}

// voice11Attempt serves an attempt in the open 1.1 enrolment: a valid
// one counts towards EnrollSamples, after which the template is stored.
func (s *Server) voice11Attempt(q *req, wav []byte) {
	ctx := q.r.Context()
	d, ok := s.currentDialogue(q, func(d dialogue) bool { return d.Mode == "enroll11" })
	if !ok {
		return
	}
	vp, reason := s.samplePrint(ctx, wav, "", "")
	if ctx.Err() != nil {
		return // the client left: nothing to answer or store
	}
	if reason != "" {
		s.voice11Refused(q, d, reason)
		return
	}
	d.Refused = 0
	d.Samples = append(d.Samples, vp)
	if d.accepted() >= EnrollSamples {
		if err := s.finishVoice(q, "en", voice.Mean(d.Samples)); err != nil {
			return
		}
		reply(q.w, http.StatusOK, true, msg(msgAudioEnrolledWithSuccess, "enrolled", true))
		return
	}
	if err := s.db.putDialogue(ctx, d); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgValidAttempt, "detail", "Valid attempt", "attempt", d.accepted()))
}

// voice11Refused counts a refused 1.1 attempt; EnrollSamples refused in
// a row end the enrolment.
func (s *Server) voice11Refused(q *req, d dialogue, reason string) {
	ctx := q.r.Context()
	d.Refused++
	if d.Refused >= EnrollSamples {
		if err := s.db.deleteDialogue(ctx, q.userID); err != nil {
			s.serverError(q.w, q.r, err)
			return
		}
		fail(q.w, http.StatusOK, msgEnrollmentFailed, "detail", "Enrollment failed. Please start over.", "attempt", d.accepted()+d.Refused)
		return
	}
	if err := s.db.putDialogue(ctx, d); err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	fail(q.w, http.StatusOK, msgAudioRecognitionFailed, "reason", reason, "attempt", d.accepted()+d.Refused)
}

func (s *Server) deleteVoice(q *req) {
	f, ok := requestForm(q)
	if !ok {
		return
	}
	lang, ok := voiceLanguage(q, f)
	if !ok {
		return
	}
	deleted, err := s.db.deleteVoice(q.r.Context(), q.userID, lang)
	if err != nil {
		s.serverError(q.w, q.r, err)
		return
	}
	if !deleted {
		fail(q.w, http.StatusBadRequest, msgEnrollUserVoiceFirst)
		return
	}
	reply(q.w, http.StatusOK, true, msg(msgUserVoiceCredentialsDeleted))
}
