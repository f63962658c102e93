// Package assets embeds the app's translations and icon.
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
