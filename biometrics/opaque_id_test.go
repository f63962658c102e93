package biometrics

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An id the server gives (the docs' own non-hex 5be3000bd3adgd3e152724f2)
// is used as it is by every per-user call.
func TestOpaqueUserIDs(t *testing.T) {
	c, mux, _ := setup(t)
	ctx := t.Context()
	serveGolden(t, mux, "GET /api/1.0/users/find-by-address", 200, "find_by_address_registered")
	var paths []string
	mux.HandleFunc("/api/1.0/users/{id}/", func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.PathValue("id"))
		reply(w, 200, `{"status": true, "data": {"message": "FACE_RECOGNIZED_WITH_SUCCESS", "verified": true, "adapted": true}}`)
	})
	found, err := c.FindByMacAddress(ctx, "00:0a:95:9d:68:16")
	require.NoError(t, err)
	_, err = c.VerifyFace(ctx, found.ID, FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	_, err = c.AdaptFace(ctx, found.ID, FaceRequest{Photo: jpeg})
	require.NoError(t, err)
	_, err = c.SubmitVoice(ctx, found.ID, VoiceVerify, "en", wav)
	require.NoError(t, err)
	assert.Equal(t, []string{docsID, docsID, docsID}, paths)

	for _, bad := range []string{"", "../../etc", "a/b", "a b", "a.b", "%2e%2e", strings.Repeat("a", MaxUserIDLen+1)} {
		assert.ErrorIs(t, CheckUserID(bad), ErrInvalidUserID, "%q", bad)
	}
	for _, good := range []string{uid, docsID, "e99766b5-9b28-4f0e-99dc-30eaa5b4c33d", "x", strings.Repeat("Z", MaxUserIDLen)} {
		assert.NoError(t, CheckUserID(good), good)
	}
}

// The docs' bodies with a trailing comma decode; other syntax errors
// stay MALFORMED_RESPONSE.
func TestTrailingCommas(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	serveGolden(t, mux, "POST /api/1.1/users/{id}/dialogue/enroll/voice", 200, "voice11_enroll_started_trailing_comma")
	a, err := c.StartVoice(t.Context(), uid, VoiceEnroll, "")
	require.NoError(t, err)
	assert.Equal(t, "5f199b5398a915637332dc23", a.EnrollmentID)

	for in, want := range map[string]string{
		`{"status": true,}`:             `{"status": true}`,
		`{"a": [1, 2, ], "b": "x,}",	}`: `{"a": [1, 2 ], "b": "x,}"	}`,
		`{"s": "\",]"}`:                 `{"s": "\",]"}`,
	} {
		got, _ := dropTrailingCommas([]byte(in))
		assert.Equal(t, want, string(got), in)
	}
	c, mux, _ = setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, `{"status": true,, }`) })
	_, err = c.PendingDialogue(t.Context(), uid)
	var de *DecodeError
	assert.ErrorAs(t, err, &de)
}
