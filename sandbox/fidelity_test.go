package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"testing"

	"biokiosk/biometrics"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// User ids are opaque: the sandbox mints them in the docs' own non-hex
// shape (5be3000bd3adgd3e152724f2), and every per-user call takes them.
func TestUserIDsAreNotHex(t *testing.T) {
	_, _, c := newSandbox(t, Config{})
	ctx := context.Background()
	hex := regexp.MustCompile(`^[0-9a-f]{24}$`)
	for i := range 4 {
		u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "r" + string(rune('a'+i))})
		require.NoError(t, err)
		assert.Len(t, u.ID, 24)
		assert.NotRegexp(t, hex, u.ID)
		_, err = c.EnrollFace(ctx, u.ID, biometrics.FaceRequest{Photo: photo(t, []string{"obama.jpg", "biden.jpg"}[i%2])})
		require.NoError(t, err)
		_, err = c.EnrollStatus(ctx, u.ID)
		require.NoError(t, err)
		_, err = c.DeleteUser(ctx, u.ID)
		require.NoError(t, err)
	}
}

// Verify document photo: a non-match is the docs' FACE_COMPARISON_FAILED.
func TestSelfieCompareNonMatchIsComparisonFailed(t *testing.T) {
	_, _, c := newSandbox(t, Config{})
	ctx := context.Background()
	r, err := c.SelfieCompare(ctx, biometrics.CompareRequest{Photo1: photo(t, "obama.jpg"), Photo2: photo(t, "biden.jpg")})
	require.NoError(t, err)
	assert.False(t, r.Status)
	assert.Equal(t, biometrics.MsgFaceComparisonFailed, r.Message)
	assert.Empty(t, r.Reason, "a verdict, not a refused photo")
	r, err = c.SelfieCompare(ctx, biometrics.CompareRequest{Photo1: photo(t, "obama.jpg"), Photo2: photo(t, "obama2.jpg")})
	require.NoError(t, err)
	assert.True(t, r.Status && r.Verified)
}

// One active dialogue per user: a second start is refused until the
// first ends or Restart User State closes it (1.0 and 1.1 enrolment).
func TestOneActiveDialoguePerUser(t *testing.T) {
	for _, v := range []string{"1.0", "1.1"} {
		_, _, c := newSandbox(t, Config{}, biometrics.WithAPIVersion(v))
		ctx := context.Background()
		u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "one"})
		require.NoError(t, err)
		first, err := c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "")
		require.NoError(t, err, v)
		_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "")
		assert.ErrorIs(t, err, biometrics.ErrDialogueAlreadyPending, v)
		p, err := c.PendingDialogue(ctx, u.ID)
		require.NoError(t, err)
		assert.Equal(t, first.DialogueID+first.EnrollmentID, p.DialogueID, "%s: the first one is still open", v)
		_, err = c.RestartState(ctx, u.ID)
		require.NoError(t, err)
		_, err = c.StartVoice(ctx, u.ID, biometrics.VoiceEnroll, "")
		assert.NoError(t, err, v)
	}
}

// Liveness: validation is served under 1.1 only, its livenessResult has
// every documented field, and a client that requires liveness needs it on
// find-by-face too (the 1.0 page's liveness flag).
func TestLivenessAsDocumented(t *testing.T) {
	s, hs, c := newSandbox(t, Config{LivenessRequired: true}, biometrics.WithAPIVersion("1.1"))
	ctx := context.Background()
	key, secret := s.Credentials()
	body, ct := multipartPhoto(t, photo(t, "obama.jpg"))
	req, err := http.NewRequestWithContext(ctx, "POST", hs.URL+"/api/1.0/liveness/validate", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("x-biometrid-key", key)
	req.Header.Set("x-biometrid-secret", secret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	frames := [][]byte{photo(t, "obama.jpg")}
	v, err := c.ValidateLiveness(ctx, biometrics.LivenessValidation{AuditTrailImages: frames})
	require.NoError(t, err)
	for _, k := range []string{"bt", "zb", "zp", "zw", "st"} {
		assert.Contains(t, v.LivenessResult.Meta.M, k)
	}
	assert.Equal(t, "The facemap was created successfully.", v.LivenessResult.Data.CreationStatusFromZoomServer)

	_, err = c.FindByFace(ctx, biometrics.FaceRequest{Photo: photo(t, "obama.jpg")})
	assert.ErrorIs(t, err, biometrics.ErrLivenessRequired)
	_, err = c.FindByFace(ctx, biometrics.FaceRequest{Photo: photo(t, "obama.jpg"), LivenessID: v.LivenessID})
	assert.NoError(t, err)
}
