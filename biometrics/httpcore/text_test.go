package httpcore

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSanitizeEscapesWhatATerminalInterprets(t *testing.T) {
	in := "\x1b[2J\x1b]0;owned\x07ok\r\nPASS\tx\x7f\u0085\u202e\xff Não"
	got := Sanitize(in, 0)
	assert.Equal(t, `\x1b[2J\x1b]0;owned\x07ok\r\nPASS\tx\x7f\x85\u202e\xff Não`, got)
	for _, r := range got {
		assert.False(t, unsafeRune(r), "%q left in %q", r, got)
	}
	assert.Equal(t, "FACE_ENROLLMENT_FAILED", Sanitize("FACE_ENROLLMENT_FAILED", 0), "clean text unchanged")
	assert.Equal(t, "abc…", Sanitize("abcdef", 3))
	assert.Equal(t, "ação", Sanitize("ação", 4))
}

func TestSanitizeStringsWalksAnswers(t *testing.T) {
	type inner struct{ Reason string }
	type kind string
	var v struct {
		Msg    kind
		List   []inner
		Map    map[string]string
		Any    map[string]any
		Raw    []byte
		hidden string
	}
	v.Msg = "A\x1b[31m"
	v.List = []inner{{"x\ny"}}
	v.Map = map[string]string{"k": "\r"}
	v.Any = map[string]any{"s": "\x1b", "n": 1.5, "deep": map[string]any{"t": "\x00"}}
	v.Raw = []byte("\x1b")
	v.hidden = "\x1b"
	SanitizeStrings(&v)
	assert.Equal(t, kind(`A\x1b[31m`), v.Msg)
	assert.Equal(t, `x\ny`, v.List[0].Reason)
	assert.Equal(t, `\r`, v.Map["k"])
	assert.Equal(t, `\x1b`, v.Any["s"])
	assert.Equal(t, 1.5, v.Any["n"])
	assert.Equal(t, `\x00`, v.Any["deep"].(map[string]any)["t"])
	assert.Equal(t, []byte("\x1b"), v.Raw, "bytes are not text")
}

func TestCheckID(t *testing.T) {
	for _, ok := range []string{"59147e5afdda9b0ac0f5e31f", "5be3000bd3adgd3e152724f2", "0b7e4c1a-9f1d-4c7b-8f0e-2a3b4c5d6e7f", strings.Repeat("a", 128)} {
		assert.NoError(t, CheckID("user id", ok), ok)
	}
	for _, bad := range []string{"", "../../users/x?y=1#", "a/b", "a.b", "%2e", "a b", "\x1b[2J", strings.Repeat("a", 129)} {
		err := CheckID("user id", bad)
		assert.True(t, errors.Is(err, ErrMalformedID), "%q: %v", bad, err)
		assert.NotContains(t, err.Error(), "\x1b")
	}
}

func TestCheckVendorID(t *testing.T) {
	for _, ok := range []string{"59147e5afdda9b0ac0f5e31f", "…", "0b7e4c1a-9f1d-4c7b-8f0e-2a3b4c5d6e7f", "Ação_1"} {
		assert.NoError(t, CheckVendorID("id", ok), ok)
	}
	for _, bad := range []string{"", "..", ".", "../../users/x?y=1#", "a/b", `a\b`, "a b", "a%2f", "\x1b[2J", "a\u202eb", "\xff", strings.Repeat("a", 129)} {
		assert.ErrorIs(t, CheckVendorID("id", bad), ErrMalformedID, "%q", bad)
	}
}

// Every id an answer names is checked, an absent (empty) one is not
// refused, and with several bad ones the same one is reported each time
// (by name, not in map order).
func TestCheckVendorIDsChecksEveryNamedID(t *testing.T) {
	assert.NoError(t, CheckVendorIDs(map[string]string{"BioPassID": "b7c1-9f", "ClientID": ""}))
	for range 20 {
		err := CheckVendorIDs(map[string]string{"b": "../x", "a": "y?z", "c": "ok"})
		assert.ErrorIs(t, err, ErrMalformedID)
		assert.ErrorContains(t, err, `a "y?z"`)
	}
}
