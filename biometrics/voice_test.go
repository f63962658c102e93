package biometrics

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVoiceDialogueCarriesCookie walks a 1.0 enrolment: the start sets
// biometrid.sid and every later call must send it back.
func TestVoiceDialogueCarriesCookie(t *testing.T) {
	c, mux, _ := setup(t)
	step := 0
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/enroll/voice", func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		p := readParts(t, r)
		assert.Equal(t, []string{"pt"}, p.fields["language"])
		if step == 0 {
			assert.Empty(t, p.files, "the first call carries no audio")
			http.SetCookie(w, &http.Cookie{Name: "biometrid.sid", Value: "sess-1", Path: "/"})
			reply(w, 200, `{"status": true, "data": {"message": "DIALOGUE_STARTED_WITH_SUCCESS", "dialogueId": "e99766b5-9b28-4f0e-99dc-30eaa5b4c33d", "promptCode": "0653", "promptCodeText": "zero six five três"}}`)
			step++
			return
		}
		ck, err := r.Cookie("biometrid.sid")
		require.NoError(t, err, "cookie carried")
		assert.Equal(t, "sess-1", ck.Value)
		assert.Equal(t, "audio/wav", p.files["audio"])
		assert.Equal(t, wav, p.bytes["audio"])
		switch step {
		case 1:
			reply(w, 200, `{"status": true, "data": {"message": "AUDIO_SUBMITTED_WITH_SUCCESS", "promptCode": "1234", "promptCodeText": "um dois três quatro", "decision": "OK"}}`)
		case 2:
			reply(w, 200, `{"status":false,"data":{"message":"AUDIO_RECOGNITION_FAILED","reason":"NO_SPEECH","dialogueId":"e99766b5-9b28-4f0e-99dc-30eaa5b4c33d","promptCode":"4821","promptCodeText":"quatro oito dois um"}}`)
		default:
			reply(w, 200, `{"status":true,"data":{"message":"AUDIO_ENROLLED_WITH_SUCCESS","dialogueStatus":"Suceeded","enrolled":true}}`)
		}
		step++
	})
	a, err := c.StartVoice(t.Context(), uid, VoiceEnroll, "pt")
	require.NoError(t, err)
	assert.Equal(t, "0653", a.PromptCode)
	assert.False(t, a.Done())

	a, err = c.SubmitVoice(t.Context(), uid, VoiceEnroll, "pt", wav)
	require.NoError(t, err)
	assert.Equal(t, "1234", a.PromptCode)
	assert.Equal(t, "OK", a.Decision)
	assert.False(t, a.Done())

	a, err = c.SubmitVoice(t.Context(), uid, VoiceEnroll, "pt", wav)
	require.NoError(t, err, "a refused sample is an outcome")
	assert.True(t, a.Refused())
	assert.Equal(t, "NO_SPEECH", a.Reason)
	assert.Equal(t, "4821", a.PromptCode)

	a, err = c.SubmitVoice(t.Context(), uid, VoiceEnroll, "pt", wav)
	require.NoError(t, err)
	assert.True(t, a.Done())
	assert.True(t, a.Succeeded())

	// A new person: the session cookie is gone.
	c.ResetSession()
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/verify/voice", func(w http.ResponseWriter, r *http.Request) {
		_, err := r.Cookie("biometrid.sid")
		assert.Error(t, err, "no cookie after ResetSession")
		reply(w, 400, `{"status":false,"data":{"message":"DIALOGUE_NOT_STARTED"}}`)
	})
	_, err = c.SubmitVoice(t.Context(), uid, VoiceVerify, "", wav)
	assert.ErrorIs(t, err, ErrDialogueNotStarted)
}

func TestVoiceVerifyEnds(t *testing.T) {
	for name, tc := range map[string]struct {
		body            string
		done, succeeded bool
	}{
		"verified 1.0": {`{"status": true, "data": {"dialogueStatus": "Suceeded", "message": "AUDIO_VERIFIED_WITH_SUCCESS", "verified": true}}`, true, true},
		"failed 1.0":   {`{"status":false,"data":{"message":"AUDIO_RECOGNITION_FAILED","dialogueStatus":"Failed","verified":false}}`, true, false},
		"verified 1.1": {`{"status": true,  "data": {"message": "AUDIO_RECOGNIZED_WITH_SUCCESS", "verified": true}}`, true, true},
		"failed 1.1":   {`{"status": false, "data": {"message": "AUDIO_RECOGNITION_FAILED"}}`, true, false},
		"valid 1.1":    {`{"status": true,  "data": {"message": "VALID_ATTEMPT", "detail": "Valid attempt", "attempt": 1}}`, false, false},
		"enrolled 1.1": {`{"status": true,  "data": {"message": "AUDIO_ENROLLED_WITH_SUCCESS", "enrolled": true}}`, true, true},
		"start over":   {`{"status": false, "data": {"message": "ENROLLMENT_FAILED", "detail": "Enrollment failed. Please start over.", "attempt": 3}}`, true, false},
	} {
		t.Run(name, func(t *testing.T) {
			version := "1.0"
			if !strings.HasSuffix(name, "1.0") {
				version = "1.1" // a 1.1 refusal is final only on a 1.1 client
			}
			c, mux, _ := setup(t, WithAPIVersion(version))
			mux.HandleFunc("POST /api/{v}/users/{id}/dialogue/verify/voice", func(w http.ResponseWriter, r *http.Request) {
				reply(w, 200, tc.body)
			})
			a, err := c.SubmitVoice(t.Context(), uid, VoiceVerify, "en", wav)
			require.NoError(t, err)
			assert.Equal(t, tc.done, a.Done())
			assert.Equal(t, tc.succeeded, a.Succeeded())
		})
	}
}

func TestAdaptVoicePathHasNoDialogue(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/1.0/users/{id}/adapt/voice", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status": true, "data": {"message": "DIALOGUE_STARTED_WITH_SUCCESS", "dialogueId": "d", "promptCode": "0001", "promptCodeText": "zero zero zero one"}}`)
	})
	a, err := c.StartVoice(t.Context(), uid, VoiceAdapt, "")
	require.NoError(t, err)
	assert.Equal(t, "0001", a.PromptCode)
	_, err = c.StartVoice(t.Context(), uid, VoiceMode("sing"), "")
	assert.Error(t, err)
}

func TestVoice11EnrollmentID(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	mux.HandleFunc("POST /api/1.1/users/{id}/dialogue/enroll/voice", func(w http.ResponseWriter, r *http.Request) {
		p := readParts(t, r)
		assert.Empty(t, p.fields["language"], "1.1 has no language field")
		reply(w, 200, `{"status": true,  "data": {"message": "DIALOGUE_STARTED_WITH_SUCCESS", "enrollmentId": "5f199b5398a915637332dc23"}}`)
	})
	a, err := c.StartVoice(t.Context(), uid, VoiceEnroll, "en")
	require.NoError(t, err)
	assert.Equal(t, "5f199b5398a915637332dc23", a.EnrollmentID)
}

func TestDeleteVoiceAndLanguages(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("DELETE /api/1.0/users/{id}/voice/delete", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery, "the docs put language in the body")
		var body map[string]string
		assert.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		assert.Equal(t, map[string]string{"language": "pt"}, body)
		reply(w, 200, `{"status": true, "data": {"message": "USER_VOICE_CREDENTIALS_DELETED"}}`)
	})
	mux.HandleFunc("GET /api/1.0/languages", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":true,"data":{"languages":[{"code":"en","name":"English"},{"code":"pt","name":"Português"},{"code":"es","name":"Español"}],"default":"en"}}`)
	})
	a, err := c.DeleteVoice(t.Context(), uid, "pt")
	require.NoError(t, err)
	assert.Equal(t, MsgUserVoiceCredentialsDeleted, a.Message)
	l, err := c.Languages(t.Context())
	require.NoError(t, err)
	assert.Len(t, l.Languages, 3)
	assert.Equal(t, "en", l.Default)
}
