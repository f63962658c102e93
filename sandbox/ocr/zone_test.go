package ocr

import (
	"image"
	"testing"

	"biokiosk/internal/testkit/doctest"
	"biokiosk/sandbox/mrz"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

func TestOCRZoneLineRepairs(t *testing.T) {
	assert.Equal(t, []string{"ABC<<<<<<", "NOVAK<<K<<<", "X<<<<"}, fixFillers([]string{"ABC<<<K<<", "NOVAK<<K<<<", "X<<<K"}))
	assert.Equal(t, "AB<<<<", fitFillers("AB<<", 6))
	assert.Equal(t, "AB<<", fitFillers("AB<<<<", 4))
	assert.Equal(t, "AB<9", fitFillers("AB<9", 6), "only a trailing filler run is stretched")
	assert.Equal(t, "A<", fitFillers("A<", 6), "never by more than 2")
}

func TestOCRFindZonePrefersValidLines(t *testing.T) {
	p := doctest.Specimen()
	td1 := doctest.TD1(t, p)
	lines := append([]string{"UTOPIA", "IDENTITYCARD"}, td1...)
	lines[len(lines)-1] = lines[len(lines)-1][:28] // two fillers dropped by the reader
	z, ok := findZone(lines, mrz.TD3)
	require.True(t, ok)
	assert.Equal(t, mrz.TD1, z.Format)
	assert.Equal(t, td1, z.Lines)
	_, ok = findZone([]string{"NOTHING", "HERE"}, mrz.TD1)
	assert.False(t, ok)
}

// The glyph segmentation of a rendered zone finds every character and
// tells each chevron.
func TestOCRGlyphsOfRenderedZones(t *testing.T) {
	p := doctest.Specimen()
	_, back := doctest.IDCard(t, p)
	for _, tc := range []struct {
		img  []byte
		zone []string
	}{{back, doctest.TD1(t, p)}, {doctest.Passport(t, p), doctest.TD3(t, p)}} {
		gray, err := gocv.IMDecode(tc.img, gocv.IMReadGrayScale)
		require.NoError(t, err)
		b, err := mrzBand(gray)
		gray.Close()
		require.NoError(t, err)
		lines := zoneGlyphs(b)
		require.Len(t, lines, len(tc.zone))
		for i, l := range lines {
			require.Len(t, l, len(tc.zone[i]), "line %d", i)
			for j, g := range l {
				assert.Equal(t, tc.zone[i][j] == '<', g.chevron, "line %d char %d %q", i, j, tc.zone[i][j])
			}
		}
	}
}

func TestOCRAssembleTakesTheOverlappingSymbol(t *testing.T) {
	lines := [][]glyph{{{box: image.Rect(0, 0, 10, 20)}, {box: image.Rect(12, 4, 20, 16), chevron: true}, {box: image.Rect(24, 0, 34, 20)}}}
	syms := []symbol{{image.Rect(1, 0, 11, 20), 'P'}, {image.Rect(12, 0, 20, 20), 'K'}}
	assert.Equal(t, []string{"P<?"}, assemble(lines, syms))
}

// Tesseract's boxes may spill over the neighbours: read on a rotated
// passport, the L of "<<LEA" got a box reaching back over the erased
// chevrons and the E one covering both the L and the E, so the glyph of
// the L overlapped the E's box most. Symbols keep their reading order
// and each goes to one glyph (the boxes are those of that read).
func TestOCRAssembleKeepsTheReadingOrder(t *testing.T) {
	lines := [][]glyph{{
		{box: image.Rect(558, 34, 578, 59), chevron: true}, {box: image.Rect(586, 34, 606, 59), chevron: true},
		{box: image.Rect(615, 34, 634, 62)}, {box: image.Rect(644, 34, 662, 62)}, {box: image.Rect(671, 34, 690, 63)},
	}, {
		{box: image.Rect(53, 104, 69, 133)}, {box: image.Rect(78, 104, 97, 132)},
	}}
	syms := []symbol{
		{image.Rect(573, 32, 625, 63), 'L'}, {image.Rect(615, 34, 662, 62), 'E'}, {image.Rect(671, 34, 690, 63), 'A'},
		{image.Rect(53, 106, 69, 133), 'Z'},
	}
	assert.Equal(t, []string{"<<LEA", "Z?"}, assemble(lines, syms), "each glyph its own symbol; one with none is '?'")
	assert.Equal(t, []string{"<<???", "??"}, assemble(lines, nil))
}

// corrupt replaces the characters of zone at the given (line, column)
// places by the next digit (a '<' by '5'), returning a copy.
func corrupt(zone []string, at ...[2]int) []string {
	out := append([]string(nil), zone...)
	for _, p := range at {
		b := []byte(out[p[0]])
		if b[p[1]] == '<' {
			b[p[1]] = '5'
		} else {
			b[p[1]] = '0' + (b[p[1]]-'0'+1)%10
		}
		out[p[0]] = string(b)
	}
	return out
}

// td1Checks and td3Checks are the check digits' places.
var (
	td1Checks = [][2]int{{0, 14}, {1, 6}, {1, 14}, {1, 29}}
	td3Checks = [][2]int{{1, 9}, {1, 19}, {1, 27}, {1, 42}, {1, 43}}
)

// A zone counts as found only when enough of its check digits pass: one
// wrong digit is still found (and fails its checks), a zone misread
// throughout is not.
func TestOCRFindZoneNeedsPassingChecks(t *testing.T) {
	p := doctest.Specimen()
	td1, td3 := doctest.TD1(t, p), doctest.TD3(t, p)

	z, ok := findZone(corrupt(td1, [2]int{1, 3}), mrz.TD1) // a birth date digit
	require.True(t, ok, "one wrong digit")
	assert.Equal(t, []string{"birth_date", "composite"}, z.Checks.Failed())

	for _, tc := range []struct {
		name string
		zone []string
		want mrz.Format
	}{
		{"TD1, every check digit wrong", corrupt(td1, td1Checks...), mrz.TD1},
		{"TD1, three of four wrong", corrupt(td1, td1Checks[1:]...), mrz.TD1},
		{"TD3, every check digit wrong", corrupt(td3, td3Checks...), mrz.TD3},
		{"TD3, four of five wrong", corrupt(td3, td3Checks[1:]...), mrz.TD3},
	} {
		z, ok := findZone(tc.zone, tc.want)
		assert.False(t, ok, "%s: found with %v failed", tc.name, z.Checks.Failed())
	}
	z, ok = findZone(corrupt(td3, td3Checks[2:]...), mrz.TD3)
	require.True(t, ok, "two of five pass")
	assert.Len(t, z.Checks.Failed(), 3)
}
