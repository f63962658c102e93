package flowscreen

import (
	"biokiosk/flow"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// outcomeIcon is the result screen's large sign of how it went: a green
// tick for a success, an amber warning for what the person can put right
// or ask about (a failure, a face not confirmed, a number taken), an
// information sign for a step abandoned.
func outcomeIcon(o flow.Outcome) *canvas.Image {
	res, col := theme.WarningIcon(), theme.ColorNameWarning
	switch {
	case o.Success():
		res, col = theme.ConfirmIcon(), theme.ColorNameSuccess
	case o == flow.OutcomeAbandoned:
		res, col = theme.InfoIcon(), theme.ColorNamePrimary
	}
	img := canvas.NewImageFromResource(theme.NewColoredResource(res, col))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(96, 96))
	return img
}
