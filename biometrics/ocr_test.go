package biometrics

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A pooling validation starts a process on the server: after a server
// error it is not repeated (a second process would start, the first one's
// id lost); a regular validation and a poll are.
func TestDocumentRetriesOnlyWhatStartsNoProcess(t *testing.T) {
	c, mux, _ := setup(t, WithAPIVersion("1.1"))
	var validates, polls atomic.Int32
	fail := func(n *atomic.Int32) bool { return n.Add(1)%2 == 1 } // every other attempt fails
	for _, path := range []string{"POST /api/1.1/document/validate", "POST /api/1.1/document/validate-base64"} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if fail(&validates) {
				reply(w, 503, `{"status": false, "data": {"message": "SERVICE_UNAVAILABLE"}}`)
				return
			}
			reply(w, 200, `{"status": true, "data": {"message": "PROCESSING", "process": "5ed91c890482a7306bbc2511"}}`)
		})
	}
	mux.HandleFunc("POST /api/1.1/document/pooling", func(w http.ResponseWriter, r *http.Request) {
		if fail(&polls) {
			reply(w, 503, `{"status": false, "data": {"message": "SERVICE_UNAVAILABLE"}}`)
			return
		}
		reply(w, 200, `{"status": true, "data": {"message": "DOCUMENT_VALIDATED_WITH_SUCCESS", "result": "GOOD", "process": "5ed91c890482a7306bbc2511"}}`)
	})
	req := DocumentRequest{Front: jpeg, Back: jpeg, Type: "pooling"}
	for name, validate := range map[string]func() (DocumentResult, error){
		"multipart": func() (DocumentResult, error) { return c.ValidateDocument(t.Context(), req) },
		"base64":    func() (DocumentResult, error) { return c.ValidateDocumentBase64(t.Context(), req) },
	} {
		validates.Store(0)
		_, err := validate()
		var ae *APIError
		require.ErrorAs(t, err, &ae, name)
		assert.Equal(t, 503, ae.HTTPStatus, name)
		assert.EqualValues(t, 1, validates.Load(), "%s: a pooling validation is sent once", name)
	}

	validates.Store(0)
	res, err := c.ValidateDocument(t.Context(), DocumentRequest{Front: jpeg, Back: jpeg})
	require.NoError(t, err, "a regular validation is retried")
	assert.True(t, res.Processing())
	assert.EqualValues(t, 2, validates.Load())

	res, err = c.DocumentPooling(t.Context(), "5ed91c890482a7306bbc2511", "")
	require.NoError(t, err, "a poll is retried")
	assert.Equal(t, "GOOD", res.Result)
	assert.EqualValues(t, 2, polls.Load())
}
