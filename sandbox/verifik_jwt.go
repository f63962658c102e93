package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Verifik JWTs: HS256 with the database's own secret (vk_settings), so
// tokens survive restarts of the same database and nothing else accepts
// them. Kinds: a client (account) token, an app-registration token scoped
// to one registration (120 min), and the enrollee's final token.

// Token kinds.
const (
	vkClientToken = "client"
	vkRegToken    = "appRegistration"
	vkUserToken   = "user"
)

// Token lifetimes.
const (
	vkClientTTL = 30 * 24 * time.Hour
	vkRegTTL    = 120 * time.Minute
	vkUserTTL   = 24 * time.Hour
)

// vkClaims are the sandbox's JWT claims.
type vkClaims struct {
	Sub string `json:"sub"`           // the account id
	Typ string `json:"typ"`           // vkClientToken, vkRegToken or vkUserToken
	Reg string `json:"reg,omitempty"` // the app registration, for registration tokens
	Iat int64  `json:"iat"`
	Exp int64  `json:"exp"`
	Jti string `json:"jti"`
}

var (
	errVKBadToken = errors.New("invalid token")
	errVKExpired  = errors.New("token expired")
)

var vkJWTHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// vkSign mints a token of kind for the account, valid for ttl.
func vkSign(secret []byte, c vkClaims, ttl time.Duration) string {
	now := time.Now()
	c.Iat, c.Exp, c.Jti = now.Unix(), now.Add(ttl).Unix(), newID()
	payload, _ := json.Marshal(c)
	head := vkJWTHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	return head + "." + vkMAC(secret, head)
}

func vkMAC(secret []byte, s string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// vkVerify checks the signature (HS256 only) and the expiry.
func vkVerify(secret []byte, tok string) (vkClaims, error) {
	var c vkClaims
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || parts[0] != vkJWTHeader {
		return c, errVKBadToken
	}
	want := vkMAC(secret, parts[0]+"."+parts[1])
	if subtle.ConstantTimeCompare([]byte(want), []byte(parts[2])) != 1 {
		return c, errVKBadToken
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Sub == "" || c.Exp == 0 {
		return c, errVKBadToken
	}
	if time.Now().Unix() >= c.Exp {
		return c, errVKExpired
	}
	return c, nil
}

// bearer reads the Authorization header, with or without "Bearer ".
func bearer(h string) string {
	h = strings.TrimSpace(h)
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return h
}
