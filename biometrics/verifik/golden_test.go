package verifik

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// golden is a documented example body, copied verbatim from the spec
// (../shared/spec/verifik-api.md) into testdata/docs. Bodies the spec
// shows only with type placeholders (`"passed":bool`) are not examples.
func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "docs", name+".json"))
	require.NoError(t, err)
	return string(b)
}

func codeOf(err error) string {
	var c interface{ Code() string }
	if err == nil || !asCoder(err, &c) {
		return ""
	}
	return c.Code()
}

// Every documented app-registration answer, fed to the call it documents.
// The create answer's "<app-registration JWT>" placeholder is the one
// substitution (a JWT the client can read).
func TestGoldenRegistrations(t *testing.T) {
	ctx := t.Context()
	body := strings.Replace(golden(t, "create_registration"), "<app-registration JWT>", jwtExpiring(2*time.Hour), 1)
	c := newTest(t, answer(200, body))
	r, err := c.CreateAppRegistration(ctx, NewAppRegistration{Email: "a@b.invalid"})
	require.NoError(t, err)
	assert.Equal(t, "…", r.ID)
	assert.Equal(t, "STARTED", r.Status)
	assert.Equal(t, "1", r.CurrentStep)
	assert.True(t, c.HoldsRegistration("…"))

	for name, code := range map[string]string{
		"create_registration_missing": "MISSING_PARAMETER",
		"create_registration_domain":  "PRECONDITION_FAILED",
	} {
		c := newTest(t, answer(409, golden(t, name)))
		_, err := c.CreateAppRegistration(ctx, NewAppRegistration{Email: "a@b.invalid"})
		assert.Equal(t, code, codeOf(err), name)
	}

	// The biometric step, on a registration whose token the client holds.
	withReg := func(status int, name string) *Client {
		created := strings.Replace(golden(t, "create_registration"), "<app-registration JWT>", jwtExpiring(2*time.Hour), 1)
		c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v2/app-registrations" {
				answer(200, created)(w, r)
				return
			}
			answer(status, golden(t, name))(w, r)
		})
		_, err := c.CreateAppRegistration(ctx, NewAppRegistration{Email: "a@b.invalid"})
		require.NoError(t, err)
		return c
	}
	b, err := withReg(200, "biometric_registration").BiometricAppRegistration(ctx, "…", jpeg, false)
	require.NoError(t, err)
	assert.Equal(t, "…", b.Person)
	assert.Equal(t, "…", b.AssignedCollection)
	for name, want := range map[string]struct {
		status int
		code   string
	}{
		"biometric_person_already_set":     {409, "PERSON_ALREADY_SET"},
		"biometric_liveness_failed":        {409, "LIVENESS_FAILED"},
		"biometric_collection_not_set":     {409, "COLLECTION_NOT_SET"},
		"biometric_registration_not_found": {404, "APP_REGISTRATION_NOT_FOUND"},
		"image_not_base64":                 {412, "ONLY_IMAGES_IN_BASE64"},
		"internal_error":                   {500, "INTERNAL_ERROR"},
		"missing_field":                    {409, "MISSING_PARAMETER"},
	} {
		_, err := withReg(want.status, name).BiometricAppRegistration(ctx, "…", jpeg, false)
		assert.Equal(t, want.code, codeOf(err), name)
		if name == "biometric_liveness_failed" {
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.InDelta(t, 0.45, e.Score, 1e-9)
		}
	}
	for name, want := range map[string]struct {
		status int
		code   string
	}{
		"sync_signup_not_passed":  {409, "SIGN_UP_FORM_VALIDATION_NOT_PASSED"},
		"sync_step_not_supported": {500, "STEP_NOT_SUPPORTED"},
	} {
		_, err := withReg(want.status, name).Sync(ctx, "…", "end", StatusCompleted)
		assert.NotEmpty(t, codeOf(err), name)
		assert.Contains(t, []string{want.code, strings.ReplaceAll(want.code, "SIGN_UP", "SIGNUP")}, codeOf(err), name)
	}
	c = newTest(t, answer(404, golden(t, "get_registration_not_found")))
	_, err = c.AppRegistration(ctx, "x")
	assert.Equal(t, "APP_REGISTRATION_NOT_FOUND", codeOf(err))
}

// The documented persons and auth answers.
func TestGoldenPersonsAndAuth(t *testing.T) {
	ctx := t.Context()
	c := newTest(t, answer(404, golden(t, "person_not_found")))
	_, err := c.Person(ctx, "x")
	assert.Equal(t, "PERSON_NOT_FOUND", codeOf(err))

	c = newTest(t, answer(200, golden(t, "lookup_none")))
	ps, err := c.LookupPersons(ctx, "nobody")
	require.NoError(t, err)
	assert.Empty(t, ps)

	for name, want := range map[string]struct {
		status int
		code   string
	}{
		"auth_required":      {401, "UNAUTHORIZED"},
		"auth_token_expired": {403, "TOKEN_EXPIRED"},
		"auth_forbidden":     {403, "FORBIDDEN"},
	} {
		c := newTest(t, answer(want.status, golden(t, name)))
		_, err := c.LookupPersons(ctx, "nobody")
		assert.Equal(t, want.code, codeOf(err), name)
	}

	c = newTest(t, answer(401, golden(t, "renew_invalid")))
	err = c.RenewToken(ctx)
	assert.Error(t, err)
}

func asCoder(err error, c *interface{ Code() string }) bool { return errors.As(err, c) }
