package sandbox

import "sync"

// galleryLocks serialises the check-then-write sections of each client's
// face gallery (search for a duplicate, then store), so concurrent
// enrolments of one face cannot each find the gallery free.
type galleryLocks struct{ m sync.Map } // client key → *sync.Mutex

// lock locks the client's gallery and returns its unlock.
func (g *galleryLocks) lock(clientKey string) (unlock func()) {
	mu, _ := g.m.LoadOrStore(clientKey, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	return mu.(*sync.Mutex).Unlock
}
