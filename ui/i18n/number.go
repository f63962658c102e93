package i18n

import (
	"strconv"
	"strings"
)

// Number formats v with the given decimals in the current language's
// style: "1,234.5" in English, "1.234,5" in Portuguese and Spanish.
func (t *Translator) Number(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	point, group := ".", ","
	if t.Language() != "en" {
		point, group = ",", "."
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}
