package app

import (
	"context"
	"testing"
	"time"

	"biokiosk/flow"
	"biokiosk/internal/facetest"
	"biokiosk/ui"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A registered customer confirms their identity at the kiosk: customer
// number, face, result in their language. A taken number at
// registration offers the same verification.
func TestKioskVerification(t *testing.T) {
	useEmbeddedSandbox(t)
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "en", IdleSeconds: 60})
	runner, closeRunner, err := r.a.NewRunner(context.Background(), RunnerSpec{Flow: flow.Config{Face: true}, Camera: facetest.PNG(t, "obama.jpg")})
	require.NoError(t, err)
	res := runner.Register(context.Background(), flow.RegisterRequest{ReferenceID: "31", Consent: true})
	closeRunner()
	require.Equal(t, flow.OutcomeEnrolled, res.Outcome, "%+v", res.Error)

	verified := func() {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			switch r.screen() {
			case ui.ScreenReview:
				r.tap("Continue")
			case ui.ScreenResult:
				assert.True(t, r.shows("Thank you: your identity is confirmed."), "%+v", r.k.Result())
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("no result within 60 s (at %s)", r.screen())
	}
	r.tap("Confirm my identity")
	assert.Equal(t, ui.ScreenReference, r.screen(), "no consent screen before a verification")
	for _, b := range []string{"3", "1", "Continue"} {
		r.tap(b)
	}
	verified()
	assert.Equal(t, flow.OutcomeVerified, r.k.Result().Outcome)

	r.tap("Done")
	for _, b := range []string{"Register", "I agree", "3", "1", "Continue"} {
		r.tap(b)
	}
	waitScreen(t, r.loop, r.k, ui.ScreenResult, 30*time.Second)
	require.Equal(t, flow.OutcomeAlreadyRegistered, r.k.Result().Outcome)
	r.tap("Confirm my identity instead")
	verified()
}
