package privacyscan

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func kinds(fs []Finding) []string {
	var k []string
	for _, f := range fs {
		k = append(k, f.Kind)
	}
	return k
}

func TestBytesFindsEmbeddedMedia(t *testing.T) {
	b := []byte("log line\n")
	b = append(b, 0xFF, 0xD8, 0xFF, 0xE0)
	b = append(b, []byte("...\x89PNG\r\n\x1a\n...RIFF\x00\x00\x00\x00WAVEfmt ")...)
	assert.Equal(t, []string{"jpeg", "png", "riff"}, kinds(Bytes("x", b)))
}

func TestBytesFindsLongBase64(t *testing.T) {
	payload := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1, 2, 3}, 400))
	f := Bytes("x", []byte(`{"photo":"data:image/jpeg;base64,`+payload+`"}`))
	assert.Equal(t, []string{"base64"}, kinds(f))
}

func TestBytesIgnoresOrdinaryText(t *testing.T) {
	txt := []byte(`{"user_id":"59147e5afdda9b0ac0f5e31f","outcome":"ENROLLED","RIFFRAFF":1}` + "\n")
	assert.Empty(t, Bytes("x", txt))
}

func TestTree(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "clean.json"), []byte(`{"ok":true}`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "b", "leak.bin"), []byte{0, 0xFF, 0xD8, 0xFF, 0}, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "big"), make([]byte, 100), 0o600))
	got, err := Tree(dir, 50)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"jpeg", "too-large"}, kinds(got))
}

func TestBytesShortRIFFAtEnd(t *testing.T) {
	assert.Empty(t, Bytes("x", []byte("abcRIFF")))
	assert.Empty(t, Bytes("x", []byte("RIFF\x00\x00\x00\x00WAV")))
}
