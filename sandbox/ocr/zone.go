package ocr

import (
	"strings"

	"biokiosk/sandbox/mrz"
)

// fixFillers reads back as '<' a K inside a run of fillers (at least
// three '<' before it, a '<' or the line's end after it), Tesseract's
// usual misreading of a chevron the glyph classifier missed; a name never
// has three fillers before a part, so no real K is touched.
func fixFillers(lines []string) []string {
	out := make([]string, len(lines))
	for n, l := range lines {
		b := []byte(l)
		for i := 3; i < len(b); i++ {
			if b[i] == 'K' && b[i-1] == '<' && b[i-2] == '<' && b[i-3] == '<' && (i == len(b)-1 || b[i+1] == '<') {
				b[i] = '<'
			}
		}
		out[n] = string(b)
	}
	return out
}

// fitFillers pads or trims a line's trailing fillers to width when it is
// at most 2 characters off: Tesseract miscounts long runs of '<', and the
// trailing run holds no data.
func fitFillers(l string, width int) string {
	d := len(l) - width
	if d == 0 || d < -2 || d > 2 || !strings.HasSuffix(l, "<") {
		return l
	}
	if d < 0 {
		return l + strings.Repeat("<", -d)
	}
	if strings.HasSuffix(l, strings.Repeat("<", d+1)) {
		return l[:width]
	}
	return l
}

// minZoneChecks is how many of a zone's check digits must pass for it
// to count as found (TD1 has 4, TD3 5). A single misread character
// fails at most two (its field's and the composite), so a zone with one
// wrong digit is still found and reported with its integrity FAIL;
// lines that merely have a zone's shape, or a zone misread throughout,
// are not, and the document's other side is read.
const minZoneChecks = 2

// zoneChecks is how many of a zone's check digits passed.
func zoneChecks(m mrz.MRZ) int {
	n := 5 - len(m.Checks.Failed())
	if m.Format == mrz.TD1 {
		n-- // Checks.PersonalNumber is true: TD1 has no such check
	}
	return n
}

// findZone looks for consecutive lines forming a TD1 or TD3 zone and
// parses them; of several it keeps the one whose check digits pass most,
// preferring the format want on a tie. found is false when no zone has
// minZoneChecks passing check digits.
func findZone(lines []string, want mrz.Format) (zone mrz.MRZ, found bool) {
	bestScore := -1
	for _, f := range []mrz.Format{mrz.TD1, mrz.TD3} {
		n := f.Lines()
		for i := 0; i+n <= len(lines); i++ {
			cand := make([]string, n)
			for j := range cand {
				cand[j] = fitFillers(lines[i+j], f.Width())
			}
			m, err := mrz.Parse(cand)
			if err != nil || zoneChecks(m) < minZoneChecks {
				continue
			}
			score := 2 * (5 - len(m.Checks.Failed()))
			if f == want {
				score++
			}
			if score > bestScore {
				zone, bestScore = m, score
			}
		}
	}
	return zone, bestScore >= 0
}
