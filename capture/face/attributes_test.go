package face

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Measured on the portraits: ages 39–53 (the subjects were in their 40s
// and 50s), gender score 0.63–0.97 for these men, obama.jpg smiles
// (happy 1.00), biden.jpg looks neutral (0.64).
func TestAttributesOnPortraits(t *testing.T) {
	m := models(t)
	dir, err := FindModelsDir(os.Getenv)
	require.NoError(t, err)
	at, err := LoadAttributes(dir)
	require.NoError(t, err)
	defer at.Close()
	for _, c := range []struct {
		file, expression string
	}{{"obama.jpg", "happy"}, {"obama_small.jpg", "happy"}, {"biden.jpg", "neutral"}} {
		img := portrait(t, c.file)
		d, err := m.Detect(img)
		require.NoError(t, err)
		require.NotEmpty(t, d)
		age, err := at.Age(img, d[0].Box)
		require.NoError(t, err)
		assert.InDelta(t, 47, age, 12, c.file)
		g, err := at.Gender(img, d[0].Box)
		require.NoError(t, err)
		assert.Equal(t, "male", GenderLabel(g), c.file)
		e, err := at.Expression(img, d[0].Box)
		require.NoError(t, err)
		assert.Equal(t, c.expression, Expressions(e, 0.2)[0], c.file)
		img.Close()
	}
}
