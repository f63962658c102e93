package ui

import (
	"time"

	"biokiosk/flow"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// ResultReadTime is how long a result stays on the kiosk before the
// welcome screen returns, so the next person never sees it.
var ResultReadTime = 10 * time.Second

// resultCountdown is the result screen's "Back to the start in N s"
// line; it counts down once a second and then shows the welcome screen
// (UI goroutine).
func (k *Kiosk) resultCountdown(flow.Result) fyne.CanvasObject {
	k.resultGen++
	gen, shown := k.gen, k.resultGen
	left := int((ResultReadTime + time.Second - 1) / time.Second)
	label := widget.NewLabelWithStyle(k.tr.T("result.countdown", left), fyne.TextAlignCenter, fyne.TextStyle{})
	var tick func()
	tick = func() {
		if k.gen != gen || k.resultGen != shown || k.screen != ScreenResult || k.holdResult {
			return // the person moved on or tried again (or screenshots hold it)
		}
		left--
		if left <= 0 {
			k.Attract()
			return
		}
		label.SetText(k.tr.T("result.countdown", left))
		time.AfterFunc(time.Second, func() { k.do(tick) })
	}
	time.AfterFunc(ResultReadTime-time.Duration(left-1)*time.Second, func() { k.do(tick) })
	return label
}
