package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"biokiosk/biometrics"
	"biokiosk/capture/audio"
	"biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newSandbox starts a sandbox on httptest with a fresh database and
// returns it with a client.
func newSandbox(t *testing.T, cfg Config, opts ...biometrics.Option) (*Server, *httptest.Server, *biometrics.Client) {
	t.Helper()
	if _, err := face.FindModelsDir(os.Getenv); err != nil {
		testfiles.Missing(t, "face models unavailable (%v): run make models", err)
	}
	if cfg.DB == "" {
		cfg.DB = filepath.Join(t.TempDir(), "sandbox.db")
	}
	s, err := New(context.Background(), cfg)
	require.NoError(t, err)
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() { hs.Close(); s.Close() })
	key, secret := s.Credentials()
	c, err := biometrics.New(hs.URL, append([]biometrics.Option{biometrics.WithCredentials(key, secret), biometrics.WithAllowInsecureHTTP(), biometrics.WithRetry(biometrics.NoRetry)}, opts...)...)
	require.NoError(t, err)
	return s, hs, c
}

func photo(t *testing.T, name string) []byte {
	b, err := os.ReadFile(testfiles.Path(t, "faces", "portraits", name))
	require.NoError(t, err)
	return b
}

// clipOf decodes a test recording.
func clipOf(t *testing.T, name string) audio.Clip {
	f, err := os.Open(testfiles.Path(t, "voice", name))
	require.NoError(t, err)
	defer f.Close()
	c, err := audio.DecodeWAV(f)
	require.NoError(t, err)
	return c
}

// speech returns a WAV of seconds [from, from+n) of a test recording.
func speech(t *testing.T, name string, from, n int) []byte {
	c := clipOf(t, name)
	return audio.WAVBytes(c.Slice(from*16000, (from+n)*16000))
}

func code(err error) string {
	var ae *biometrics.APIError
	if errors.As(err, &ae) {
		return string(ae.Message)
	}
	return ""
}

func TestFaceContract(t *testing.T) {
	_, _, c := newSandbox(t, Config{})
	ctx := context.Background()
	u1, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "alice"})
	require.NoError(t, err)
	assert.Len(t, u1.ID, 24)
	assert.Equal(t, biometrics.MsgNewUserCreated, u1.Message)
	u2, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "bob"})
	require.NoError(t, err)

	_, err = c.VerifyFace(ctx, u1.ID, biometrics.FaceRequest{Photo: photo(t, "obama.jpg")})
	assert.Equal(t, "ENROLL_USER_FACE_FIRST", code(err))

	r, err := c.EnrollFace(ctx, u1.ID, biometrics.FaceRequest{Photo: photo(t, "obama.jpg")})
	require.NoError(t, err)
	assert.True(t, r.Enrolled)

	// The same person on another user is a gallery duplicate.
	dup, err := c.EnrollFace(ctx, u2.ID, biometrics.FaceRequest{Photo: photo(t, "obama2.jpg")})
	require.NoError(t, err)
	assert.True(t, dup.Duplicate())
	assert.Equal(t, u1.ID, dup.DetectedID)

	noFace := photoOf(t, "blank")
	refused, err := c.EnrollFace(ctx, u2.ID, biometrics.FaceRequest{Photo: noFace})
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgFaceEnrollmentFailed, refused.Message)
	assert.Contains(t, refused.Reason, "No faces")

	multi, err := c.EnrollFace(ctx, u2.ID, biometrics.FaceRequest{Photo: photo(t, "two_people.jpg")})
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgMultipleFacesDetected, multi.Message)

	r, err = c.EnrollFace(ctx, u2.ID, biometrics.FaceRequest{Photo: photo(t, "biden.jpg")})
	require.NoError(t, err)
	assert.True(t, r.Enrolled)

	for _, tc := range []struct {
		user, photo string
		want        bool
	}{{u1.ID, "obama3.jpg", true}, {u1.ID, "obama_small.jpg", true}, {u1.ID, "biden2.jpg", false}, {u2.ID, "obama2.jpg", false}} {
		m, err := c.VerifyFace(ctx, tc.user, biometrics.FaceRequest{Photo: photo(t, tc.photo)})
		require.NoError(t, err, tc.photo)
		assert.Equal(t, tc.want, m.Verified, "%s vs %s (confidence %v)", tc.photo, tc.user, m.Confidence)
	}

	found, err := c.FindByFace(ctx, biometrics.FaceRequest{Photo: photo(t, "obama-480p.jpg")})
	require.NoError(t, err)
	assert.True(t, found.Verified)
	assert.Equal(t, u1.ID, found.UserID)

	many, err := c.FindByMultiple(ctx, biometrics.FaceRequest{Photo: photo(t, "two_people.jpg")})
	require.NoError(t, err)
	assert.True(t, many.Verified)
	// two_people.jpg shows both enrolled people.
	require.Len(t, many.UsersFound, 2)
	assert.ElementsMatch(t, []string{u1.ID, u2.ID}, []string{many.UsersFound[0].UserID, many.UsersFound[1].UserID})

	cmp, err := c.SelfieCompare(ctx, biometrics.CompareRequest{Photo1: photo(t, "obama_small.jpg"), Photo2: photo(t, "obama3.jpg")})
	require.NoError(t, err)
	assert.True(t, cmp.Verified)
	cmp, err = c.SelfieCompareBase64(ctx, biometrics.CompareRequest{Photo1: photo(t, "obama_small.jpg"), Photo2: photo(t, "biden.jpg")}, true)
	require.NoError(t, err)
	assert.False(t, cmp.OK(), "a non-match is the documented FACE_COMPARISON_FAILED")
	assert.Equal(t, biometrics.MsgFaceComparisonFailed, cmp.Message)
	assert.False(t, cmp.Verified)
	cmp, err = c.SelfieCompare(ctx, biometrics.CompareRequest{Photo1: photo(t, "obama_small.jpg"), Photo2: noFace})
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgFaceComparisonFailed, cmp.Message)

	props, err := c.FindFaceProperties(ctx, biometrics.FaceRequest{Photo: photo(t, "obama.jpg")})
	require.NoError(t, err)
	assert.Equal(t, "male", props.Properties.Gender)
	assert.InDelta(t, 47, props.Properties.Age, 12)
	assert.Equal(t, "happy", props.Properties.Emotions[0])
	props, err = c.FindFaceProperties(ctx, biometrics.FaceRequest{Photo: photo(t, "two_people.jpg")})
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgMultipleFacesDetected, props.Message)
	props, err = c.FindFaceProperties(ctx, biometrics.FaceRequest{Photo: noFace})
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgFacePropertiesFailed, props.Message)

	ad, err := c.AdaptFace(ctx, u1.ID, biometrics.FaceRequest{Photo: photo(t, "biden.jpg")})
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgFaceNotRealiableToAdapt, ad.Message)
	ad, err = c.AdaptFace(ctx, u1.ID, biometrics.FaceRequest{Photo: photo(t, "obama2.jpg")})
	require.NoError(t, err)
	assert.True(t, ad.Adapted)

	st, err := c.EnrollStatus(ctx, u1.ID)
	require.NoError(t, err)
	assert.Len(t, st.Engines, 2)

	_, err = c.DeleteFace(ctx, u1.ID)
	require.NoError(t, err)
	_, err = c.DeleteFace(ctx, u1.ID)
	assert.Equal(t, "ENROLL_USER_FACE_FIRST", code(err))
	_, err = c.DeleteUser(ctx, u2.ID)
	require.NoError(t, err)
	_, err = c.VerifyFace(ctx, u2.ID, biometrics.FaceRequest{Photo: photo(t, "biden.jpg")})
	assert.Equal(t, "USERID_NOT_EXISTS", code(err))
	found, err = c.FindByFace(ctx, biometrics.FaceRequest{Photo: photo(t, "biden.jpg")})
	require.NoError(t, err)
	assert.False(t, found.Verified, "deleted users leave the gallery")
}

// photoOf makes small test images: "blank" is a grey JPEG with no face.
func photoOf(t *testing.T, kind string) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, writeGreyJPEG(&buf, 320, 240))
	return buf.Bytes()
}

func TestVoiceDialogueContract(t *testing.T) {
	_, _, c := newSandbox(t, Config{})
	ctx := context.Background()
	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "carol"})
	require.NoError(t, err)

	_, err = c.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "en", speech(t, "en.wav", 0, 5))
	assert.Equal(t, "DIALOGUE_NOT_STARTED", code(err))
	_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "xx")
	assert.Equal(t, "LANGUAGE_NOT_AVAILABLE", code(err))

	a, err := c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "pt")
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgDialogueStartedWithSuccess, a.Message)
	assert.Len(t, a.PromptCode, 4)
	assert.NotEmpty(t, a.PromptCodeText)
	p, err := c.PendingDialogue(ctx, u.ID)
	require.NoError(t, err)
	assert.True(t, p.Pending)
	assert.Equal(t, a.PromptCode, p.PromptCode)

	// Silence is refused with a reason and a new prompt; the dialogue goes on.
	silence := audio.WAVBytes(audio.Clip{Rate: 16000, Samples: make([]int16, 3*16000)})
	a, err = c.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "pt", silence)
	require.NoError(t, err)
	assert.True(t, a.Refused())
	assert.Equal(t, "NO_SPEECH", a.Reason)
	assert.Len(t, a.PromptCode, 4)

	// Slices the local quality check passes (others are NOISY: continuous
	// speech leaves no pause to measure the noise in).
	for _, from := range []int{0, 5, 15} {
		a, err = c.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "pt", speech(t, "en.wav", from, 5))
		require.NoError(t, err)
		require.False(t, a.Refused(), "sample at %d s: %s", from, a.Reason)
	}
	assert.Equal(t, biometrics.MsgAudioEnrolledWithSuccess, a.Message)
	assert.True(t, a.Done())
	p, err = c.PendingDialogue(ctx, u.ID)
	require.NoError(t, err)
	assert.False(t, p.Pending)

	_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "pt")
	assert.Equal(t, "VOICE_ALREADY_ENROLLED", code(err))

	verify := func(file string, from int) biometrics.VoiceAnswer {
		_, err := c.StartVoice(ctx, u.ID, biometrics.VoiceVerify, "pt")
		require.NoError(t, err)
		a, err := c.SubmitVoice(ctx, u.ID, biometrics.VoiceVerify, "pt", speech(t, file, from, 5))
		require.NoError(t, err)
		return a
	}
	a = verify("en.wav", 20)
	assert.Equal(t, biometrics.MsgAudioVerifiedWithSuccess, a.Message)
	a = verify("de.wav", 20)
	assert.Equal(t, biometrics.MsgAudioRecognitionFailed, a.Message)
	assert.False(t, a.Succeeded())

	_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceVerify, "pt")
	require.NoError(t, err)
	_, err = c.RestartState(ctx, u.ID)
	require.NoError(t, err)
	p, err = c.PendingDialogue(ctx, u.ID)
	require.NoError(t, err)
	assert.False(t, p.Pending)

	_, err = c.DeleteVoice(ctx, u.ID, "pt")
	require.NoError(t, err)
	_, err = c.DeleteVoice(ctx, u.ID, "pt")
	assert.Equal(t, "ENROLL_USER_VOICE_FIRST", code(err))
}

func TestAuthQuotasAndBadInput(t *testing.T) {
	s, hs, c := newSandbox(t, Config{Key: "k1", Secret: "s1", RequestLimit: 6, UserLimit: 1})
	ctx := context.Background()
	key, _ := s.Credentials()
	assert.Equal(t, "k1", key)

	do := func(method, path, k, sec string, body string, ct string) (int, string) {
		req, _ := http.NewRequest(method, hs.URL+path, strings.NewReader(body))
		if k != "" {
			req.Header.Set("x-biometrid-key", k)
		}
		if sec != "" {
			req.Header.Set("x-biometrid-secret", sec)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	st, body := do("POST", "/api/1.0/users", "", "", "", "")
	assert.Equal(t, 400, st)
	assert.Contains(t, body, "AUTHENTICATION_HEADERS_MISSING")
	st, body = do("POST", "/api/1.0/users", "nope", "s1", "", "")
	assert.Equal(t, 404, st)
	assert.Contains(t, body, "CLIENT_NOT_FOUND/CHECK_AUTHENTICATION_HEADERS")
	st, body = do("POST", "/api/1.0/users", "k1", "wrong", "", "")
	assert.Equal(t, 401, st)
	assert.Contains(t, body, "INVALID_AUTHENTICATION_HEADERS")
	st, body = do("GET", "/api/1.0/nothing", "k1", "s1", "", "")
	assert.Equal(t, 404, st)
	assert.Contains(t, body, "ROUTE_NOT_FOUND")
	st, body = do("POST", "/api/1.0/document/validate", "k1", "s1", "", "") // request 1
	assert.Equal(t, 400, st)
	assert.Contains(t, body, "NO_FILE_OR_INVALID_FORMAT")

	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "a", MacAddress: "00:0a:95:9d:68:16"}) // 2
	require.NoError(t, err)
	again, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "a", MacAddress: "00:0a:95:9d:68:16"}) // 3
	require.NoError(t, err)
	assert.True(t, again.Existing())
	assert.Equal(t, u.ID, again.ID)
	_, err = c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "b"}) // 4
	assert.Equal(t, "NOT_ALLOWED_TO_CREATE_USERS", code(err))

	// Not an image, posted raw past the client's own checks: refused, nothing stored.
	st, body = do("POST", "/api/1.0/users/"+u.ID+"/dialogue/enroll/face", "k1", "s1", `{"photo":"data:image/jpeg;base64,bm90IGFuIGltYWdl"}`, "application/json") // 5
	assert.Equal(t, 400, st)
	assert.Contains(t, body, "NO_FILE_OR_INVALID_FORMAT")
	_, err = c.EnrollStatus(ctx, u.ID) // 6
	require.NoError(t, err)
	_, err = c.EnrollStatus(ctx, u.ID) // 7: over the limit
	assert.Equal(t, "REQUEST_LIMIT_REACHED", code(err))
}

func TestRestartKeepsEverything(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "keep.db")
	s1, hs1, c1 := newSandbox(t, Config{DB: dbPath})
	ctx := context.Background()
	u, err := c1.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "dave"})
	require.NoError(t, err)
	_, err = c1.EnrollFace(ctx, u.ID, biometrics.FaceRequest{Photo: photo(t, "obama.jpg")})
	require.NoError(t, err)
	key, secret := s1.Credentials()
	hs1.Close()
	require.NoError(t, s1.Close())

	_, _, c2 := newSandbox(t, Config{DB: dbPath})
	m, err := c2.VerifyFace(ctx, u.ID, biometrics.FaceRequest{Photo: photo(t, "obama2.jpg")})
	require.NoError(t, err, "the generated credentials %s/%s survive too", key, secret)
	assert.True(t, m.Verified)
}

func TestConcurrentClients(t *testing.T) {
	_, _, c := newSandbox(t, Config{})
	ctx := context.Background()
	img := photo(t, "obama_small.jpg")
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "x"})
			if err != nil {
				errs <- err
				return
			}
			if _, err := c.FindByFace(ctx, biometrics.FaceRequest{Photo: img}); err != nil {
				errs <- err
			}
			if _, err := c.EnrollStatus(ctx, u.ID); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func multipartPhoto(t testing.TB, img []byte) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("photo", "photo.jpg")
	require.NoError(t, err)
	_, _ = fw.Write(img)
	require.NoError(t, w.Close())
	return buf.Bytes(), w.FormDataContentType()
}

func TestLivenessHostAndValidation(t *testing.T) {
	s, hs, _ := newSandbox(t, Config{Key: "k", Secret: "s", LivenessRequired: true})
	key, secret := s.Credentials()
	c, err := biometrics.New(hs.URL, biometrics.WithCredentials(key, secret), biometrics.WithAllowInsecureHTTP(),
		biometrics.WithRetry(biometrics.NoRetry), biometrics.WithLivenessURL(hs.URL), biometrics.WithAPIVersion("1.1"))
	require.NoError(t, err)
	ctx := context.Background()
	live := facetest.JPEG(t, "obama.jpg")
	tok, err := s.LivenessAppToken(ctx)
	require.NoError(t, err)
	host := biometrics.LivenessHost{AppToken: tok}

	st, err := c.LivenessStatus(ctx, host)
	require.NoError(t, err)
	assert.Equal(t, "running", st.Data.Status)
	_, err = c.LivenessStatus(ctx, biometrics.LivenessHost{AppToken: "nope"})
	assert.Error(t, err)
	_, err = c.LivenessStatus(ctx, biometrics.LivenessHost{AppToken: "k"})
	assert.Error(t, err, "the key alone, which is no secret, is refused")

	z, err := c.Liveness(ctx, host, biometrics.LivenessSession{AuditTrail: []string{biometrics.EncodeBase64(live, false)}})
	require.NoError(t, err)
	assert.Equal(t, "passed", z.Data.LivenessResult)
	z, err = c.Liveness(ctx, host, biometrics.LivenessSession{AuditTrail: []string{biometrics.EncodeBase64(photoOf(t, "blank"), false)}})
	require.NoError(t, err)
	assert.Equal(t, "failed", z.Data.LivenessResult)

	// 1.1: a face call without a livenessId is refused; a validated id works once.
	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "l"})
	require.NoError(t, err)
	_, err = c.EnrollFace(ctx, u.ID, biometrics.FaceRequest{Photo: live})
	assert.Equal(t, "LIVENESS_REQUIRED", code(err))
	v, err := c.ValidateLiveness(ctx, biometrics.LivenessValidation{AuditTrailImages: [][]byte{live, live}})
	require.NoError(t, err)
	require.NotEmpty(t, v.LivenessID)
	r, err := c.EnrollFace(ctx, u.ID, biometrics.FaceRequest{Photo: live, LivenessID: v.LivenessID})
	require.NoError(t, err)
	assert.True(t, r.Enrolled)
	_, err = c.VerifyFace(ctx, u.ID, biometrics.FaceRequest{Photo: live, LivenessID: v.LivenessID})
	assert.Equal(t, "LIVENESS_REQUIRED", code(err), "a liveness id is good for one call")
	failed, err := c.ValidateLiveness(ctx, biometrics.LivenessValidation{AuditTrailImages: [][]byte{photoOf(t, "blank")}})
	require.NoError(t, err, "a failed check is an outcome")
	assert.Equal(t, biometrics.MsgLivenessFailed, failed.Message)
	assert.Empty(t, failed.LivenessID)
}

func TestDevicesLanguagesAndVoiceVariants(t *testing.T) {
	s, hs, c := newSandbox(t, Config{})
	ctx := context.Background()
	const mac = "00:0a:95:9d:68:16"
	m, err := c.FindByMacAddress(ctx, mac)
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgDeviceNotAssociatedToUser, m.Message)
	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "dev", MacAddress: mac})
	require.NoError(t, err)
	m, err = c.FindByMacAddress(ctx, mac)
	require.NoError(t, err)
	assert.True(t, m.Associated())
	assert.Equal(t, u.ID, m.ID)

	langs, err := c.Languages(ctx)
	require.NoError(t, err)
	assert.Equal(t, "en", langs.Default)
	assert.Len(t, langs.Languages, 3)

	// 1.0 adapt voice after enrolment.
	_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceAdapt, "en")
	assert.Equal(t, "ENROLL_USER_VOICE_FIRST", code(err))
	_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "en")
	require.NoError(t, err)
	for _, from := range []int{0, 5, 15} {
		_, err = c.SubmitVoice(ctx, u.ID, biometrics.VoiceEnroll, "en", speech(t, "en.wav", from, 5))
		require.NoError(t, err)
	}
	_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceAdapt, "en")
	require.NoError(t, err)
	a, err := c.SubmitVoice(ctx, u.ID, biometrics.VoiceAdapt, "en", speech(t, "en.wav", 45, 5))
	require.NoError(t, err)
	require.NotNil(t, a.Adapted)
	assert.True(t, *a.Adapted)

	// API 1.1: enrollmentId and attempts, single-shot verify.
	key, secret := s.Credentials()
	c11, err := biometrics.New(hs.URL, biometrics.WithCredentials(key, secret), biometrics.WithAllowInsecureHTTP(), biometrics.WithRetry(biometrics.NoRetry), biometrics.WithAPIVersion("1.1"))
	require.NoError(t, err)
	u2, err := c11.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "v11"})
	require.NoError(t, err)
	a, err = c11.StartVoice(ctx, u2.ID, biometrics.VoiceEnroll, "")
	require.NoError(t, err)
	assert.Len(t, a.EnrollmentID, 24)
	for i, from := range []int{0, 5, 10} { // slices the quality check passes
		a, err = c11.SubmitVoice(ctx, u2.ID, biometrics.VoiceEnroll, "", speech(t, "de.wav", from, 5))
		require.NoError(t, err)
		if i < 2 {
			assert.Equal(t, biometrics.MsgValidAttempt, a.Message)
			assert.Equal(t, i+1, a.Attempt)
		}
	}
	assert.Equal(t, biometrics.MsgAudioEnrolledWithSuccess, a.Message)
	a, err = c11.SubmitVoice(ctx, u2.ID, biometrics.VoiceVerify, "", speech(t, "de.wav", 20, 5))
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgAudioRecognizedWithSuccess, a.Message)
	a, err = c11.SubmitVoice(ctx, u2.ID, biometrics.VoiceVerify, "", speech(t, "en.wav", 20, 5))
	require.NoError(t, err)
	assert.Equal(t, biometrics.MsgAudioRecognitionFailed, a.Message)
}

func TestRequestLogHoldsRoutesNotBodies(t *testing.T) {
	s, _, c := newSandbox(t, Config{})
	ctx := context.Background()
	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "log"})
	require.NoError(t, err)
	_, err = c.EnrollFace(ctx, u.ID, biometrics.FaceRequest{Photo: photo(t, "obama.jpg")})
	require.NoError(t, err)
	rows, err := s.db.db.QueryContext(ctx, `SELECT method, path, status, message FROM request_log ORDER BY rowid`)
	require.NoError(t, err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var m, p, msg string
		var st int
		require.NoError(t, rows.Scan(&m, &p, &st, &msg))
		got = append(got, fmt.Sprintf("%s %s %d %s", m, p, st, msg))
	}
	assert.Equal(t, []string{
		"POST /api/1.0/users 200 NEW_USER_CREATED",
		"POST /api/1.0/users/" + u.ID + "/dialogue/enroll/face 200 FACE_ENROLLED_WITH_SUCCESS",
	}, got)
}

// The 1.0 liveness host keeps the client's quota and request log as the
// other routes do, and takes its own app token, not the key: with
// --request-limit 3 spent, a further call is 402 and every call is in
// the log (issue 27, item 2).
func TestLivenessHostQuotaAndLog(t *testing.T) {
	s, hs, _ := newSandbox(t, Config{Key: "k", Secret: "s", RequestLimit: 3})
	ctx := context.Background()
	tok, err := s.LivenessAppToken(ctx)
	require.NoError(t, err)
	require.Len(t, tok, 64)
	img := base64.StdEncoding.EncodeToString(photo(t, "obama_small.jpg"))
	call := func(appToken string) int {
		st, _ := postWith(t, hs.URL+"/biometrics/liveness", "", "", map[string]string{"x-app-token": appToken}, map[string]any{"auditTrail": []string{img}})
		return st
	}
	assert.Equal(t, http.StatusUnauthorized, call("k"), "the key alone")
	for range 3 {
		assert.Equal(t, http.StatusOK, call(tok))
	}
	for range 2 {
		assert.Equal(t, http.StatusPaymentRequired, call(tok))
	}
	var n, refused int
	require.NoError(t, s.db.db.QueryRowContext(ctx, `SELECT count(*), count(CASE WHEN status = 402 THEN 1 END) FROM request_log
		WHERE client = 'k' AND path = '/biometrics/liveness'`).Scan(&n, &refused))
	assert.Equal(t, 5, n)
	assert.Equal(t, 2, refused)
}
