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

// The BioPass ID client against the sandbox's Multibiometrics routes.
func TestBioPassIDContract(t *testing.T) {
	_, hs, _ := newSandbox(t, Config{Key: "sub-key", Secret: "s"})
	c, err := biopassid.New(hs.URL, "sub-key")
	require.NoError(t, err)
	ctx := context.Background()

	r, err := c.Enroll(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "obama.jpg")})
	require.NoError(t, err)
	assert.Equal(t, "cust-1", r.CustomID)
	assert.Len(t, r.BioPassID, 24)
	_, err = c.Enroll(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "obama.jpg")})
	assert.Equal(t, "CUSTOMID_ALREADY_EXISTS", bpCode(err))
	_, err = c.Enroll(ctx, biopassid.Person{CustomID: "cust-2"})
	assert.Equal(t, "INVALID_JSON_FORMAT", bpCode(err), "no face and no finger")
	_, err = c.Enroll(ctx, biopassid.Person{CustomID: "cust-2", Face: photoOf(t, "blank")})
	assert.Equal(t, "FAILED_TO_EXTRACT_FACE_TEMPLATE", bpCode(err))
	_, err = c.Enroll(ctx, biopassid.Person{CustomID: "cust-2", Fingers: [][]byte{[]byte("II*\x00")}})
	assert.Equal(t, "NOT_SUPPORTED_BY_SANDBOX", bpCode(err))

	v, err := c.Verify(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "obama2.jpg")})
	require.NoError(t, err)
	assert.True(t, v.Match)
	assert.True(t, v.MatchDetails.FaceMatched)
	assert.Len(t, v.MatchDetails.NonMatchedFingers, 10)
	v, err = c.Verify(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "biden.jpg")})
	require.NoError(t, err)
	assert.False(t, v.Match)
	_, err = c.Verify(ctx, biopassid.Person{CustomID: "nobody", Face: photo(t, "biden.jpg")})
	assert.Equal(t, "CUSTOMID_NOT_FOUND", bpCode(err))

	_, err = c.Update(ctx, biopassid.Person{CustomID: "cust-1", Face: photo(t, "obama3.jpg")})
	require.NoError(t, err)
	_, err = c.Delete(ctx, "cust-1")
	require.NoError(t, err)
	_, err = c.Delete(ctx, "cust-1")
	assert.Equal(t, "CUSTOMID_NOT_FOUND", bpCode(err))

	bad, err := biopassid.New(hs.URL, "wrong")
	require.NoError(t, err)
	_, err = bad.Enroll(ctx, biopassid.Person{CustomID: "x", Face: photo(t, "obama.jpg")})
	assert.Equal(t, "UNAUTHORIZED", bpCode(err))
	_, err = biopassid.New("http://example.com", "k")
	assert.Error(t, err, "plain http only to loopback")
}
