package sandbox

import (
	"crypto/rand"
	"math/big"
)

// userIDAlphabet is what BiometrID user ids are minted from.
const userIDAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// newUserID mints a BiometrID user id: 24 characters of [0-9a-z], at
// least one of them beyond 'f'. The docs' own examples use the non-hex
// 5be3000bd3adgd3e152724f2, so ids are opaque; minting ids of that
// shape makes every client path that carries an id prove it.
func newUserID() string {
	b := make([]byte, 24)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(userIDAlphabet))))
		b[i] = userIDAlphabet[n.Int64()]
	}
	n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(b))))
	k, _ := rand.Int(rand.Reader, big.NewInt(20))
	b[n.Int64()] = userIDAlphabet[16+k.Int64()] // g…z
	return string(b)
}
