package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// FindButton is the button labelled text under obj (in containers,
// scrolls and forms), or nil: what the screenshot walk and the tests tap.
func FindButton(obj fyne.CanvasObject, text string) *widget.Button {
	switch o := obj.(type) {
	case *widget.Button:
		if o.Text == text {
			return o
		}
	case *Button:
		if o.Text == text && o.Visible() {
			return &o.Button
		}
	case *fyne.Container:
		for _, c := range o.Objects {
			if b := FindButton(c, text); b != nil {
				return b
			}
		}
	case *container.Scroll:
		return FindButton(o.Content, text)
	case *widget.Form:
		for _, it := range o.Items {
			if b := FindButton(it.Widget, text); b != nil {
				return b
			}
		}
	}
	return nil
}
