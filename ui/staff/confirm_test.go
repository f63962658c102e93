package staff

import (
	"testing"

	"biokiosk/assets"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/ui/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A destructive confirmation highlights the safe choice, names the
// action on a red button, speaks the person's language, and acts only on
// the action.
func TestConfirmationHighlightsTheSafeChoice(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "pt")
	require.NoError(t, err)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(800, 600))
	done := 0
	confirmDanger(tr, w, "Apagar utilizador", "Apagar?", "Apagar utilizador", func() { done++ })
	top := w.Canvas().Overlays().Top()
	require.NotNil(t, top)
	var keep, del *widget.Button
	uitest.Visit(top, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			switch b.Text {
			case "Não, manter":
				keep = b
			case "Apagar utilizador":
				del = b
			}
		}
	})
	require.NotNil(t, keep, "the safe choice in Portuguese")
	require.NotNil(t, del)
	assert.Equal(t, widget.HighImportance, keep.Importance, "the safe choice is highlighted")
	assert.Equal(t, widget.DangerImportance, del.Importance)
	test.Tap(keep)
	assert.Zero(t, done)
	confirmDanger(tr, w, "x", "y", "Apagar utilizador", func() { done++ })
	uitest.Visit(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Apagar utilizador" {
			test.Tap(b)
		}
	})
	assert.Equal(t, 1, done)
	assert.Equal(t, "sim", yesNo(tr, true))
}
