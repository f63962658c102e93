package ui

import (
	"crypto/subtle"
	"errors"
	"time"

	"biokiosk/internal/staffpin"
)

// DefaultPIN is the exit PIN of a kiosk nobody has set one for. Full-
// screen kiosk mode refuses to start with it (ui.Run); a windowed trial
// (make run) shows a warning instead.
const DefaultPIN = "2468"

// UsePINStore keeps the exit PIN, its wrong guesses and its lock-out in
// pins (ui.Run: the account's staff-pin.json, 0600, which kiosk-setup
// --pin-file writes too), so a restart gives no new guesses. A PIN that
// an older version kept in the preferences (hashed, or plain) moves
// there, unless pins already holds one.
func (s *Settings) UsePINStore(pins *staffpin.Store) error {
	s.pins = pins
	set, err := pins.IsSet()
	if err != nil {
		return err
	}
	if !set {
		if old := s.p.String(keyPINHash); old != "" {
			err = pins.SetHash(old) // rewritten at today's figure on the first right PIN
		} else if plain := s.p.String(keyPIN); plain != "" {
			err = pins.Set(plain)
		}
		if err != nil {
			return err
		}
	}
	for _, k := range []string{keyPINHash, keyPIN} {
		if s.p.String(k) != "" { // a removal is a write to disk: none when there is nothing to move
			s.p.RemoveValue(k)
		}
	}
	return nil
}

// TryPIN checks pin at the staff prompt, counting it: locked > 0 while
// the prompt is locked (the PIN is then not compared) or when this guess
// locked it. With no PIN set, DefaultPIN opens (a windowed trial).
func (s *Settings) TryPIN(pin string) (ok bool, locked time.Duration, err error) {
	if err := s.migratePlainPIN(); err != nil {
		return false, 0, err
	}
	set, err := s.pins.IsSet()
	if err != nil {
		return false, 0, err
	}
	if !set {
		return subtle.ConstantTimeCompare([]byte(pin), []byte(DefaultPIN)) == 1, 0, nil
	}
	ok, locked, err = s.pins.Check(pin)
	if errors.Is(err, staffpin.ErrLocked) {
		return false, locked, nil
	}
	return ok, locked, err
}

// PINLocked says how long the staff prompt stays locked (0: open).
func (s *Settings) PINLocked() time.Duration {
	d, err := s.pins.Locked()
	if err != nil {
		return 0
	}
	return d
}

// migratePlainPIN hashes a PIN an older version stored in plain text.
func (s *Settings) migratePlainPIN() error {
	if old := s.p.String(keyPIN); old != "" {
		if set, _ := s.pins.IsSet(); !set {
			if err := s.pins.Set(old); err != nil {
				return err
			}
		}
		s.p.RemoveValue(keyPIN)
	}
	return nil
}
