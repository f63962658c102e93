package ui

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"sync"
	"time"
)

// DefaultPIN is the exit PIN of a kiosk nobody has set one for. Full-
// screen kiosk mode refuses to start with it (ui.Run); a windowed trial
// (make run) shows a warning instead.
const DefaultPIN = "2468"

// pinIterations is PBKDF2's work per check: a 4–8 digit PIN is guessed
// quickly whatever the hash, so the hash only keeps the PIN out of plain
// preferences; the lockout is what stops guessing at the kiosk.
const pinIterations = 100_000

// hashPIN returns "salt$key" (hex) for pin under a new random salt.
func hashPIN(pin string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := pbkdf2.Key(sha256.New, pin, salt, pinIterations, 32)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(salt) + "$" + hex.EncodeToString(key), nil
}

// pinMatches compares pin with a stored "salt$key" in constant time.
func pinMatches(stored, pin string) bool {
	saltHex, keyHex, ok := strings.Cut(stored, "$")
	if !ok {
		return false
	}
	salt, err1 := hex.DecodeString(saltHex)
	want, err2 := hex.DecodeString(keyHex)
	if err1 != nil || err2 != nil {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, pin, salt, pinIterations, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1
}

// pinGuard locks the PIN prompt after repeated wrong PINs: after
// maxPINFailures in a row, for pinLockout (doubling each time it locks
// again), so the PIN cannot be guessed at the kiosk.
type pinGuard struct {
	mu       sync.Mutex
	failures int
	locks    int
	until    time.Time
	now      func() time.Time
}

const (
	maxPINFailures = 5
	pinLockout     = time.Minute
)

// locked reports how long the prompt stays locked (0: open).
func (g *pinGuard) locked() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	if d := g.until.Sub(g.clock()); d > 0 {
		return d
	}
	return 0
}

// result records a check; a success resets the count.
func (g *pinGuard) result(ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ok {
		g.failures, g.locks = 0, 0
		return
	}
	g.failures++
	if g.failures >= maxPINFailures {
		g.until = g.clock().Add(pinLockout << g.locks)
		g.failures = 0
		g.locks++
	}
}

func (g *pinGuard) clock() time.Time {
	if g.now != nil {
		return g.now()
	}
	return time.Now()
}
