package core

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"

	"biokiosk/staffpin"
)

// DefaultPIN is the exit PIN of a kiosk nobody has set one for. Full-
// screen kiosk mode refuses to start with it (ui.Run); a windowed trial
// (make run) shows a warning instead.
const DefaultPIN = "2468"

// PIN lengths a new exit PIN may have: the kiosk's keypad types digits
// only.
const (
	MinPINDigits = 4
	MaxPINDigits = 12
)

// PINError refuses a new exit PIN (CheckNewPIN).
type PINError struct {
	// Default: the PIN is DefaultPIN; otherwise it is not 4 to 12 digits.
	Default bool
}

func (e *PINError) Error() string {
	if e.Default {
		return "that is the default PIN " + DefaultPIN + ", which everyone who read the manual knows"
	}
	return fmt.Sprintf("a PIN has %d to %d digits (the kiosk's keypad has digits only)", MinPINDigits, MaxPINDigits)
}

// CheckNewPIN says whether pin may become the exit PIN, by the same rule
// wherever it is set (Settings, kiosk-setup --pin-file): 4 to 12 digits,
// and not DefaultPIN, which would open full-screen kiosk mode to anyone
// who read the manual.
func CheckNewPIN(pin string) error {
	if len(pin) < MinPINDigits || len(pin) > MaxPINDigits || strings.Trim(pin, "0123456789") != "" {
		return &PINError{}
	}
	if pin == DefaultPIN {
		return &PINError{Default: true}
	}
	return nil
}

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
		} else if plain := s.p.String(keyPIN); plain != "" && plain != DefaultPIN {
			err = pins.Set(plain) // the default stays the default: not "set"
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
		if set, _ := s.pins.IsSet(); !set && old != DefaultPIN {
			if err := s.pins.Set(old); err != nil {
				return err
			}
		}
		s.p.RemoveValue(keyPIN)
	}
	return nil
}
