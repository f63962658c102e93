package biometrics

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnrollFaceOutcomes(t *testing.T) {
	c, mux, _ := setup(t)
	answers := []string{
		`{"status": true, "data": {"message": "FACE_ENROLLED_WITH_SUCCESS", "enrolled": true}}`,
		`{"status": false, "data": {"message": "FACE_ENROLLMENT_FAILED", "reason": "No faces found on 'photo'"}}`,
		`{"status": false, "data": {"message": "FACE_ALREADY_DETECTED_ON_GALLERY", "detectedId": "5be3000bd3adgd3e152724f2", "confidence": 0.8, "alreadyExists": true}}`,
		`{"status": false, "data": {"message": "MULTIPLE_FACES_DETECTED"}}`,
	}
	n := 0
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/enroll/face", func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		assert.Equal(t, uid, r.PathValue("id"))
		p := readParts(t, r)
		assert.Equal(t, "image/jpeg", p.files["photo"])
		assert.Equal(t, jpeg, p.bytes["photo"])
		assert.Equal(t, []string{"true"}, p.fields["liveness"])
		reply(w, 200, answers[n])
		n++
	})
	req := FaceRequest{Photo: jpeg, Liveness: true}

	res, err := c.EnrollFace(t.Context(), uid, req)
	require.NoError(t, err)
	assert.True(t, res.Status)
	assert.True(t, res.Enrolled)

	res, err = c.EnrollFace(t.Context(), uid, req)
	require.NoError(t, err, "a refused sample is an outcome, not an error")
	assert.False(t, res.Status)
	assert.Equal(t, MsgFaceEnrollmentFailed, res.Message)
	assert.Equal(t, "No faces found on 'photo'", res.Reason)

	res, err = c.EnrollFace(t.Context(), uid, req)
	require.NoError(t, err)
	assert.True(t, res.Duplicate())
	assert.Equal(t, "5be3000bd3adgd3e152724f2", res.DetectedID)
	assert.InDelta(t, 0.8, float64(res.Confidence), 1e-9)
	assert.True(t, res.AlreadyExists)

	res, err = c.EnrollFace(t.Context(), uid, req)
	require.NoError(t, err)
	assert.Equal(t, MsgMultipleFacesDetected, res.Message)
	assert.False(t, res.Enrolled)
}

func TestVerifyAndFindByFace(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/verify/face", func(w http.ResponseWriter, r *http.Request) {
		p := readParts(t, r)
		assert.Equal(t, "image/png", p.files["photo"])
		reply(w, 200, `{"status":true,"data":{"message":"FACE_RECOGNIZED_WITH_SUCCESS","verified":false,"confidence":"0.31"}}`)
	})
	mux.HandleFunc("POST /api/1.0/users/find-by-face", func(w http.ResponseWriter, r *http.Request) {
		readParts(t, r)
		reply(w, 200, `{"status": true, "data": {"message": "FACE_RECOGNIZED_WITH_SUCCESS", "verified": true, "userId": "5be3000bd3adgd3e152724f2", "confidence": "0.78"}}`)
	})
	m, err := c.VerifyFace(t.Context(), uid, FaceRequest{Photo: png})
	require.NoError(t, err)
	assert.False(t, m.Verified)
	assert.False(t, m.Refused())
	assert.InDelta(t, 0.31, float64(m.Confidence), 1e-9)

	m, err = c.FindByFace(t.Context(), FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	assert.True(t, m.Verified)
	assert.Equal(t, "5be3000bd3adgd3e152724f2", m.UserID)
	assert.InDelta(t, 0.78, float64(m.Confidence), 1e-9)
}

func TestFindByFaceRefusedPhoto(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/1.0/users/find-by-face", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status": false, "data": {"message": "FACE_ENROLLMENT_FAILED", "reason": "No faces found on 'photo'"}}`)
	})
	m, err := c.FindByFace(t.Context(), FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	assert.True(t, m.Refused())
	assert.Equal(t, "No faces found on 'photo'", m.Reason)
}

func TestFindByMultipleUses11(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/1.1/users/find-by-multiple", func(w http.ResponseWriter, r *http.Request) {
		readParts(t, r)
		reply(w, 200, `{"status":true,"data":{"message":"FACE_RECOGNIZED_WITH_SUCCESS","verified":true,"usersFound":[{"userId":"`+uid+`","confidence":"0.91"},{"userId":"aaaaaaaaaaaaaaaaaaaaaaaa","confidence":0.85}]}}`)
	})
	res, err := c.FindByMultiple(t.Context(), FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	require.Len(t, res.UsersFound, 2)
	assert.Equal(t, uid, res.UsersFound[0].UserID)
	assert.InDelta(t, 0.85, float64(res.UsersFound[1].Confidence), 1e-9)
}

func TestAdaptFace(t *testing.T) {
	c, mux, _ := setup(t)
	answers := []string{
		`{"status": true, "data": {"message": "FACE_ADAPTED_WITH_SUCCESS", "adapted": true, "faceImg": "http://static.findface.pro/uploads/x.jpg"}}`,
		`{"status": false, "data": {"message": "FACE_ADAPT_FAILED", "reason": "No faces found on 'photo'"}}`,
		`{"status": false, "data": {"message": "FACE_NOT_REALIABLE_TO_ADAPT", "alreadyExists": false}}`,
	}
	n := 0
	mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/adapt/face", func(w http.ResponseWriter, r *http.Request) {
		readParts(t, r)
		reply(w, 200, answers[n])
		n++
	})
	res, err := c.AdaptFace(t.Context(), uid, FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	assert.True(t, res.Adapted)
	assert.Contains(t, res.FaceImg, "findface")
	res, err = c.AdaptFace(t.Context(), uid, FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	assert.Equal(t, MsgFaceAdaptFailed, res.Message)
	res, err = c.AdaptFace(t.Context(), uid, FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	assert.Equal(t, MsgFaceNotRealiableToAdapt, res.Message)
	assert.False(t, res.Adapted)
}

func TestFaceProperties(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("POST /api/1.0/users/find-face-properties", func(w http.ResponseWriter, r *http.Request) {
		readParts(t, r)
		reply(w, 200, `{"status": true, "data": {"message": "FACE_RECOGNIZED_WITH_SUCCESS", "properties": {"age": 32, "gender": "male", "emotions": ["neutral", "happy"]}}}`)
	})
	res, err := c.FindFaceProperties(t.Context(), FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	assert.Equal(t, FaceProperties{Age: 32, Gender: "male", Emotions: []string{"neutral", "happy"}}, res.Properties)
}

func TestDeleteFaceAndUser(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("DELETE /api/1.0/users/{id}/face/delete", func(w http.ResponseWriter, r *http.Request) {
		checkAuth(t, r)
		reply(w, 200, `{"status": true, "data": {"message": "USER_FACE_CREDENTIALS_DELETED"}}`)
	})
	mux.HandleFunc("DELETE /api/1.0/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status": true, "data": {"message": "USER_REMOVED_WITH_SUCCESS"}}`)
	})
	a, err := c.DeleteFace(t.Context(), uid)
	require.NoError(t, err)
	assert.Equal(t, MsgUserFaceCredentialsDeleted, a.Message)
	a, err = c.DeleteUser(t.Context(), uid)
	require.NoError(t, err)
	assert.Equal(t, MsgUserRemovedWithSuccess, a.Message)
}

func TestGuardsRefuseBeforeSending(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("nothing should reach the server, got %s %s", r.Method, r.URL.Path)
	})
	big := append(append([]byte{}, jpeg...), make([]byte, MaxPhotoBytes)...)
	_, err := c.EnrollFace(t.Context(), uid, FaceRequest{Photo: big})
	assert.ErrorIs(t, err, ErrPhotoTooLarge)
	_, err = c.EnrollFace(t.Context(), uid, FaceRequest{Photo: []byte("GIF89a....")})
	assert.ErrorIs(t, err, ErrPhotoFormat)
	_, err = c.EnrollFace(t.Context(), uid, FaceRequest{})
	assert.ErrorIs(t, err, ErrPhotoFormat)
	_, err = c.EnrollFace(t.Context(), "../../etc", FaceRequest{Photo: jpeg})
	assert.ErrorIs(t, err, ErrInvalidUserID)
	_, err = c.SubmitVoice(t.Context(), uid, VoiceEnroll, "en", []byte("ID3 mp3 data..."))
	assert.ErrorIs(t, err, ErrAudioFormat)
	_, err = c.SelfieCompareBase64(t.Context(), CompareRequest{Photo1: jpeg, Photo2: []byte("nope")}, true)
	assert.ErrorIs(t, err, ErrPhotoFormat)
	_, err = c.ValidateLiveness(t.Context(), LivenessValidation{})
	assert.ErrorIs(t, err, ErrMissingArgument)
}
