package biometrics

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Verify Face's status:false answers: the face engine's documented
// refusals of a photo, and FACE_COMPARISON_FAILED as a non-match verdict.
func TestVerifyFaceRefusals(t *testing.T) {
	for msg, refused := range map[Message]bool{
		MsgFaceEnrollmentFailed:  true,
		MsgMultipleFacesDetected: true,
		MsgFaceComparisonFailed:  false,
	} {
		c, mux, _ := setup(t)
		mux.HandleFunc("POST /api/1.0/users/{id}/dialogue/verify/face", func(w http.ResponseWriter, r *http.Request) {
			reply(w, 200, `{"status": false, "data": {"message": "`+string(msg)+`"}}`)
		})
		m, err := c.VerifyFace(t.Context(), uid, FaceRequest{Photo: jpeg})
		require.NoError(t, err, msg)
		assert.Equal(t, refused, m.Refused(), msg)
		assert.False(t, m.Verified, msg)
	}
}

// Find User Id by Face exists only as a 1.0 page: a 1.1 client sends the
// 1.0 body, its validated liveness as the liveness flag.
func TestFindByFaceOn11SendsTheDocumentedBody(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	mux.HandleFunc("POST /api/1.0/users/find-by-face", func(w http.ResponseWriter, r *http.Request) {
		p := readParts(t, r)
		assert.Equal(t, []string{"true"}, p.fields["liveness"])
		assert.NotContains(t, p.fields, "livenessId")
		reply(w, 200, golden(t, "find_by_face_recognized"))
	})
	m, err := c.FindByFace(t.Context(), FaceRequest{Photo: jpeg, LivenessID: "2d2faa50-d3e9-11e9-bcfc-a346419aa7ef"})
	require.NoError(t, err)
	assert.Equal(t, docsID, m.UserID)
}
