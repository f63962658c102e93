package sandbox

import (
	"context"
	"errors"
	"testing"

	"biokiosk/biometrics/biopassid"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bpCode(err error) string {
	var e *biopassid.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return ""
}

func bpNotFound(err error) bool {
	var e *biopassid.Error
	return errors.As(err, &e) && e.IsNotFound()
}

// The BioPass ID client against the sandbox's Multibiometrics routes.
func TestBioPassIDContract(t *testing.T) {
	sb, hs, _ := newSandbox(t, Config{Key: "sub-key", Secret: "s"})
	ctx := context.Background()
	key, err := sb.BioPassKey(ctx)
	require.NoError(t, err)
	c, err := biopassid.New(hs.URL, key)
	require.NoError(t, err)

	r, err := c.Enroll(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "obama.jpg")})
	require.NoError(t, err)
	assert.Equal(t, "cust-1", r.CustomID)
	assert.Len(t, r.BioPassID, 24)
	assert.Len(t, r.ClientID, 24, "an account id")
	assert.NotContains(t, []string{"sub-key", "s", key}, r.ClientID, "never a credential")
	_, err = c.Enroll(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "obama.jpg")})
	assert.Equal(t, biopassid.CodeCustomIDExists, bpCode(err))
	_, err = c.Enroll(ctx, biopassid.Person{CustomID: "cust-2"})
	assert.Equal(t, "INVALID_JSON_FORMAT", bpCode(err), "no face and no finger")
	_, err = c.Enroll(ctx, biopassid.Person{CustomID: "cust-2", Face: photoOf(t, "blank")})
	assert.Equal(t, "FAILED_TO_EXTRACT_FACE_TEMPLATE", bpCode(err))
	_, err = c.Enroll(ctx, biopassid.Person{CustomID: "cust-2", Fingers: [][]byte{[]byte("II*\x00")}})
	assert.Equal(t, biopassid.CodeServerError, bpCode(err), "no fingerprint engine: 501")

	v, err := c.Verify(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "obama2.jpg")})
	require.NoError(t, err)
	assert.True(t, v.Match)
	assert.True(t, v.MatchDetails.FaceMatched)
	assert.Len(t, v.MatchDetails.NonMatchedFingers, 10)
	v, err = c.Verify(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "biden.jpg")})
	require.NoError(t, err)
	assert.False(t, v.Match)
	_, err = c.Verify(ctx, biopassid.Person{CustomID: "nobody", Face: photo(t, "biden.jpg")})
	assert.True(t, bpNotFound(err), "an unknown CustomID is 404")

	_, err = c.Update(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "obama3.jpg")})
	require.NoError(t, err)
	_, err = c.Delete(ctx, "cust-1")
	require.NoError(t, err)
	u, err := c.Update(ctx, biopassid.Person{CustomID: "cust-2", Face: photo(t, "obama3.jpg")})
	assert.True(t, bpNotFound(err), "update of an unknown CustomID: %+v", u)
	_, err = c.Delete(ctx, "cust-1")
	assert.True(t, bpNotFound(err))

	// The BiometrID key (no secret) and its secret are not BioPass ID keys.
	for _, k := range []string{"wrong", "sub-key", "s"} {
		bad, err := biopassid.New(hs.URL, k)
		require.NoError(t, err)
		_, err = bad.Enroll(ctx, biopassid.Person{CustomID: "x", Face: photo(t, "obama.jpg")})
		assert.Equal(t, biopassid.CodeUnauthorized, bpCode(err), k)
	}
	_, err = biopassid.New("http://example.com", "k")
	assert.Error(t, err, "plain http only to loopback")
}
