package mrz

import (
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary zones to Parse: it never panics, keeps the
// lines' shape, and parsing its own corrected output again changes
// nothing.
func FuzzParse(f *testing.F) {
	f.Add(strings.Join(specimenTD3, "\n"))
	f.Add(strings.Join(specimenTD1, "\n"))
	f.Add(strings.Join(replace(specimenTD1, 1, 3, 'O'), "\n"))
	f.Add("IDUTOD23145890<7349<AB12<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\n<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<")
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		m, err := Parse(lines)
		if err != nil {
			return
		}
		if len(m.Lines) != len(lines) {
			t.Fatalf("%d lines in, %d out", len(lines), len(m.Lines))
		}
		for i := range lines {
			if len(m.Lines[i]) != len(lines[i]) {
				t.Fatalf("line %d: %d characters in, %d out", i, len(lines[i]), len(m.Lines[i]))
			}
		}
		again, err := Parse(m.Lines)
		if err != nil {
			t.Fatalf("corrected zone refused: %v", err)
		}
		if again.Fields != m.Fields || again.Checks != m.Checks {
			t.Fatalf("parsing the corrected zone again changed it: %+v / %+v", m, again)
		}
	})
}
