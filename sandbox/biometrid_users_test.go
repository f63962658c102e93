package sandbox

import (
	"context"
	"net/http"
	"testing"

	"biokiosk/biometrics"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Create User as the docs describe it, and the choices where they are
// silent (docs/api-choices.md, General).
func TestCreateUserChoices(t *testing.T) {
	s, hs, c := newSandbox(t, Config{Key: "k", Secret: "s"})
	ctx := context.Background()

	// reference_id is what the docs need: without one, nothing is created.
	req, err := http.NewRequest(http.MethodPost, hs.URL+"/api/1.0/users?mac_address=00:0a:95:9d:68:16", nil)
	require.NoError(t, err)
	req.Header.Set("x-biometrid-key", "k")
	req.Header.Set("x-biometrid-secret", "s")
	resp, err := hs.Client().Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	n, err := s.Census(ctx)
	require.NoError(t, err)
	assert.Empty(t, n.Users, "no user without reference_id")

	// app_token is accepted (not stored: the sandbox sends no notifications).
	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "a", MacAddress: "00:0a:95:9d:68:16", AppToken: "fcm-token"})
	require.NoError(t, err)
	assert.False(t, u.Existing())

	// A bound MAC answers its user for any reference_id, as documented.
	other, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "b", MacAddress: "00:0a:95:9d:68:16"})
	require.NoError(t, err)
	assert.True(t, other.Existing())
	assert.Equal(t, u.ID, other.ID)
	n, err = s.Census(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{u.ID}, n.Users)
}
