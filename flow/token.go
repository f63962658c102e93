package flow

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// newToken names one registration: the kiosk's holder prefix (see
// Config.Holder) and 8 random bytes.
func newToken(holder string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("registration token: %w", err)
	}
	if holder == "" {
		return hex.EncodeToString(b[:]), nil
	}
	return holder + "/" + hex.EncodeToString(b[:]), nil
}
