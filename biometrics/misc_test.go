package biometrics

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLiveness10(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /biometrics/liveness", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "app-tok", r.Header.Get("x-app-token"))
		assert.Equal(t, "ua", r.Header.Get("x-user-agent"))
		assert.Empty(t, r.Header.Get("x-biometrid-secret"), "the liveness host has its own auth")
		var body LivenessSession
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		assert.Equal(t, []string{"aGk="}, body.AuditTrail)
		reply(w, 200, `{"meta": {"ok": true, "code": 200, "mode": "dev"}, "data": {"livenessResult": "passed", "livenessScore": 86.91309364550425, "glassesScore": 8, "glassesDecision": false, "retryFeedbackSuggestion": 0, "message": "The facemap exhibited liveness"}}`)
	})
	mux.HandleFunc("GET /biometrics/status", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"meta":{"ok":true,"code":200,"mode":"sandbox"},"data":{"status":"running"}}`)
	})
	h := LivenessHost{AppToken: "app-tok", UserAgent: "ua"}
	z, err := c.Liveness(t.Context(), h, LivenessSession{AuditTrail: []string{"aGk="}})
	require.NoError(t, err)
	assert.True(t, z.Passed())
	assert.InDelta(t, 86.913, z.Data.LivenessScore, 1e-3)
	st, err := c.LivenessStatus(t.Context(), h)
	require.NoError(t, err)
	assert.Equal(t, "running", st.Data.Status)
	_, err = c.LivenessStatus(t.Context(), LivenessHost{})
	assert.ErrorIs(t, err, ErrMissingArgument)
}

func TestValidateLiveness11(t *testing.T) {
	c, mux, _ := setup(t)
	n := 0
	mux.HandleFunc("POST /api/1.1/liveness/validate", func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		assert.Equal(t, "custom-v2", r.Header.Get("x-zoom-version"))
		p := readParts(t, r)
		assert.Len(t, p.fields["auditTrailImage"], 2)
		assert.Equal(t, []string{"z-1"}, p.fields["zoomSessionId"])
		if n == 0 {
			reply(w, 200, `{"status": true, "data": {"livenessId": "2d2faa50-d3e9-11e9-bcfc-a346419aa7ef", "livenessResult": {"meta": {"ok": true, "code": 200, "mode": "dev", "message": "The facemap exhibited liveness."}, "data": {"livenessResult": "passed", "livenessScore": 86, "glassesScore": 5, "glassesDecision": false, "retryFeedbackSuggestion": 1, "facemapIsLowQuality": false, "creationStatusFromZoomServer": "The facemap was created successfully.", "errorFromZoomServer": null}}}}`)
		} else {
			reply(w, 200, `{"status":false,"data":{"message":"LIVENESS_FAILED","livenessResult":{"meta":{"ok":true,"code":200,"mode":"sandbox","message":"The facemap did not exhibit liveness."},"data":{"livenessResult":"failed","livenessScore":12}}}}`)
		}
		n++
	})
	v := LivenessValidation{ZoomSessionID: "z-1", AuditTrailImages: [][]byte{jpeg, png}, ZoomVersion: "custom-v2"}
	res, err := c.ValidateLiveness(t.Context(), v)
	require.NoError(t, err)
	assert.Equal(t, "2d2faa50-d3e9-11e9-bcfc-a346419aa7ef", res.LivenessID)
	assert.True(t, res.LivenessResult.Passed())
	res, err = c.ValidateLiveness(t.Context(), v)
	require.NoError(t, err, "a failed check is an outcome")
	assert.False(t, res.Status)
	assert.Equal(t, MsgLivenessFailed, res.Message)
	assert.False(t, res.LivenessResult.Passed())
}

func TestOCR(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	mux.HandleFunc("POST /api/1.1/document/validate", func(w http.ResponseWriter, r *http.Request) {
		p := readParts(t, r)
		assert.Equal(t, "image/jpeg", p.files["front"])
		assert.Equal(t, "image/png", p.files["back"])
		assert.Equal(t, []string{"passport"}, p.fields["doctype"])
		assert.Equal(t, []string{"pooling"}, p.fields["type"])
		reply(w, 200, `{"status": true, "data": {"message": "PROCESSING", "process": "5ed91c890482a7306bbc2511"}}`)
	})
	mux.HandleFunc("POST /api/1.1/document/pooling", func(w http.ResponseWriter, r *http.Request) {
		p := readParts(t, r)
		assert.Equal(t, []string{"5ed91c890482a7306bbc2511"}, p.fields["process"])
		reply(w, 200, `{"status": true, "data": {"message": "DOCUMENT_VALIDATED_WITH_SUCCESS", "result": "GOOD", "fields": {"surnames": "REIS", "names": "JOAO MIGUEL"}, "validations": {"value": "GOOD", "fake_front_ratio": 0.99}, "images": {"photo": "/9j/4AAQ"}, "process": "5ed91c890482a7306bbc2511"}}`)
	})
	mux.HandleFunc("POST /api/1.1/document/validate-base64", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]string
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		assert.Equal(t, EncodeBase64(jpeg, false), body["front"])
		assert.Equal(t, "idcard", body["doctype"])
		reply(w, 501, `{"status":false,"data":{"message":"OCR_NOT_SUPPORTED_BY_SANDBOX"}}`)
	})
	res, err := c.ValidateDocument(t.Context(), DocumentRequest{Front: jpeg, Back: png, DocType: "passport", Type: "pooling"})
	require.NoError(t, err)
	assert.True(t, res.Processing())
	res, err = c.DocumentPooling(t.Context(), res.Process, "")
	require.NoError(t, err)
	assert.Equal(t, "GOOD", res.Result)
	assert.JSONEq(t, `{"surnames": "REIS", "names": "JOAO MIGUEL"}`, string(res.Fields))
	_, err = c.ValidateDocumentBase64(t.Context(), DocumentRequest{Front: jpeg, Back: jpeg, DocType: "idcard"})
	assert.ErrorIs(t, err, ErrOCRNotSupported)
}

func TestSelfieCompare(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/1.0/document/selfie-compare", func(w http.ResponseWriter, r *http.Request) {
		p := readParts(t, r)
		assert.Contains(t, p.files, "photo1")
		assert.Contains(t, p.files, "photo2")
		reply(w, 200, `{"status": true,  "data": {"message": "FACE_COMPARED_WITH_SUCCESS", "verified": true, "confidence": "0.99"}}`)
	})
	mux.HandleFunc("POST /api/1.0/document/selfie-compare-base64", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		assert.Equal(t, "data:image/jpeg;base64,"+EncodeBase64(jpeg, false), body["photo1"])
		assert.Equal(t, true, body["liveness"])
		reply(w, 200, `{"status": false, "data": {"message": "FACE_COMPARISON_FAILED"}}`)
	})
	res, err := c.SelfieCompare(t.Context(), CompareRequest{Photo1: jpeg, Photo2: png})
	require.NoError(t, err)
	assert.True(t, res.Verified)
	assert.InDelta(t, 0.99, float64(res.Confidence), 1e-9)
	res, err = c.SelfieCompareBase64(t.Context(), CompareRequest{Photo1: jpeg, Photo2: jpeg, Liveness: true}, true)
	require.NoError(t, err)
	assert.False(t, res.Status)
	assert.Equal(t, MsgFaceComparisonFailed, res.Message)
}

func TestAuxiliary(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/1.0/users/{id}/enroll/status", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status": true, "data": [{"engines_oid": "586d12dc3e7a0221d76a4be2", "type": "voice", "enrolled": true}, {"engines_oid": "586d12dc3e7a0221d76a4be3", "type": "face",  "enrolled": false}]}`)
	})
	pendingBodies := []string{`{"status": true}`, `{"status": true, "data": {"dialogueId": "e99766b5-x", "promptCode": "0653", "promptCodeText": "zero six five three"}}`}
	mux.HandleFunc("GET /api/1.0/users/{id}/voice/is-pending", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, pendingBodies[0])
		pendingBodies = pendingBodies[1:]
	})
	mux.HandleFunc("GET /api/1.0/users/find-by-address", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("mac_address") == "00:0a:95:9d:68:16" {
			reply(w, 200, `{"status": true, "data": {"message": "USER_ALREADY_REGISTERED_ON_THIS_DEVICE", "id": "`+uid+`"}}`)
			return
		}
		reply(w, 200, `{"status": true, "data": {"message": "DEVICE_NOT_ASSOCIATED_TO_USER"}}`)
	})
	st, err := c.EnrollStatus(t.Context(), uid)
	require.NoError(t, err)
	assert.True(t, st.Enrolled("voice"))
	assert.False(t, st.Enrolled("face"))
	require.Len(t, st.Engines, 2)

	p, err := c.PendingDialogue(t.Context(), uid)
	require.NoError(t, err)
	assert.False(t, p.Pending)
	p, err = c.PendingDialogue(t.Context(), uid)
	require.NoError(t, err)
	assert.True(t, p.Pending)
	assert.Equal(t, "0653", p.PromptCode)

	m, err := c.FindByMacAddress(t.Context(), "00:0a:95:9d:68:16")
	require.NoError(t, err)
	assert.True(t, m.Associated())
	assert.Equal(t, uid, m.ID)
	m, err = c.FindByMacAddress(t.Context(), "11:11:11:11:11:11")
	require.NoError(t, err)
	assert.False(t, m.Associated())
}

func TestEnrollStatusNotArray(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/1.0/users/{id}/enroll/status", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status": true, "data": {"message": "oops"}}`)
	})
	_, err := c.EnrollStatus(t.Context(), uid)
	var de *DecodeError
	assert.ErrorAs(t, err, &de)
}

func TestConfidence(t *testing.T) {
	for in, want := range map[string]float64{`"0.78"`: 0.78, `0.8`: 0.8, `1`: 1, `null`: 0, `""`: 0} {
		var c Confidence
		require.NoError(t, json.Unmarshal([]byte(in), &c), in)
		assert.InDelta(t, want, float64(c), 1e-9, in)
	}
	for _, in := range []string{`"high"`, `true`, `{}`} {
		var c Confidence
		assert.Error(t, json.Unmarshal([]byte(in), &c), in)
	}
	assert.Equal(t, "0.78", Confidence(0.78).String())
}
