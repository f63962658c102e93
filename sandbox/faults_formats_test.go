package sandbox

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"biokiosk/biometrics/biopassid"
	"biokiosk/biometrics/verifik"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Injected faults speak each API's own error format: the BioPass ID and
// Verifik clients read them as their codes, not as a BiometrID envelope.
func TestFaultsSpeakEachAPIsFormat(t *testing.T) {
	s, _, _ := newSandbox(t, Config{Key: "k", Secret: "s"})
	ctx := context.Background()
	bpKey, err := s.BioPassKey(ctx)
	require.NoError(t, err)
	tok, err := s.VerifikToken(ctx, 0)
	require.NoError(t, err)
	obama := photo(t, "obama.jpg")

	for _, c := range []struct {
		f              Faults
		bpCode, vkCode string
	}{
		{Faults{Error: 1}, biopassid.CodeServerError, "INTERNAL_ERROR"},
		{Faults{Malformed: 1}, biopassid.CodeMalformed, "MALFORMED_RESPONSE"},
		{Faults{LimitAfter: 1}, biopassid.CodeRateLimited, "REQUEST_LIMIT_REACHED"},
	} {
		hs := httptest.NewServer(c.f.Wrap(s.Handler()))
		t.Cleanup(hs.Close)
		bp, err := biopassid.New(hs.URL, bpKey)
		require.NoError(t, err)
		vk, err := verifik.New(hs.URL, verifik.WithToken(tok))
		require.NoError(t, err)
		if c.f.LimitAfter > 0 {
			_, _ = bp.Delete(ctx, "first") // the one request under the limit
		}
		_, err = bp.Enroll(ctx, biopassid.Person{CustomID: "fault-" + c.bpCode, Face: obama})
		var be *biopassid.Error
		require.True(t, errors.As(err, &be), "%+v: %v", c.f, err)
		assert.Equal(t, c.bpCode, be.Code(), "%+v: %v", c.f, err)
		assert.NotContains(t, be.Text, `"status"`, "no BiometrID envelope")

		_, err = vk.LookupPersons(ctx, "nobody-here")
		var coder interface{ Code() string }
		require.True(t, errors.As(err, &coder), "%+v: %v", c.f, err)
		assert.Equal(t, c.vkCode, coder.Code(), "%+v: %v", c.f, err)
	}
}
