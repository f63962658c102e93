package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// kioskTheme scales the default theme for a screen read from a metre away
// and touched with a finger, with an optional high-contrast palette.
type kioskTheme struct {
	scale        float32
	highContrast bool
}

var _ fyne.Theme = kioskTheme{}

func (t kioskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.highContrast {
		switch n {
		case theme.ColorNameBackground:
			return color.Black
		case theme.ColorNameForeground:
			return color.White
		case theme.ColorNamePrimary, theme.ColorNameFocus:
			return color.NRGBA{R: 0xff, G: 0xd7, B: 0x00, A: 0xff}
		case theme.ColorNameButton:
			return color.NRGBA{R: 0x20, G: 0x20, B: 0x20, A: 0xff}
		}
	}
	return theme.DefaultTheme().Color(n, v)
}

func (t kioskTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	return theme.DefaultTheme().Size(n) * t.scale
}

// Colours of the face oval, which always comes with the guidance in words
// (state is never conveyed by colour alone).
var (
	ovalSearching = color.NRGBA{R: 0xf5, G: 0xa6, B: 0x23, A: 0xff}
	ovalGood      = color.NRGBA{R: 0x2e, G: 0xcc, B: 0x71, A: 0xff}
	ovalNoFace    = color.NRGBA{R: 0xb0, G: 0xb0, B: 0xb0, A: 0xff}
)
