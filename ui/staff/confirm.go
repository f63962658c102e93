package staff

import (
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// confirmDanger asks before an action that cannot be undone: the safe
// choice ("Keep it") is the highlighted one, the action is a red button
// named for what it does; do runs only on the action (UI goroutine).
func confirmDanger(tr *i18n.Translator, win fyne.Window, title, message, action string, do func()) *dialog.CustomDialog {
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	body := container.NewVScroll(text)
	body.SetMinSize(fyne.NewSize(480, 120))
	d := dialog.NewCustomWithoutButtons(title, body, win)
	safe := widgets.Big(widgets.NewButton(tr.T("confirm.keep"), d.Hide))
	danger := widgets.NewButton(action, func() { d.Hide(); do() })
	danger.Importance = widget.DangerImportance
	d.SetButtons([]fyne.CanvasObject{danger, safe})
	d.Show()
	return d
}

// yesNo is "yes" or "no" in the current language.
func yesNo(tr *i18n.Translator, v bool) string {
	if v {
		return tr.T("common.yes")
	}
	return tr.T("common.no")
}
