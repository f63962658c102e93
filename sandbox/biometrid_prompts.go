package sandbox

import (
	"crypto/rand"
	"math/big"
	"strings"
)

var languageOrder = []string{"en", "pt", "es"}

var languageNames = map[string]string{"en": "English", "pt": "Português", "es": "Español"}

var digitWords = map[string][10]string{
	"en": {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"},
	"pt": {"zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"},
	"es": {"cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"},
}

// newPrompt is a random 4-digit prompt code.
func newPrompt() string {
	var b strings.Builder
	for i := 0; i < 4; i++ {
		n, _ := rand.Int(rand.Reader, big.NewInt(10))
		b.WriteByte(byte('0' + n.Int64()))
	}
	return b.String()
}

// promptText spells a prompt code out in the language.
func promptText(code, lang string) string {
	words, ok := digitWords[lang]
	if !ok {
		words = digitWords["en"]
	}
	var out []string
	for _, c := range code {
		if c >= '0' && c <= '9' {
			out = append(out, words[c-'0'])
		}
	}
	return strings.Join(out, " ")
}
