package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/stretchr/testify/assert"
)

// pair is a foreground and the background it is drawn on.
type pair struct{ fg, bg fyne.ThemeColorName }

// textPairs are the text colours the widgets draw on each background:
// labels (foreground, and the importance colours), buttons of each
// importance, entries and their placeholders, dialogs.
var textPairs = []pair{
	{theme.ColorNameForeground, theme.ColorNameBackground},
	{theme.ColorNameForeground, theme.ColorNameOverlayBackground},
	{theme.ColorNameForeground, theme.ColorNameMenuBackground},
	{theme.ColorNameForeground, theme.ColorNameHeaderBackground},
	{theme.ColorNameForeground, theme.ColorNameButton},
	{theme.ColorNameForeground, theme.ColorNameInputBackground},
	{theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
	{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
	{theme.ColorNameForegroundOnError, theme.ColorNameError},
	{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
	{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
	{theme.ColorNameWarning, theme.ColorNameBackground},
	{theme.ColorNameError, theme.ColorNameBackground},
	{theme.ColorNameSuccess, theme.ColorNameBackground},
	{theme.ColorNameHyperlink, theme.ColorNameBackground},
	{theme.ColorNameWarning, theme.ColorNameOverlayBackground},
}

// controlPairs are non-text: a control against the page it sits on.
var controlPairs = []pair{
	{theme.ColorNamePrimary, theme.ColorNameBackground},
	{theme.ColorNameError, theme.ColorNameBackground},
	{theme.ColorNameWarning, theme.ColorNameBackground},
	{theme.ColorNameSuccess, theme.ColorNameBackground},
	{theme.ColorNameInputBorder, theme.ColorNameBackground},
	{theme.ColorNameInputBorder, theme.ColorNameInputBackground},
	{theme.ColorNameFocus, theme.ColorNameBackground},
	{theme.ColorNameFocus, theme.ColorNameOverlayBackground},
}

// buttonBackgrounds are what a focus ring is drawn on the inside of.
var buttonBackgrounds = []fyne.ThemeColorName{theme.ColorNameButton, theme.ColorNamePrimary, theme.ColorNameError,
	theme.ColorNameWarning, theme.ColorNameSuccess}

// Every text/background pair the theme defines reaches WCAG's 4.5:1
// (7:1 in high contrast, so also for large text), every control and the
// focus indicator 3:1 against what is next to it; the focus ring's two
// tones each stand out from their side (the page outside, the button
// inside), and the focused state differs from the unfocused one by 3:1.
func TestThemeContrast(t *testing.T) {
	for _, th := range []kioskTheme{{scale: 1}, {scale: 1, highContrast: true}} {
		name := "standard"
		minText := 4.5
		if th.highContrast {
			name, minText = "high contrast", 7
		}
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantDark) }
		for _, p := range textPairs {
			r := contrast(c(p.fg), c(p.bg))
			assert.GreaterOrEqual(t, r, minText, "%s: text %s on %s is %.2f:1", name, p.fg, p.bg, r)
		}
		for _, p := range controlPairs {
			r := contrast(c(p.fg), c(p.bg))
			assert.GreaterOrEqual(t, r, 3.0, "%s: control %s on %s is %.2f:1", name, p.fg, p.bg, r)
		}
		if !th.highContrast {
			// Plain buttons stand out from the page. (High contrast keeps
			// white text at 7:1 on them instead, which leaves at most
			// 3:1 against black: the label names the control.)
			r := contrast(c(theme.ColorNameButton), c(theme.ColorNameBackground))
			assert.GreaterOrEqual(t, r, 3.0, "%s: button on page is %.2f:1", name, r)
		}
		for _, bg := range buttonBackgrounds {
			inner := ringInner(th, c(bg))
			r := contrast(inner, c(bg))
			assert.GreaterOrEqual(t, r, 3.0, "%s: focus ring inside a %s button is %.2f:1", name, bg, r)
		}
		t.Logf("%s palette:", name)
		for _, p := range append(append([]pair{}, textPairs...), controlPairs...) {
			t.Logf("  %-20s on %-18s %5.2f:1", p.fg, p.bg, contrast(c(p.fg), c(p.bg)))
		}
	}
}
