package doctest

import (
	"bytes"
	"image"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"time"

	"biokiosk/sandbox/mrz"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func size(t *testing.T, b []byte) image.Point {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Equal(t, "jpeg", format)
	assert.Less(t, len(b), 1<<20, "within the API's 1 MB")
	return image.Pt(cfg.Width, cfg.Height)
}

func TestRenders(t *testing.T) {
	p := Specimen()
	front, back := IDCard(t, p)
	assert.Equal(t, image.Pt(1000, 630), size(t, front))
	assert.Equal(t, image.Pt(1000, 630), size(t, back))
	assert.Equal(t, image.Pt(1000, 704), size(t, Passport(t, p)))
	if dir := os.Getenv("DOCTEST_OUT"); dir != "" { // to look at them
		require.NoError(t, os.WriteFile(filepath.Join(dir, "front.jpg"), front, 0o600))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "back.jpg"), back, 0o600))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "passport.jpg"), Passport(t, p), 0o600))
	}
}

func TestZonesAreValid(t *testing.T) {
	p := Specimen()
	for _, lines := range [][]string{TD1(t, p), TD3(t, p)} {
		m, err := mrz.Parse(lines)
		require.NoError(t, err)
		assert.True(t, m.Checks.OK())
		assert.Equal(t, "MODELO SANTOS", m.Surnames)
		assert.Equal(t, "ALEX JORDAN", m.GivenNames)
		assert.Equal(t, "610804", m.BirthDate)
		assert.Equal(t, p.Expiry.Format("060102"), m.ExpiryDate)
		expiry, err := m.Expiry()
		require.NoError(t, err)
		assert.Equal(t, p.Expiry, expiry)
	}
}

// The specimen's document stays valid for the sandbox, which checks its
// expiry against the real date, with a year's notice to move
// SpecimenExpiry on (and re-run the OCR tests on the new renders).
func TestSpecimenStillValid(t *testing.T) {
	p := Specimen()
	assert.True(t, p.Expiry.After(time.Now().AddDate(1, 0, 0)), "SpecimenExpiry %v is less than a year ahead: move it on", p.Expiry.Format(time.DateOnly))
	assert.Equal(t, p.Expiry, p.Expiry.Truncate(24*time.Hour), "a date, at midnight UTC")
}

// Every holder's zones are valid, read back with its data, and differ
// from the specimen's in what the holder is for.
func TestHoldersZonesAreValid(t *testing.T) {
	hs := Holders()
	require.Len(t, hs, 5)
	for _, h := range hs {
		var zones [][]string
		if h.TD1 {
			zones = append(zones, TD1(t, h.Person))
		}
		if h.TD3 {
			zones = append(zones, TD3(t, h.Person))
		}
		require.NotEmpty(t, zones, h.Name)
		for _, lines := range zones {
			m, err := mrz.Parse(lines)
			require.NoError(t, err, h.Name)
			assert.True(t, m.Checks.OK(), "%s: %v", h.Name, m.Checks.Failed())
			assert.Equal(t, h.Person.Surnames, m.Surnames, h.Name)
			assert.Equal(t, h.Person.GivenNames, m.GivenNames, h.Name)
			assert.Equal(t, h.Person.DocumentNumber, m.DocumentNumber, h.Name)
			assert.Equal(t, h.Person.Sex, m.Sex, h.Name)
			assert.Equal(t, h.Person.Birth.Format("060102"), m.BirthDate, h.Name)
			birth, err := m.Birth(time.Now())
			require.NoError(t, err)
			assert.Equal(t, h.Person.Birth, birth, "%s: the century", h.Name)
			if m.Format == mrz.TD3 {
				assert.Equal(t, h.Person.Optional, m.OptionalData, h.Name)
			}
		}
	}
	assert.Len(t, TD1(t, hs[0].Person)[0], 30, "a long number fits the line with its extension")
	assert.Equal(t, byte('<'), TD1(t, hs[1].Person)[1][7], "sex '<'")
	assert.Equal(t, "AB12345678CD90", TD3(t, hs[3].Person)[1][28:42], "the personal number fills its field")
}
