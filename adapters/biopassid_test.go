package adapters_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"biokiosk/adapters"
	"biokiosk/biometrics/biopassid"
	"biokiosk/flow"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bpStub answers every BioPass ID call with status and body.
func bpStub(t *testing.T, status int, body string) *biopassid.Client {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "60") // over the client's bound: no wait
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(hs.Close)
	c, err := biopassid.New(hs.URL, "sub-key")
	require.NoError(t, err)
	return c
}

func flowCode(err error) string {
	var c flow.Coder
	if errors.As(err, &c) {
		return c.Code()
	}
	return ""
}

const bpUser = "0123456789abcdef01234567"

// The adapter keeps the vendor's BioPassID and ClientID of an enrolment
// and an update, and forgets them with the user.
func TestBioPassIDKeepsVendorIDs(t *testing.T) {
	ids := &adapters.BioPassIDs{}
	var seen []adapters.BioPassPerson
	ids.OnChange = func(p adapters.BioPassPerson) { seen = append(seen, p) }
	b := adapters.BioPassID{C: bpStub(t, 200, `{"Person":{"ClientID":"acct-7","CustomID":"`+bpUser+`","BioPassID":"bp-1"}}`), IDs: ids}
	r, err := b.EnrollFace(t.Context(), bpUser, flow.Photo{JPEG: []byte{0xFF, 0xD8}}, "")
	require.NoError(t, err)
	assert.True(t, r.Enrolled)
	want := adapters.BioPassPerson{CustomID: bpUser, BioPassID: "bp-1", ClientID: "acct-7"}
	got, ok := ids.Get(bpUser)
	require.True(t, ok)
	assert.Equal(t, want, got)

	// Update's documented answer has no ClientID: the known one stays.
	b.C = bpStub(t, 200, `{ "Person": { "CustomID": "`+bpUser+`", "BioPassID": "bp-2" } }`)
	_, err = b.AdaptFace(t.Context(), bpUser, flow.Photo{JPEG: []byte{0xFF, 0xD8}}, "")
	require.NoError(t, err)
	got, _ = ids.Get(bpUser)
	assert.Equal(t, adapters.BioPassPerson{CustomID: bpUser, BioPassID: "bp-2", ClientID: "acct-7"}, got)

	b.C = bpStub(t, 200, `{ "Person": { "CustomID": "`+bpUser+`" } }`)
	require.NoError(t, b.DeleteUser(t.Context(), bpUser))
	_, ok = ids.Get(bpUser)
	assert.False(t, ok)
	assert.Len(t, seen, 3)
}

// Success:false with a Person is not an enrolment; a 404 to verify is
// NOT_ENROLLED; a rate limit is RATE_LIMITED.
func TestBioPassIDAnswers(t *testing.T) {
	photo := flow.Photo{JPEG: []byte{0xFF, 0xD8}}
	ids := &adapters.BioPassIDs{}
	b := adapters.BioPassID{C: bpStub(t, 200, `{"Success":false,"Message":"Error","Person":{"CustomID":"`+bpUser+`","BioPassID":"bp-1"}}`), IDs: ids}
	r, err := b.EnrollFace(t.Context(), bpUser, photo, "")
	assert.Error(t, err)
	assert.False(t, r.Enrolled)
	assert.Equal(t, biopassid.CodeUnsuccessful, flowCode(err))
	_, ok := ids.Get(bpUser)
	assert.False(t, ok)

	b.C = bpStub(t, 404, "Not Found")
	_, err = b.VerifyFace(t.Context(), bpUser, photo, "")
	assert.Equal(t, string(flow.CodeNotEnrolled), flowCode(err))
	assert.NoError(t, b.DeleteUser(t.Context(), bpUser), "an unknown person counts as deleted")

	b.C = bpStub(t, 429, `{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 60 seconds." }`)
	_, err = b.EnrollFace(t.Context(), bpUser, photo, "")
	assert.Equal(t, biopassid.CodeRateLimited, flowCode(err))
}
