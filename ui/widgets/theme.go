package widgets

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme scales the default theme for a screen read from a metre away
// and touched with a finger, with its own palette (every text and control
// colour checked for contrast: theme_test.go), an optional high-contrast
// palette (text ≥ 7:1) and an optional large text (LargeTextFactor).
// The palette is the same in the light and the dark variant: a kiosk
// does not follow a desktop's preference.
type Theme struct {
	// Scale multiplies every size (1: Fyne's own).
	Scale float32
	// HighContrast uses the high-contrast palette, LargeText the large
	// text.
	HighContrast, LargeText bool
}

var _ fyne.Theme = Theme{}

// LargeTextFactor is how much larger the large-text mode makes every
// text (and the controls around it).
const LargeTextFactor = 1.5

// colorNameButtonBorder is the boundary drawn around a plain button where
// its fill alone does not stand out from the page by 3:1 (WCAG 1.4.11):
// in high contrast, whose grey fill keeps white text at 7:1 and so is
// only 2.9:1 against black. Absent from a palette: no boundary (the fill
// is the boundary).
const colorNameButtonBorder fyne.ThemeColorName = "biokioskButtonBorder"

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// palette is a theme's opaque colours; hover, pressed, selection and
// shadow stay translucent overlays of them.
type palette map[fyne.ThemeColorName]color.NRGBA

// standardPalette: light text on a dark blue-grey page, controls that
// stand out from the page by ≥ 3:1 and carry their text at ≥ 4.5:1.
var standardPalette = palette{
	theme.ColorNameBackground:          rgb(0x14171c),
	theme.ColorNameOverlayBackground:   rgb(0x1e232a),
	theme.ColorNameMenuBackground:      rgb(0x1e232a),
	theme.ColorNameHeaderBackground:    rgb(0x14171c),
	theme.ColorNameForeground:          rgb(0xffffff),
	theme.ColorNameButton:              rgb(0x68707e),
	theme.ColorNameDisabledButton:      rgb(0x2c3139),
	theme.ColorNameDisabled:            rgb(0x9aa1ab),
	theme.ColorNamePrimary:             rgb(0x1d63d8),
	theme.ColorNameForegroundOnPrimary: rgb(0xffffff),
	theme.ColorNameFocus:               rgb(0xffd23f),
	theme.ColorNameError:               rgb(0xff7a7a),
	theme.ColorNameForegroundOnError:   rgb(0x000000),
	theme.ColorNameWarning:             rgb(0xffb84d),
	theme.ColorNameForegroundOnWarning: rgb(0x000000),
	theme.ColorNameSuccess:             rgb(0x4fd98b),
	theme.ColorNameForegroundOnSuccess: rgb(0x000000),
	theme.ColorNameInputBackground:     rgb(0x23282f),
	theme.ColorNameInputBorder:         rgb(0x8d95a1),
	theme.ColorNamePlaceHolder:         rgb(0xb9c0ca),
	theme.ColorNameHyperlink:           rgb(0x9cc2ff),
	theme.ColorNameSeparator:           rgb(0x5a6270),
	theme.ColorNameScrollBar:           rgb(0x9aa1ab),
}

// highContrastPalette: white on black, the primary action black on
// yellow; every text ≥ 7:1.
var highContrastPalette = palette{
	theme.ColorNameBackground:          rgb(0x000000),
	theme.ColorNameOverlayBackground:   rgb(0x000000),
	theme.ColorNameMenuBackground:      rgb(0x000000),
	theme.ColorNameHeaderBackground:    rgb(0x000000),
	theme.ColorNameForeground:          rgb(0xffffff),
	theme.ColorNameButton:              rgb(0x575757),
	colorNameButtonBorder:              rgb(0xffffff),
	theme.ColorNameDisabledButton:      rgb(0x1a1a1a),
	theme.ColorNameDisabled:            rgb(0xb0b0b0),
	theme.ColorNamePrimary:             rgb(0xffff00),
	theme.ColorNameForegroundOnPrimary: rgb(0x000000),
	theme.ColorNameFocus:               rgb(0x00e5ff),
	theme.ColorNameError:               rgb(0xff8080),
	theme.ColorNameForegroundOnError:   rgb(0x000000),
	theme.ColorNameWarning:             rgb(0xffcc33),
	theme.ColorNameForegroundOnWarning: rgb(0x000000),
	theme.ColorNameSuccess:             rgb(0x66ff99),
	theme.ColorNameForegroundOnSuccess: rgb(0x000000),
	theme.ColorNameInputBackground:     rgb(0x000000),
	theme.ColorNameInputBorder:         rgb(0xffffff),
	theme.ColorNamePlaceHolder:         rgb(0xc8c8c8),
	theme.ColorNameHyperlink:           rgb(0x80d8ff),
	theme.ColorNameSeparator:           rgb(0xffffff),
	theme.ColorNameScrollBar:           rgb(0xffffff),
}

func (t Theme) palette() palette {
	if t.HighContrast {
		return highContrastPalette
	}
	return standardPalette
}

// Color is the palette's colour n, the same in both variants.
func (t Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := t.palette()[n]; ok {
		return c
	}
	switch n {
	case colorNameButtonBorder:
		return color.Transparent
	case theme.ColorNameHover:
		return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x24}
	case theme.ColorNamePressed:
		return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x40}
	case theme.ColorNameSelection:
		c := t.palette()[theme.ColorNamePrimary]
		c.A = 0x80
		return c
	case theme.ColorNameScrollBarBackground:
		return color.NRGBA{A: 0x40}
	}
	return theme.DefaultTheme().Color(n, theme.VariantDark)
}

// Font is the default theme's.
func (t Theme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon is the default theme's.
func (t Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size is the default theme's size n times Scale, and times
// LargeTextFactor for text (and what surrounds it) in large text.
func (t Theme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n) * t.Scale
	if t.LargeText {
		switch n {
		case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameCaptionText,
			theme.SizeNameInlineIcon, theme.SizeNameInnerPadding:
			s *= LargeTextFactor
		}
	}
	return s
}

// textScale is the current theme's text size against Fyne's default
// (14): the kiosk's own large texts (titles, guidance, digits) follow it.
func textScale() float32 {
	return theme.Size(theme.SizeNameText) / theme.DefaultTheme().Size(theme.SizeNameText)
}

// luminance is a colour's relative luminance (WCAG 2.2).
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// Contrast is the WCAG contrast ratio of two colours (1 to 21).
func Contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// buttonBoundary is what marks a plain button's extent against the page:
// its border where the theme draws one, else its fill.
func buttonBoundary(t Theme) color.Color {
	if b, ok := t.palette()[colorNameButtonBorder]; ok {
		return b
	}
	return t.palette()[theme.ColorNameButton]
}

// ringInner is the inner tone of the focus ring on a control whose
// background is bg: the theme's focus colour where it stands out from bg
// by 3:1, else black or white, whichever stands out more. The ring's
// outer tone is always the focus colour, which stands out from every
// page background (theme_test.go).
func ringInner(t Theme, bg color.Color) color.Color {
	f := t.Color(theme.ColorNameFocus, theme.VariantDark)
	if Contrast(f, bg) >= 3 {
		return f
	}
	if Contrast(color.Black, bg) >= Contrast(color.White, bg) {
		return color.Black
	}
	return color.White
}
