package app

import (
	"context"
	"testing"
	"time"

	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/ui"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/kiosk"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A person who changes their mind on the face step taps Cancel: the
// welcome screen returns at once, the flow is cancelled and its
// registration cleaned up (the customer number stays free).
func TestKioskCancelOnTheFaceStep(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "en", IdleSeconds: 60})
	for _, b := range []string{"Register", "I agree", "5", "5", "5", "5", "Continue"} {
		r.tap(b)
	}
	waitScreen(t, r.loop, r.k, flowscreen.ScreenFace, 30*time.Second)
	r.tap("Cancel")
	assert.Equal(t, flowscreen.ScreenFace, r.screen(), "Cancel asks first")
	r.tap("Yes, stop")
	assert.Equal(t, flowscreen.ScreenAttract, r.screen())
	time.Sleep(2 * time.Second) // the cancelled flow must not come back
	assert.Equal(t, flowscreen.ScreenAttract, r.screen(), "nothing of the abandoned flow shows")
	store, err := r.a.Records(context.Background())
	require.NoError(t, err)
	_, taken, err := store.Lookup(context.Background(), "5555")
	require.NoError(t, err)
	assert.False(t, taken, "the unfinished registration was cleaned up")
}

// Back on the number screen returns to the consent text; idle time on any
// screen asks "Do you need more time?", then returns to the welcome
// screen.
func TestKioskBackAndIdle(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "en", IdleSeconds: 1, IdleWarningSeconds: 1})
	r.tap("Register")
	r.tap("I agree")
	r.tap("Back")
	assert.Equal(t, flowscreen.ScreenConsent, r.screen())
	r.tap("I agree")
	warned := false
	for deadline := time.Now().Add(3 * time.Second); !warned && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		r.loop.Wait(func() { warned = r.k.IdleWarningShown() })
	}
	assert.True(t, warned, "\"Do you need more time?\" comes before the reset")
	assert.True(t, r.shows("Do you need more time?"))
	waitScreen(t, r.loop, r.k, flowscreen.ScreenAttract, 5*time.Second)
}

// The result stays for its read time with a visible countdown, then the
// welcome screen returns, so the next person never sees it.
func TestKioskResultReturnsToWelcome(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	old := kiosk.ResultReadTime
	kiosk.ResultReadTime = 3 * time.Second
	t.Cleanup(func() { kiosk.ResultReadTime = old })
	r := newKioskRig(t, ui.Values{Camera: facetest.PNG(t, "obama.jpg"), Language: "en", IdleSeconds: 60})
	for _, b := range []string{"Register", "I agree", "7", "7", "7", "7", "Continue"} {
		r.tap(b)
	}
	waitScreen(t, r.loop, r.k, flowscreen.ScreenReview, 60*time.Second)
	r.tap("Continue")
	waitScreen(t, r.loop, r.k, flowscreen.ScreenResult, 60*time.Second)
	assert.True(t, r.shows("You are registered."))
	assert.True(t, r.contains("Back to the start in"), "a visible countdown")
	waitScreen(t, r.loop, r.k, flowscreen.ScreenAttract, 6*time.Second)
}
