package biopassid

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeleteAnswerMayLackPerson: the SDK's type for the delete answer is
// Partial<PersonResponseDTO>; {} and {"Success":true,…} are successes,
// "Success": false is not.
func TestDeleteAnswerMayLackPerson(t *testing.T) {
	for _, body := range []string{`{}`, `{"Success":true,"Message":"Person deleted"}`, `{"Person":{"CustomID":"cust-1"}}`} {
		c := newTest(t, reply(200, body))
		r, err := c.Delete(t.Context(), "cust-1")
		require.NoError(t, err, body)
		assert.Equal(t, "cust-1", r.CustomID, body)
	}
	c := newTest(t, reply(200, `{"Success":false,"Message":"Person not deleted"}`))
	_, err := c.Delete(t.Context(), "cust-1")
	assert.Equal(t, CodeUnsuccessful, codeOf(t, err))
	// Enroll still needs its Person.
	c = newTest(t, reply(200, `{}`))
	_, err = c.Enroll(t.Context(), Person{CustomID: "cust-1", Face: []byte{1}})
	assert.Equal(t, CodeMalformed, codeOf(t, err))
}

// TestEchoedCustomIDIsChecked: an answer naming another CustomID (or a
// BioPassID that is no plain id) is a malformed response, not a result.
func TestEchoedCustomIDIsChecked(t *testing.T) {
	p := Person{CustomID: "f3285eee0c1d2b3a4f5e6d7c", Face: []byte{1}}
	for name, body := range map[string]string{
		"enroll":           `{"Person":{"ClientID":"c","CustomID":"1234","BioPassID":"b"}}`,
		"enroll no echo":   `{"Person":{"ClientID":"c","BioPassID":"b"}}`,
		"enroll bad id":    `{"Person":{"ClientID":"c","CustomID":"f3285eee0c1d2b3a4f5e6d7c","BioPassID":"../../x?y#"}}`,
		"enroll escape id": `{"Person":{"ClientID":"\u001b[2J","CustomID":"f3285eee0c1d2b3a4f5e6d7c","BioPassID":"b"}}`,
		"verify":           `{"Person":{"CustomID":"1234","Match":true,"MatchDetails":{"FaceMatched":true}}}`,
		"update":           `{"Person":{"CustomID":"1234","BioPassID":"b"}}`,
		"delete":           `{"Person":{"CustomID":"1234"}}`,
	} {
		c := newTest(t, reply(200, body))
		var r Result
		var err error
		switch name {
		case "verify":
			r, err = c.Verify(t.Context(), p)
		case "update":
			r, err = c.Update(t.Context(), p)
		case "delete":
			r, err = c.Delete(t.Context(), p.CustomID)
		default:
			r, err = c.Enroll(t.Context(), p)
		}
		var de *DecodeError
		require.ErrorAs(t, err, &de, name)
		assert.Equal(t, "MALFORMED_RESPONSE", de.Code(), name)
		assert.Equal(t, Result{}, r, name)
		assert.NotContains(t, err.Error(), "\x1b", name)
	}
	c := newTest(t, reply(200, `{"Person":{"ClientID":"c","CustomID":"f3285eee0c1d2b3a4f5e6d7c","BioPassID":"b"}}`))
	r, err := c.Enroll(t.Context(), p)
	require.NoError(t, err)
	assert.Equal(t, "b", r.BioPassID)
}

// TestCheckMutatesNothing: the server check is a verify without
// biometrics of a CustomID the kiosk never mints; 400 and 404 say the key
// was taken, 401 that it was not.
func TestCheckMutatesNothing(t *testing.T) {
	for status, ok := range map[int]bool{400: true, 404: true, 401: false, 403: false, 500: false} {
		var method, path string
		var sent map[string]map[string]any
		c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			method, path = r.Method, r.URL.Path
			b, _ := io.ReadAll(r.Body)
			_ = json.Unmarshal(b, &sent)
			w.WriteHeader(status)
			_, _ = w.Write([]byte("Invalid JSON format"))
		})
		err := c.Check(t.Context())
		assert.Equal(t, ok, err == nil, "%d: %v", status, err)
		assert.Equal(t, http.MethodPost, method)
		assert.Equal(t, "/multibiometrics/verify", path)
		assert.Equal(t, map[string]map[string]any{"Person": {"CustomID": CheckCustomID}}, sent, "no biometrics are sent")
	}
}

// TestErrorTextIsSanitised: plain-text errors reach Error.Text with
// their control characters escaped.
func TestErrorTextIsSanitised(t *testing.T) {
	c := newTest(t, reply(400, "\x1b[2J\x1b[H\r\nPASS"))
	_, err := c.Enroll(t.Context(), Person{CustomID: "cust-1", Face: []byte{1}})
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, `\x1b[2J\x1b[H\r\nPASS`, e.Text)
	assert.NotContains(t, err.Error(), "\x1b")
}
