// Package assets embeds the app's translations and icon, and the sandbox
// prompt recogniser's digit templates.
package assets

import "embed"

// Translations holds translations/<lang>.json: flat key → text maps.
//
//go:embed translations/*.json
var Translations embed.FS

// Icon is the app icon (SVG).
//
//go:embed icon.svg
var Icon []byte

// DigitTemplates holds digits/*.wav: real spoken English digits that the
// sandbox's prompt recogniser aligns utterances with (digits/README.md
// gives their source and licence, CC BY-SA 4.0).
//
//go:embed digits/*.wav
var DigitTemplates embed.FS
