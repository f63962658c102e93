// Package staffpin keeps the kiosk's staff (exit) PIN: its salted PBKDF2
// hash together with the wrong guesses and the lock-out, in one file
// readable by its owner alone (0600), so that restarting the kiosk (which
// its systemd unit does by itself) gives no new guesses.
//
// Hash: PBKDF2-HMAC-SHA-256 at OWASP's 2023 figure of 600 000 iterations,
// stored as "pbkdf2-sha256$600000$<salt hex>$<key hex>". Hashes of older
// versions ("<salt hex>$<key hex>", 100 000 iterations) are still verified
// and rewritten at today's figure on the first right PIN.
//
// Lock-out: after MaxFailures wrong PINs in a row the prompt locks for
// FirstLockout, doubling at each further lock-out up to MaxLockout; a
// right PIN resets both. The count and the time survive restarts.
package staffpin

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Iterations is PBKDF2-HMAC-SHA-256's work per hash (OWASP Password
// Storage Cheat Sheet, 2023: 600 000).
const Iterations = 600_000

// legacyIterations is the work of hashes written before this package.
const legacyIterations = 100_000

// Lock-out figures.
const (
	MaxFailures  = 5
	FirstLockout = time.Minute
	MaxLockout   = 24 * time.Hour
)

// FileName is the PIN file's name in <config dir>/biokiosk/.
const FileName = "staff-pin.json"

// DefaultPath is <user config dir>/biokiosk/staff-pin.json.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("staffpin: locate config dir: %w", err)
	}
	return filepath.Join(dir, "biokiosk", FileName), nil
}

// State is the file's content.
type State struct {
	Hash string `json:"hash,omitempty"`
	// Failures are the wrong PINs since the last lock-out or right PIN;
	// Locks the lock-outs since the last right PIN.
	Failures    int       `json:"failures,omitempty"`
	Locks       int       `json:"locks,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// Store is the PIN file at Path; with Path "" it lives in memory only (a
// test's, or a staff app that has no file). Safe for concurrent use.
type Store struct {
	Path string
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Iterations is the PBKDF2 work of new hashes (0: Iterations); a
	// stored hash with less is rewritten on the next right PIN. Tests
	// lower it: 600 000 iterations take seconds under the race detector.
	Iterations int

	mu  sync.Mutex
	mem State
}

// ErrLocked is returned by Check while the prompt is locked.
var ErrLocked = errors.New("staffpin: locked after too many wrong PINs")

func (s *Store) iterations() int {
	if s.Iterations > 0 {
		return s.Iterations
	}
	return Iterations
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Store) load() (State, error) {
	if s.Path == "" {
		return s.mem, nil
	}
	var st State
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("staffpin: read %s: %w", s.Path, err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("staffpin: parse %s: %w", s.Path, err)
	}
	return st, nil
}

func (s *Store) save(st State) error {
	if s.Path == "" {
		s.mem = st
		return nil
	}
	return WriteFile(s.Path, st, nil)
}

// WriteFile writes st at path (0600, atomically, creating the folder
// 0700); chown, when not nil, is applied to the file and a created folder
// (kiosk-setup writes the kiosk account's file as root).
func WriteFile(path string, st State, chown func(string) error) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("staffpin: create %s: %w", dir, err)
		}
		if chown != nil {
			if err := chown(dir); err != nil {
				return err
			}
		}
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("staffpin: encode: %w", err)
	}
	f, err := os.CreateTemp(dir, ".staff-pin-*")
	if err != nil {
		return fmt.Errorf("staffpin: write in %s: %w", dir, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && chown != nil {
		err = chown(tmp)
	}
	if err != nil {
		return fmt.Errorf("staffpin: write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("staffpin: replace %s: %w", path, err)
	}
	return nil
}

// IsSet says whether a PIN hash is stored.
func (s *Store) IsSet() (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.load()
	return st.Hash != "", err
}

// Set stores pin's hash and clears the failures and lock-out.
func (s *Store) Set(pin string) error {
	h, err := s.Hash(pin)
	if err != nil {
		return err
	}
	return s.SetHash(h)
}

// SetHash stores an existing hash (a migration), clearing the lock-out.
func (s *Store) SetHash(h string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.save(State{Hash: h})
}

// Locked says how long the prompt stays locked (0: open).
func (s *Store) Locked() (time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.load()
	if err != nil {
		return 0, err
	}
	return max(st.LockedUntil.Sub(s.now()), 0), nil
}

// Check compares pin with the stored hash (a missing hash matches
// nothing) and records the result: ErrLocked, with the time left, while
// locked (the PIN is not even compared); a wrong PIN counts towards the
// next lock-out; a right one resets the count and rewrites an older
// hash (the older format, or fewer iterations) at the Store's figure.
// A file that cannot be written fails the check:
// a guess that is not counted is not allowed.
func (s *Store) Check(pin string) (bool, time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.load()
	if err != nil {
		return false, 0, err
	}
	now := s.now()
	if d := st.LockedUntil.Sub(now); d > 0 {
		return false, d, ErrLocked
	}
	ok, iter := matches(st.Hash, pin)
	if ok {
		st.Failures, st.Locks, st.LockedUntil = 0, 0, time.Time{}
		if iter < s.iterations() || strings.Count(st.Hash, "$") == 1 {
			if h, err := hashWith(pin, s.iterations()); err == nil {
				st.Hash = h
			}
		}
		return true, 0, s.save(st)
	}
	st.Failures++
	var locked time.Duration
	if st.Failures >= MaxFailures {
		locked = FirstLockout
		for i := 0; i < st.Locks && locked < MaxLockout; i++ {
			locked *= 2
		}
		locked = min(locked, MaxLockout)
		st.LockedUntil, st.Failures = now.Add(locked), 0
		st.Locks++
	}
	if err := s.save(st); err != nil {
		return false, 0, err
	}
	return false, locked, nil
}

// Hash is pin's hash at the Store's figure (kiosk-setup's, a test's).
func (s *Store) Hash(pin string) (string, error) { return hashWith(pin, s.iterations()) }

// Hash returns pin's PBKDF2 hash (Iterations) under a new random salt.
func Hash(pin string) (string, error) { return hashWith(pin, Iterations) }

func hashWith(pin string, iterations int) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("staffpin: salt: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, pin, salt, iterations, 32)
	if err != nil {
		return "", fmt.Errorf("staffpin: hash: %w", err)
	}
	return "pbkdf2-sha256$" + strconv.Itoa(iterations) + "$" + hex.EncodeToString(salt) + "$" + hex.EncodeToString(key), nil
}

// Matches compares pin with a stored hash in constant time.
func Matches(stored, pin string) bool {
	ok, _ := matches(stored, pin)
	return ok
}

// matches is Matches and the hash's iterations (an older hash,
// "<salt>$<key>", has 100 000).
func matches(stored, pin string) (bool, int) {
	parts := strings.Split(stored, "$")
	iter := legacyIterations
	switch {
	case len(parts) == 2:
	case len(parts) == 4 && parts[0] == "pbkdf2-sha256":
		n, err := strconv.Atoi(parts[1])
		if err != nil || n < 1 || n > 100*Iterations {
			return false, 0
		}
		iter, parts = n, parts[2:]
	default:
		return false, 0
	}
	salt, err1 := hex.DecodeString(parts[0])
	want, err2 := hex.DecodeString(parts[1])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, 0
	}
	got, err := pbkdf2.Key(sha256.New, pin, salt, iter, len(want))
	return err == nil && subtle.ConstantTimeCompare(got, want) == 1, iter
}
