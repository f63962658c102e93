package sandbox

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"biokiosk/biometrics"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 12 users enrolling one face at once, and one user enrolling it 6 times
// at once: the gallery ends with the face once and the user with one
// face (the search and the store are one critical section).
func TestConcurrentEnrolmentsOfOneFace(t *testing.T) {
	s, _, c := newSandbox(t, Config{})
	img := photo(t, "obama_small.jpg")
	enrolSearched = func() { time.Sleep(100 * time.Millisecond) } // widen the window a race needs
	t.Cleanup(func() { enrolSearched = func() {} })
	ctx := context.Background()
	enrolAll := func(ids []string) int {
		var wg sync.WaitGroup
		var mu sync.Mutex
		enrolled := 0
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := c.EnrollFace(ctx, id, biometrics.FaceRequest{Photo: img})
				assert.NoError(t, err)
				mu.Lock()
				defer mu.Unlock()
				if r.Enrolled {
					enrolled++
				}
			}()
		}
		wg.Wait()
		return enrolled
	}
	var users []string
	for i := range 12 {
		u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: fmt.Sprint("race-", i)})
		require.NoError(t, err)
		users = append(users, u.ID)
	}
	assert.Equal(t, 1, enrolAll(users), "users holding the face")
	census, err := s.Census(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, census.FaceTemplates)

	u, err := c.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: "race-one"})
	require.NoError(t, err)
	_, err = c.DeleteUser(ctx, users[0]) // frees the face for u
	require.NoError(t, err)
	for _, id := range users[1:] {
		_, err = c.DeleteUser(ctx, id)
		require.NoError(t, err)
	}
	same := []string{u.ID, u.ID, u.ID, u.ID, u.ID, u.ID}
	assert.Equal(t, 1, enrolAll(same), "enrolments of one user")
}
