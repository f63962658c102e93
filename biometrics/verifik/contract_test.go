package verifik

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestForceSentOnlyWhenForcing: the docs' samples send "force" only to
// replace a person; a normal biometric step has no force field.
func TestForceSentOnlyWhenForcing(t *testing.T) {
	regTok := jwtExpiring(2 * time.Hour)
	var bodies []map[string]any
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v2/app-registrations":
			fmt.Fprintf(w, `{"data":{"appRegistration":{"_id":"r1","status":"STARTED"},"token":%q}}`, regTok)
		case "/v2/biometric-validations/app-registration":
			var b map[string]any
			_ = json.NewDecoder(r.Body).Decode(&b)
			bodies = append(bodies, b)
			fmt.Fprint(w, `{"data":{"_id":"r1","status":"STARTED","person":"p1"}}`)
		}
	})
	ctx := context.Background()
	_, err := c.CreateAppRegistration(ctx, NewAppRegistration{Email: "id@kiosk.invalid"})
	require.NoError(t, err)
	_, err = c.BiometricAppRegistration(ctx, "r1", jpeg, false)
	require.NoError(t, err)
	_, err = c.BiometricAppRegistration(ctx, "r1", jpeg, true)
	require.NoError(t, err)
	require.Len(t, bodies, 2)
	assert.NotContains(t, bodies[0], "force")
	assert.Equal(t, true, bodies[1]["force"])
}

// TestServerIDsAreChecked: ids a Verifik answer names (a registration, a
// person, a match, a candidate) that are not plain ids make the answer
// malformed.
func TestServerIDsAreChecked(t *testing.T) {
	const evil = `../../users/x?y=1#`
	ctx := context.Background()
	check := func(name string, err error) {
		t.Helper()
		var de *DecodeError
		require.ErrorAs(t, err, &de, name)
		assert.Equal(t, "MALFORMED_RESPONSE", de.Code(), name)
	}
	c := newTest(t, answer(200, `{"data":{"appRegistration":{"_id":"`+evil+`","status":"STARTED"},"token":"t"}}`))
	_, err := c.CreateAppRegistration(ctx, NewAppRegistration{Email: "id@kiosk.invalid"})
	check("create", err)
	assert.False(t, c.HoldsRegistration(evil))

	c = newTest(t, answer(200, `{"data":{"_id":"r1","person":"`+evil+`"}}`))
	_, err = c.AppRegistration(ctx, "r1", "person")
	check("registration person", err)

	c = newTest(t, answer(200, `{"data":{"_id":"`+evil+`"}}`))
	_, err = c.Person(ctx, "p1")
	check("person", err)

	c = newTest(t, answer(200, `{"data":{"match":{"id":"a/b","score":0.9}}}`))
	_, err = c.Verify(ctx, "p1", jpeg)
	check("verify", err)

	c = newTest(t, answer(200, `{"data":{"persons":[{"id":"%2e%2e","score":0.95}],"liveness_score":0.9}}`))
	_, err = c.SearchLiveFace(ctx, jpeg)
	check("search", err)
}

// TestVerifikTextIsSanitised: an error message holding escape sequences
// and line breaks is kept escaped; its code and score still parse.
func TestVerifikTextIsSanitised(t *testing.T) {
	c := newTest(t, answer(400, `{"code":"Bad\u001b[2J","message":"\u001b[2J\u001b[H\r\nPASS"}`))
	_, err := c.Person(context.Background(), "p1")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, `\x1b[2J\x1b[H\r\nPASS`, e.Message)
	assert.NotContains(t, err.Error(), "\x1b")
	assert.NotContains(t, e.Code(), "\x1b")

	c = newTest(t, answer(409, `{"code":"liveness_failed","message":"409:liveness_failed@0.45"}`))
	_, err = c.Liveness(context.Background(), jpeg)
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "LIVENESS_FAILED", e.Code())
	assert.True(t, e.HasScore)
	assert.InDelta(t, 0.45, e.Score, 1e-9)

	c = newTest(t, answer(200, `{"data":{"_id":"p1","name":"\u001b[31mred","notes":"a\nb"}}`))
	p, err := c.Person(context.Background(), "p1")
	require.NoError(t, err)
	assert.Equal(t, `\x1b[31mred`, p.Name)
	assert.Equal(t, `a\nb`, p.Notes)
}
