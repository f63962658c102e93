package cli

import (
	"encoding/json"
	"io"
	"testing"
	"time"

	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/records"
	"biokiosk/ui"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A registration run on the runner the GUI builds (its App, its
// ui.Services) is listed by biokiosk sessions: the kiosk and the command
// line write one audit log.
func TestGUISessionIsListedBySessions(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	a := newGUIApp(&stdio{err: io.Discard}, "", "")
	r, release, err := a.Services().NewRunner(ui.Session{Flow: flow.Config{Face: true, Language: "en", IdleTimeout: time.Minute}, Camera: facetest.PNG(t, "obama.jpg")})
	require.NoError(t, err)
	res := r.Register(t.Context(), flow.RegisterRequest{CustomerNumber: "gui-7", Consent: true})
	release()
	a.Close()
	require.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)

	code, out, errs := runCLI(t, "sessions", "--json")
	require.Equal(t, 0, code, errs)
	var got struct{ Sessions []records.Session }
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	require.Len(t, got.Sessions, 1)
	s := got.Sessions[0]
	assert.Equal(t, "enroll", s.Flow)
	assert.Equal(t, "ENROLLED", s.Outcome)
	assert.Equal(t, "gui-7", s.CustomerNumber)
	assert.Equal(t, res.UserID, s.UserID)
}
