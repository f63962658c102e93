package biopassid

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// golden is a documented example body, copied verbatim from the spec
// (../shared/spec/biopassid-api.md) into testdata/docs.
func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "docs", name))
	require.NoError(t, err)
	return string(b)
}

// Every documented answer, fed verbatim to the call it documents.
func TestGoldenAnswers(t *testing.T) {
	ctx := t.Context()
	p := Person{CustomID: "1234", Face: []byte{0xFF, 0xD8}}

	c := newTest(t, reply(200, golden(t, "enroll_response.json")))
	r, err := c.Enroll(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, Result{ClientID: "…", CustomID: "1234", BioPassID: "…"}, r)

	c = newTest(t, reply(200, golden(t, "verify_response.json")))
	r, err = c.Verify(ctx, p)
	require.NoError(t, err)
	assert.True(t, r.Match)
	assert.True(t, r.MatchDetails.FaceMatched)
	assert.Equal(t, []string{"…"}, r.MatchDetails.NonMatchedFingers)

	// The documented update answer elides the CustomID as "…": the
	// request names the same (the client checks the echo).
	c = newTest(t, reply(200, golden(t, "update_response.json")))
	r, err = c.Update(ctx, Person{CustomID: "…", Face: p.Face})
	require.NoError(t, err)
	assert.Equal(t, "…", r.BioPassID)

	c = newTest(t, reply(200, golden(t, "delete_response.json")))
	r, err = c.Delete(ctx, "1234")
	require.NoError(t, err)
	assert.Equal(t, "1234", r.CustomID)

	for file, code := range map[string]string{
		"invalid_json_format.txt":             CodeInvalidJSON,
		"failed_to_extract_face_template.txt": CodeNoFaceTemplate,
	} {
		c = newTest(t, reply(400, golden(t, file)))
		_, err = c.Enroll(ctx, p)
		var e *Error
		require.ErrorAs(t, err, &e, file)
		assert.Equal(t, code, e.Code(), file)
	}
}

// The documented request bodies are what the client sends.
func TestGoldenRequests(t *testing.T) {
	var got []byte
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		reply(200, golden(t, "delete_response.json"))(w, r)
	})
	img := []byte("<base64 image>") // stands for the image; compared after decoding below
	_, err := c.Enroll(t.Context(), Person{CustomID: "1234", Face: img, Fingers: [][]byte{img, img}})
	require.NoError(t, err)
	assert.Equal(t, shape(t, golden(t, "enroll_request.json")), shape(t, string(got)))

	_, err = c.Delete(t.Context(), "1234")
	require.NoError(t, err)
	assert.JSONEq(t, golden(t, "delete_request.json"), string(got))
}

// shape is a body with every image value replaced by "image", so a
// documented request compares with a sent one.
func shape(t *testing.T, body string) any {
	t.Helper()
	var v struct {
		Person struct {
			CustomID string
			Face     []map[string]string
			Fingers  []map[string]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	for _, list := range [][]map[string]string{v.Person.Face, v.Person.Fingers} {
		for _, m := range list {
			for k := range m {
				m[k] = "image"
			}
		}
	}
	return v
}
