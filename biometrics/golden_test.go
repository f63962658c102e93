package biometrics

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// golden is a documented example body, copied verbatim from the spec's
// quoted examples into testdata/docs.
func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "docs", name+".json"))
	require.NoError(t, err)
	return string(b)
}

// serveGolden answers pattern with the named golden body.
func serveGolden(t *testing.T, mux *http.ServeMux, pattern string, code int, name string) {
	t.Helper()
	body := golden(t, name)
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) { reply(w, code, body) })
}

// docsID is the non-hex id the docs' own examples use.
const docsID = "5be3000bd3adgd3e152724f2"

func TestGoldenUsers(t *testing.T) {
	for _, name := range []string{"create_user_new", "create_user_already_associated"} {
		c, mux, _ := setup(t)
		serveGolden(t, mux, "POST /api/1.0/users", 200, name)
		r, err := c.CreateUser(t.Context(), CreateUserParams{ReferenceID: "r", MacAddress: "00:0a:95:9d:68:16"})
		require.NoError(t, err, name)
		assert.Equal(t, "59147e5afdda9b0ac0f5e31f", r.ID)
		assert.Equal(t, name == "create_user_already_associated", r.Existing())
	}
	c, mux, _ := setup(t)
	serveGolden(t, mux, "DELETE /api/1.0/users/{id}", 200, "delete_user")
	a, err := c.DeleteUser(t.Context(), uid)
	require.NoError(t, err)
	assert.Equal(t, MsgUserRemovedWithSuccess, a.Message)
}

func TestGoldenFace(t *testing.T) {
	c, mux, _ := setup(t)
	ctx := t.Context()
	fr := FaceRequest{Photo: jpeg}
	for name, check := range map[string]func(EnrollFaceResult){
		"enroll_face_enrolled": func(r EnrollFaceResult) { assert.True(t, r.OK() && r.Enrolled) },
		"enroll_face_failed": func(r EnrollFaceResult) {
			assert.Equal(t, MsgFaceEnrollmentFailed, r.Message)
			assert.Equal(t, "No faces found on 'photo'", r.Reason)
		},
		"enroll_face_already_detected": func(r EnrollFaceResult) {
			assert.True(t, r.Duplicate())
			assert.Equal(t, docsID, r.DetectedID)
			assert.InDelta(t, 0.8, float64(r.Confidence), 1e-9)
		},
	} {
		c, m, _ := setup(t)
		serveGolden(t, m, "POST /api/1.0/users/{id}/dialogue/enroll/face", 200, name)
		r, err := c.EnrollFace(ctx, uid, fr)
		require.NoError(t, err, name)
		check(r)
	}
	for name, check := range map[string]func(AdaptFaceResult){
		"adapt_face_adapted": func(r AdaptFaceResult) {
			assert.True(t, r.OK() && r.Adapted)
			assert.Contains(t, r.FaceImg, "static.findface.pro")
		},
		"adapt_face_failed":        func(r AdaptFaceResult) { assert.Equal(t, MsgFaceAdaptFailed, r.Message) },
		"adapt_face_not_realiable": func(r AdaptFaceResult) { assert.Equal(t, MsgFaceNotRealiableToAdapt, r.Message) },
	} {
		c, m, _ := setup(t)
		serveGolden(t, m, "POST /api/1.0/users/{id}/dialogue/adapt/face", 200, name)
		r, err := c.AdaptFace(ctx, uid, fr)
		require.NoError(t, err, name)
		check(r)
	}
	serveGolden(t, mux, "DELETE /api/1.0/users/{id}/face/delete", 200, "delete_face")
	a, err := c.DeleteFace(ctx, uid)
	require.NoError(t, err)
	assert.Equal(t, MsgUserFaceCredentialsDeleted, a.Message)

	for name, check := range map[string]func(MatchResult, error){
		"find_by_face_recognized": func(r MatchResult, err error) {
			require.NoError(t, err)
			assert.True(t, r.Verified)
			assert.Equal(t, docsID, r.UserID)
			assert.InDelta(t, 0.78, float64(r.Confidence), 1e-9)
		},
		"find_by_face_failed": func(r MatchResult, err error) {
			require.NoError(t, err)
			assert.True(t, r.Refused())
			assert.Equal(t, "No faces found on 'photo'", r.Reason)
		},
		"find_by_face_no_file": func(_ MatchResult, err error) { assert.ErrorIs(t, err, ErrNoFileOrInvalidFormat) },
	} {
		c, m, _ := setup(t)
		code := 200
		if name == "find_by_face_no_file" {
			code = 400 // no code shown; probably 400 (spec §3.5)
		}
		serveGolden(t, m, "POST /api/1.0/users/find-by-face", code, name)
		check(c.FindByFace(ctx, fr))
	}
	for name, check := range map[string]func(PropertiesResult){
		"face_properties_found": func(r PropertiesResult) {
			assert.Equal(t, FaceProperties{Age: 32, Gender: "male", Emotions: []string{"neutral", "happy"}}, r.Properties)
		},
		"face_properties_failed":   func(r PropertiesResult) { assert.Equal(t, MsgFacePropertiesFailed, r.Message) },
		"face_properties_multiple": func(r PropertiesResult) { assert.Equal(t, MsgMultipleFacesDetected, r.Message) },
	} {
		c, m, _ := setup(t)
		serveGolden(t, m, "POST /api/1.0/users/find-face-properties", 200, name)
		r, err := c.FindFaceProperties(ctx, fr)
		require.NoError(t, err, name)
		check(r)
	}
}

func TestGoldenLiveness(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	serveGolden(t, mux, "POST /biometrics/liveness", 200, "liveness10_passed")
	serveGolden(t, mux, "POST /api/1.1/liveness/validate", 200, "liveness11_validated")
	z, err := c.Liveness(t.Context(), LivenessHost{AppToken: "t"}, LivenessSession{AuditTrail: []string{"x"}})
	require.NoError(t, err)
	assert.True(t, z.Passed())
	assert.InDelta(t, 86.91309364550425, z.Data.LivenessScore, 1e-9)
	v, err := c.ValidateLiveness(t.Context(), LivenessValidation{Facemap: "f"})
	require.NoError(t, err)
	assert.Equal(t, "2d2faa50-d3e9-11e9-bcfc-a346419aa7ef", v.LivenessID)
	assert.True(t, v.LivenessResult.Passed())
	assert.Equal(t, "The facemap exhibited liveness.", v.LivenessResult.Meta.Message)
	assert.Equal(t, "The facemap was created successfully.", v.LivenessResult.Data.CreationStatusFromZoomServer)
	assert.Equal(t, 1255.0, v.LivenessResult.Meta.M["bt"])
}

func TestGoldenVoice10(t *testing.T) {
	for _, mode := range []VoiceMode{VoiceEnroll, VoiceVerify} {
		c, mux, _ := setup(t)
		steps := []string{"voice10_" + string(mode) + "_started", "voice10_" + string(mode) + "_submitted"}
		if mode == VoiceVerify {
			steps = append(steps, "voice10_verify_verified")
		}
		n := 0
		mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/"+string(mode)+"/voice", func(w http.ResponseWriter, r *http.Request) {
			reply(w, 200, golden(t, steps[n]))
			n++
		})
		a, err := c.StartVoice(t.Context(), uid, mode, "en")
		require.NoError(t, err)
		assert.Equal(t, "0653", a.PromptCode)
		assert.Equal(t, "zero six five three", a.PromptCodeText)
		a, err = c.SubmitVoice(t.Context(), uid, mode, "en", wav)
		require.NoError(t, err)
		assert.False(t, a.Done())
		assert.True(t, a.Prompted())
		if mode == VoiceVerify {
			a, err = c.SubmitVoice(t.Context(), uid, mode, "en", wav)
			require.NoError(t, err)
			assert.True(t, a.Succeeded())
		}
	}
}

func TestGoldenVoice11(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	steps := []string{"voice11_enroll_started", "voice11_enroll_valid_attempt", "voice11_enroll_enrolled"}
	n := 0
	mux.HandleFunc("POST /api/1.1/users/{id}/dialogue/enroll/voice", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, golden(t, steps[n]))
		n++
	})
	a, err := c.StartVoice(t.Context(), uid, VoiceEnroll, "")
	require.NoError(t, err)
	assert.Equal(t, "5f199b5398a915637332dc23", a.EnrollmentID)
	a, err = c.SubmitVoice(t.Context(), uid, VoiceEnroll, "", wav)
	require.NoError(t, err)
	assert.Equal(t, MsgValidAttempt, a.Message)
	assert.False(t, a.Done(), "VALID_ATTEMPT: the enrolment goes on")
	assert.False(t, a.Refused())
	assert.Equal(t, 1, a.Attempt)
	a, err = c.SubmitVoice(t.Context(), uid, VoiceEnroll, "", wav)
	require.NoError(t, err)
	assert.True(t, a.Succeeded())

	c, mux, _ = setup(t, WithAPIVersion("1.1"))
	serveGolden(t, mux, "POST /api/1.1/users/{id}/dialogue/enroll/voice", 200, "voice11_enroll_failed")
	a, err = c.SubmitVoice(t.Context(), uid, VoiceEnroll, "", wav)
	require.NoError(t, err)
	assert.True(t, a.Done())
	assert.False(t, a.Succeeded())
	assert.Equal(t, "Enrollment failed. Please start over.", a.Detail)

	for name, ok := range map[string]bool{"voice11_verify_recognized": true, "voice11_verify_failed": false} {
		c, mux, _ := setup(t, WithAPIVersion("1.1"))
		serveGolden(t, mux, "POST /api/1.1/users/{id}/dialogue/verify/voice", 200, name)
		_, err := c.StartVoice(t.Context(), uid, VoiceVerify, "")
		assert.ErrorIs(t, err, ErrSingleShotVoice, "1.1 verify has no start call")
		a, err := c.SubmitVoice(t.Context(), uid, VoiceVerify, "", wav)
		require.NoError(t, err, name)
		assert.True(t, a.Done(), "%s: single-shot", name)
		assert.Equal(t, ok, a.Succeeded(), name)
		assert.False(t, a.Refused(), name)
	}
}

func TestGoldenDocuments(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	ctx := t.Context()
	serveGolden(t, mux, "POST /api/1.1/document/validate", 200, "document_validated_providerA")
	serveGolden(t, mux, "POST /api/1.1/document/validate-base64", 200, "document_validated_providerB")
	serveGolden(t, mux, "POST /api/1.1/document/pooling", 200, "document_pooling_processing")
	r, err := c.ValidateDocument(ctx, DocumentRequest{Front: jpeg, Back: jpeg})
	require.NoError(t, err)
	assert.Equal(t, "Ok", r.Result)
	assert.Equal(t, "0", r.Side)
	assert.Equal(t, "<base64>", r.Photo)
	r, err = c.ValidateDocumentBase64(ctx, DocumentRequest{Front: jpeg, Back: jpeg})
	require.NoError(t, err)
	assert.Equal(t, "GOOD", r.Result)
	assert.Equal(t, "5ed91c890482a7306bbc2511", r.Process)
	assert.Contains(t, string(r.Fields), `"surnames": "REIS"`)
	r, err = c.DocumentPooling(ctx, "process identifier", "")
	require.NoError(t, err)
	assert.True(t, r.Processing())

	for name, verified := range map[string]bool{"selfie_compare_compared": true, "selfie_compare_compared_special": true, "selfie_compare_failed": false} {
		c, mux, _ := setup(t)
		serveGolden(t, mux, "POST /api/1.0/document/selfie-compare", 200, name)
		r, err := c.SelfieCompare(ctx, CompareRequest{Photo1: jpeg, Photo2: jpeg})
		require.NoError(t, err, name)
		assert.Equal(t, verified, r.Verified, name)
	}
}

func TestGoldenAuxiliary(t *testing.T) {
	c, mux, _ := setup(t)
	ctx := t.Context()
	serveGolden(t, mux, "DELETE /api/1.0/users/{id}/voice/delete", 200, "delete_voice")
	serveGolden(t, mux, "GET /api/1.0/users/{id}/enroll/status", 200, "enroll_status")
	serveGolden(t, mux, "GET /api/1.0/users/{id}/restart-state", 200, "restart_state")
	a, err := c.DeleteVoice(ctx, uid, "")
	require.NoError(t, err)
	assert.Equal(t, MsgUserVoiceCredentialsDeleted, a.Message)
	st, err := c.EnrollStatus(ctx, uid)
	require.NoError(t, err)
	assert.True(t, st.Enrolled("voice"))
	assert.False(t, st.Enrolled("face"))
	a, err = c.RestartState(ctx, uid)
	require.NoError(t, err)
	assert.Equal(t, MsgStateRestartedWithSuccess, a.Message)

	for name, pending := range map[string]bool{"pending_dialogue_open": true, "pending_dialogue_none": false} {
		c, mux, _ := setup(t)
		serveGolden(t, mux, "GET /api/1.0/users/{id}/voice/is-pending", 200, name)
		p, err := c.PendingDialogue(ctx, uid)
		require.NoError(t, err, name)
		assert.Equal(t, pending, p.Pending, name)
	}
	for name, id := range map[string]string{"find_by_address_not_associated": "", "find_by_address_registered": docsID} {
		c, mux, _ := setup(t)
		serveGolden(t, mux, "GET /api/1.0/users/find-by-address", 200, name)
		r, err := c.FindByMacAddress(ctx, "00:0a:95:9d:68:16")
		require.NoError(t, err, name)
		assert.Equal(t, id, r.ID, name)
		assert.Equal(t, id != "", r.Associated(), name)
	}
}
