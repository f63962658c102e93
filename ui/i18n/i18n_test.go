package i18n

import (
	"testing"

	"biokiosk/assets"
	"biokiosk/capture/face/faceresult"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every key in every language, and every guidance code has a text.
func TestTranslationsAreComplete(t *testing.T) {
	tr, err := NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	for lang, keys := range tr.Missing() {
		assert.Empty(t, keys, "keys missing in %s", lang)
	}
	for _, l := range Languages {
		tr.SetLanguage(l)
		for _, c := range faceresult.Codes {
			assert.True(t, tr.Has("guidance."+string(c)), "guidance.%s", c)
		}
	}
	tr.SetLanguage("pt")
	assert.Equal(t, "pt-BR", tr.Language(), "plain Portuguese is Brazilian")
	assert.Equal(t, "pt", tr.Base())
	assert.Equal(t, "Cadastrar", tr.T("attract.start"))
	assert.Equal(t, "Amostra 2 de 3", tr.T("voice.sample.of", "2", "3"))
	assert.Equal(t, "Olhe para a câmera", tr.T("face.title"))
	assert.Equal(t, "Boas-vindas", tr.T("attract.title"), "a neutral welcome")
	tr.SetLanguage("pt_PT")
	assert.Equal(t, "pt-PT", tr.Language())
	assert.Equal(t, "Olhe para a câmara", tr.T("face.title"))
	tr.SetLanguage("es-MX")
	assert.Equal(t, "es", tr.Language())
	tr.SetLanguage("xx")
	assert.Equal(t, "en", tr.Language(), "unknown languages fall back to English")
	assert.Equal(t, "no.such.key", tr.T("no.such.key"))
}
