package mrz

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ICAO 9303 specimens (Part 4, TD3 passport; Part 5, TD1 card).
var (
	specimenTD3 = []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}
	specimenTD1 = []string{
		"I<UTOD231458907<<<<<<<<<<<<<<<",
		"7408122F1204159UTO<<<<<<<<<<<6",
		"ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
	}
)

func TestCheckDigit(t *testing.T) {
	for s, want := range map[string]byte{"L898902C3": '6', "740812": '2', "120415": '9', "ZE184226B<<<<<": '1', "D23145890": '7', "<<<": '0', "": '0'} {
		d, ok := CheckDigit(s)
		require.True(t, ok, s)
		assert.Equal(t, string(want), string(d), s)
	}
	_, ok := CheckDigit("ab")
	assert.False(t, ok, "lower case is no MRZ character")
}

func TestParseSpecimens(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  Fields
		f     Format
	}{
		{specimenTD3, Fields{DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C3", Nationality: "UTO", BirthDate: "740812", Sex: "F",
			ExpiryDate: "120415", OptionalData: "ZE184226B", Surnames: "ERIKSSON", GivenNames: "ANNA MARIA"}, TD3},
		{specimenTD1, Fields{DocumentCode: "I", IssuingState: "UTO", DocumentNumber: "D23145890", Nationality: "UTO", BirthDate: "740812", Sex: "F",
			ExpiryDate: "120415", Surnames: "ERIKSSON", GivenNames: "ANNA MARIA"}, TD1},
	} {
		m, err := Parse(tc.lines)
		require.NoError(t, err)
		assert.Equal(t, tc.f, m.Format)
		assert.Equal(t, tc.want, m.Fields)
		assert.True(t, m.Checks.OK(), "failed: %v", m.Checks.Failed())
		assert.Empty(t, m.Corrected)
		assert.Equal(t, tc.lines, m.Lines)

		enc, err := Encode(tc.f, tc.want)
		require.NoError(t, err)
		assert.Equal(t, tc.lines, enc, "the generator writes the specimen")
	}
}

// replace returns lines with line i's character at pos set to c.
func replace(lines []string, i, pos int, c byte) []string {
	out := append([]string(nil), lines...)
	b := []byte(out[i])
	b[pos] = c
	out[i] = string(b)
	return out
}

func TestParseCorruptedAndCorrected(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lines     []string
		failed    []string
		corrected []string
		check     func(*testing.T, MRZ)
	}{
		{"birth digit changed", replace(specimenTD3, 1, 14, '5'), []string{"birth_date", "composite"}, nil, nil},
		{"expiry digit changed", replace(specimenTD1, 1, 9, '3'), []string{"expiry_date", "composite"}, nil, nil},
		{"number changed", replace(specimenTD1, 0, 6, '3'), []string{"document_number", "composite"}, nil, nil},
		{"personal number changed", replace(specimenTD3, 1, 30, '9'), []string{"personal_number", "composite"}, nil, nil},
		{"composite changed", replace(specimenTD3, 1, 43, '1'), []string{"composite"}, nil, nil},
		{"O read for 0 in a date", replace(specimenTD3, 1, 15, 'O'), nil, []string{"birth_date"}, func(t *testing.T, m MRZ) {
			assert.Equal(t, "740812", m.BirthDate)
			assert.Equal(t, specimenTD3, m.Lines)
		}},
		{"S and I read in a date and its check", replace(replace(specimenTD1, 1, 8, 'I'), 1, 13, 'S'), nil, []string{"expiry_date"}, nil},
		{"B read for 7 is no look-alike", replace(specimenTD3, 1, 13, 'B'), []string{"birth_date", "composite"}, nil, func(t *testing.T, m MRZ) {
			assert.Equal(t, "B40812", m.BirthDate, "left as read when the check still fails")
		}},
		{"Z read for the composite's 2", replace(specimenTD1, 1, 29, 'Z'), []string{"composite"}, nil, nil},
		{"digit in the names", replace(specimenTD3, 0, 10, '5'), nil, []string{"names"}, func(t *testing.T, m MRZ) {
			assert.Equal(t, "ERIKSSON", m.Surnames)
		}},
		{"digit in the nationality", replace(specimenTD1, 1, 16, '7'), []string{}, nil, func(t *testing.T, m MRZ) {
			assert.Equal(t, "U7O", m.Nationality, "7 is no look-alike of a letter")
		}},
		{"number check read as a letter", replace(specimenTD3, 1, 9, 'G'), nil, []string{"document_number_check"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse(tc.lines)
			require.NoError(t, err)
			assert.ElementsMatch(t, tc.failed, m.Checks.Failed())
			assert.ElementsMatch(t, tc.corrected, m.Corrected)
			if tc.check != nil {
				tc.check(t, m)
			}
		})
	}
}

func TestParseRefusesWhatIsNoZone(t *testing.T) {
	for name, lines := range map[string][]string{
		"short line":      {specimenTD3[0], specimenTD3[1][:43]},
		"long line":       {specimenTD1[0] + "<", specimenTD1[1], specimenTD1[2]},
		"one line":        {specimenTD3[0]},
		"mixed widths":    {specimenTD1[0], specimenTD3[1]},
		"lower case":      {strings.ToLower(specimenTD3[0]), specimenTD3[1]},
		"space":           replace(specimenTD3, 0, 1, ' '),
		"guillemet bytes": {strings.Replace(specimenTD3[0], "<<", "«", 1) + "<", specimenTD3[1]},
		"nothing":         nil,
	} {
		_, err := Parse(lines)
		assert.ErrorIs(t, err, ErrFormat, name)
	}
}

func TestLongDocumentNumber(t *testing.T) {
	f := Fields{DocumentCode: "ID", IssuingState: "UTO", DocumentNumber: "D23145890734", Nationality: "UTO", BirthDate: "740812", Sex: "F",
		ExpiryDate: "120415", OptionalData: "AB12", OptionalData2: "X9", Surnames: "ERIKSSON", GivenNames: "ANNA MARIA"}
	lines, err := Encode(TD1, f)
	require.NoError(t, err)
	assert.Equal(t, "IDUTOD23145890<7349<AB12<<<<<<", lines[0])
	m, err := Parse(lines)
	require.NoError(t, err)
	assert.True(t, m.Checks.OK(), "failed: %v", m.Checks.Failed())
	assert.Equal(t, f, m.Fields)
	m, err = Parse(replace(lines, 0, 17, '5'))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"document_number", "composite"}, m.Checks.Failed())
}

func TestEncodeRefuses(t *testing.T) {
	ok := Fields{DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "X1", Nationality: "UTO", BirthDate: "800101", ExpiryDate: "300101"}
	for name, change := range map[string]func(*Fields){
		"accents":         func(f *Fields) { f.Surnames = "MÜLLER" },
		"bad date":        func(f *Fields) { f.BirthDate = "801301" },
		"short date":      func(f *Fields) { f.ExpiryDate = "3001" },
		"long number TD3": func(f *Fields) { f.DocumentNumber = "1234567890" },
		"sex":             func(f *Fields) { f.Sex = "MF" },
	} {
		f := ok
		change(&f)
		_, err := Encode(TD3, f)
		assert.Error(t, err, name)
	}
	lines, err := Encode(TD3, Fields{DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "X1", Nationality: "UTO", BirthDate: "800101",
		ExpiryDate: "300101", Surnames: "O'Neil-Smith", GivenNames: "Mary Ann"})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(lines[0], "P<UTOONEIL<SMITH<<MARY<ANN<<"), lines[0])
	m, err := Parse(lines)
	require.NoError(t, err)
	assert.Equal(t, "ONEIL SMITH", m.Surnames)
	assert.Equal(t, "", m.Sex)
}

func TestDates(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ birth, want string }{{"740812", "1974-08-12"}, {"250601", "2025-06-01"}, {"250602", "1925-06-02"}, {"000229", "2000-02-29"}} {
		d, err := Fields{BirthDate: tc.birth}.Birth(now)
		require.NoError(t, err)
		assert.Equal(t, tc.want, d.Format(time.DateOnly), tc.birth)
	}
	d, err := Fields{ExpiryDate: "991231"}.Expiry()
	require.NoError(t, err)
	assert.Equal(t, "2099-12-31", d.Format(time.DateOnly))
	for _, bad := range []string{"741312", "740431", "010229", "74O812", "7408"} {
		_, err := Fields{BirthDate: bad}.Birth(now)
		assert.Error(t, err, bad)
	}
}
