package verifik

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// maxExp is the last second of year 9999, the largest exp accepted.
const maxExp = 253402300799

// TokenExpiry reads the exp claim of a JWT. The signature is not checked:
// the kiosk cannot (the key is Verifik's) and does not need to; it only
// wants to know when to renew.
func TokenExpiry(jwt string) (time.Time, error) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return time.Time{}, errors.New("verifik: token is not a JWT (three dot-separated parts)")
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, fmt.Errorf("verifik: token payload: %w", err)
	}
	var claims struct {
		Exp *float64 `json:"exp"`
	}
	if err := json.Unmarshal(raw, &claims); err != nil {
		return time.Time{}, fmt.Errorf("verifik: token payload: %w", err)
	}
	if claims.Exp == nil {
		return time.Time{}, errors.New("verifik: token has no exp claim")
	}
	// A NaN, negative or absurd exp (past year 9999, or one that would
	// overflow int64) is refused rather than converted.
	if e := *claims.Exp; math.IsNaN(e) || e <= 0 || e > maxExp {
		return time.Time{}, errors.New("verifik: token exp claim out of range")
	}
	return time.Unix(int64(*claims.Exp), 0), nil
}

// token is a JWT with its expiry.
type token struct {
	jwt string
	exp time.Time
}

func parseToken(jwt string) (token, error) {
	exp, err := TokenExpiry(jwt)
	if err != nil {
		return token{}, err
	}
	return token{jwt: jwt, exp: exp}, nil
}

// valid reports whether the token is still good at t (with a few seconds
// of slack for the request's flight).
func (t token) valid(at time.Time) bool { return t.jwt != "" && at.Add(10*time.Second).Before(t.exp) }
