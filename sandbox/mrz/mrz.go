// Package mrz reads and writes the machine-readable zones of ICAO 9303
// travel documents: TD3 (passports, 2 lines of 44 characters) and TD1
// (ID cards, 3 lines of 30). It is pure Go and knows nothing of images:
// callers hand it the zone's text lines.
package mrz

import (
	"errors"
	"fmt"
	"strings"
)

// Format is an MRZ layout.
type Format int

// The layouts read and written.
const (
	TD1 Format = iota + 1 // ID-1 cards: 3 lines of 30 characters
	TD3                   // passports: 2 lines of 44 characters
)

// String names the format.
func (f Format) String() string {
	switch f {
	case TD1:
		return "TD1"
	case TD3:
		return "TD3"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Lines is the number of lines of the format.
func (f Format) Lines() int {
	if f == TD1 {
		return 3
	}
	return 2
}

// Width is the number of characters per line of the format.
func (f Format) Width() int {
	if f == TD1 {
		return 30
	}
	return 44
}

// Fields are a zone's data, fillers removed. Dates are YYMMDD as printed
// (see Birth and Expiry); names use spaces between their parts.
type Fields struct {
	DocumentCode   string // P, PP, I, ID, AC, …
	IssuingState   string // ICAO 3-letter code
	DocumentNumber string // TD1: with the long-number extension joined
	Nationality    string
	BirthDate      string // YYMMDD
	Sex            string // M, F or "" (unspecified, printed '<')
	ExpiryDate     string // YYMMDD
	OptionalData   string // TD3 personal number; TD1 line 1 optional data
	OptionalData2  string // TD1 line 2 optional data
	Surnames       string // primary identifier
	GivenNames     string // secondary identifier
}

// ErrFormat is returned for lines that are no TD1 or TD3 zone: a wrong
// number of lines, wrong lengths or characters outside A–Z, 0–9 and '<'.
var ErrFormat = errors.New("mrz: not a TD1 or TD3 zone")

// CheckDigit is ICAO 9303's check digit of s: weights 7, 3, 1 repeated,
// '<' = 0, digits their value, A = 10 … Z = 35; the sum modulo 10. It
// reports false when s holds another character.
func CheckDigit(s string) (byte, bool) {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v, ok := charValue(s[i])
		if !ok {
			return 0, false
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10), true
}

func charValue(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10, true
	case c == '<':
		return 0, true
	}
	return 0, false
}

// validLine reports whether s holds only MRZ characters.
func validLine(s string) bool {
	for i := 0; i < len(s); i++ {
		if _, ok := charValue(s[i]); !ok {
			return false
		}
	}
	return true
}

// text turns a filled field into text: fillers become spaces, trimmed.
func text(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "<", " "))
}

// names splits the name field into surnames and given names on the
// first "<<".
func names(s string) (surnames, given string) {
	s = strings.TrimRight(s, "<")
	sur, giv, _ := strings.Cut(s, "<<")
	return strings.Join(strings.Fields(text(sur)), " "), strings.Join(strings.Fields(text(giv)), " ")
}
