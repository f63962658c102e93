package biometrics

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestResetSessionDuringCalls resets the session while calls read the
// cookie jar; under -race it showed the jar swap racing hc.Do.
func TestResetSessionDuringCalls(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET /api/1.0/users/{id}/restart-state", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "biometrid.sid", Value: "s"})
		reply(w, 200, `{"status":true,"data":{}}`)
	})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				_, err := c.RestartState(t.Context(), uid)
				assert.NoError(t, err)
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			c.ResetSession()
		}
	})
	wg.Wait()
}
