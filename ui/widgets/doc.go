// Package widgets holds the kiosk's own Fyne widgets, each owning its
// state: the face preview with its oval guide, the document preview with
// its card frame, and the masks they draw; the buttons and check boxes
// for keys as well as fingers, with their focus ring, the layouts that
// fit a screen, and the theme (palette, scale, large text, high
// contrast). Frames reach the previews from the capture goroutines
// through Push; everything else runs on the UI goroutine.
package widgets

import "fyne.io/fyne/v2"

// orFyne is do, or fyne.Do when do is nil: how a widget runs UI work.
func orFyne(do func(func())) func(func()) {
	if do == nil {
		return fyne.Do
	}
	return do
}
