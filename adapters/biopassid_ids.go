package adapters

import "sync"

// BioPassPerson is what BioPass ID answered about an enrolled person: the
// vendor's own id and account, to be kept next to the CustomID (the API
// has no call to read them back; spec §3.6, §8.1 step 5).
type BioPassPerson struct {
	CustomID, BioPassID, ClientID string
}

// BioPassIDs keeps the BioPassPerson of every user the adapter enrolled
// or updated, for the directory to persist. It is safe for concurrent use.
type BioPassIDs struct {
	mu sync.Mutex
	m  map[string]BioPassPerson
	// OnChange, when set, is called with every person kept (after an
	// enrolment or an update) and with a deleted user's CustomID alone.
	OnChange func(BioPassPerson)
}

// Get returns the person kept for the user id.
func (k *BioPassIDs) Get(userID string) (BioPassPerson, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	p, ok := k.m[userID]
	return p, ok
}

// keep records p; an update answer without a ClientID keeps the known one.
func (k *BioPassIDs) keep(p BioPassPerson) {
	if k == nil {
		return
	}
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]BioPassPerson{}
	}
	if old, ok := k.m[p.CustomID]; ok {
		if p.ClientID == "" {
			p.ClientID = old.ClientID
		}
		if p.BioPassID == "" {
			p.BioPassID = old.BioPassID
		}
	}
	k.m[p.CustomID] = p
	fn := k.OnChange
	k.mu.Unlock()
	if fn != nil {
		fn(p)
	}
}

// forget drops the user's entry.
func (k *BioPassIDs) forget(userID string) {
	if k == nil {
		return
	}
	k.mu.Lock()
	delete(k.m, userID)
	fn := k.OnChange
	k.mu.Unlock()
	if fn != nil {
		fn(BioPassPerson{CustomID: userID})
	}
}
