package widgets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	for _, th := range []Theme{{Scale: 1}, {Scale: 1, HighContrast: true}} {
		name := "standard"
		minText := 4.5
		if th.HighContrast {
			name, minText = "high contrast", 7
		}
		c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantDark) }
		for _, p := range textPairs {
			r := Contrast(c(p.fg), c(p.bg))
			assert.GreaterOrEqual(t, r, minText, "%s: text %s on %s is %.2f:1", name, p.fg, p.bg, r)
		}
		for _, p := range controlPairs {
			r := Contrast(c(p.fg), c(p.bg))
			assert.GreaterOrEqual(t, r, 3.0, "%s: control %s on %s is %.2f:1", name, p.fg, p.bg, r)
		}
		// Plain buttons stand out from the page and from a dialog's
		// background: by their fill, or (high contrast, whose grey fill
		// keeps white text at 7:1) by the border drawn round it.
		for _, page := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameOverlayBackground} {
			r := Contrast(buttonBoundary(th), c(page))
			assert.GreaterOrEqual(t, r, 3.0, "%s: a plain button's boundary on %s is %.2f:1", name, page, r)
		}
		for _, bg := range buttonBackgrounds {
			inner := ringInner(th, c(bg))
			r := Contrast(inner, c(bg))
			assert.GreaterOrEqual(t, r, 3.0, "%s: focus ring inside a %s button is %.2f:1", name, bg, r)
		}
		t.Logf("%s palette:", name)
		for _, p := range append(append([]pair{}, textPairs...), controlPairs...) {
			t.Logf("  %-20s on %-18s %5.2f:1", p.fg, p.bg, Contrast(c(p.fg), c(p.bg)))
		}
	}
}

// In high contrast a plain button is drawn with its boundary: a border
// that stands out from the page by 3:1 (its grey fill keeps the white
// text at 7:1 but is 2.9:1 against black); the main action (yellow) and
// the standard palette's buttons need none. Focus still shows over it.
func TestHighContrastPlainButtonBoundary(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	for _, th := range []Theme{{Scale: 1}, {Scale: 1, HighContrast: true}} {
		a.Settings().SetTheme(th)
		plain := NewButton("Back", nil)
		primary := NewButton("Continue", nil)
		primary.Importance = widget.HighImportance
		w := test.NewWindow(container.NewVBox(plain, primary))
		w.Resize(fyne.NewSize(400, 300))
		pr := test.WidgetRenderer(plain).(*ringRenderer)
		hr := test.WidgetRenderer(primary).(*ringRenderer)
		assert.False(t, hr.edge.Visible(), "the main action stands out by its fill")
		page := th.Color(theme.ColorNameBackground, theme.VariantDark)
		fill := th.Color(theme.ColorNameButton, theme.VariantDark)
		if !th.HighContrast {
			assert.False(t, pr.edge.Visible(), "standard: the fill is the boundary")
			w.Close()
			continue
		}
		require.True(t, pr.edge.Visible(), "high contrast: a plain button has a border")
		assert.GreaterOrEqual(t, Contrast(pr.edge.StrokeColor, page), 3.0, "border against the page")
		assert.GreaterOrEqual(t, pr.edge.StrokeWidth, float32(2))
		assert.Equal(t, plain.Size().Width-pr.edge.StrokeWidth, pr.edge.Size().Width, "round the button's edge")
		assert.GreaterOrEqual(t, Contrast(th.Color(theme.ColorNameForeground, theme.VariantDark), fill), 7.0, "its text stays at 7:1")
		assert.Contains(t, pr.Objects(), fyne.CanvasObject(pr.edge))
		w.Canvas().Focus(plain)
		assert.True(t, pr.outer.Visible(), "the focus ring shows over the border")
		assert.GreaterOrEqual(t, Contrast(pr.inner.StrokeColor, fill), 3.0, "focused differs from unfocused inside the border")
		w.Close()
	}
}
