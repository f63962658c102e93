package kiosk

import (
	"time"

	"biokiosk/flow"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// ResultReadTime, when not zero, replaces the Settings' ResultTime: how
// long a result stays on the kiosk before the welcome screen returns, so
// the next person never sees it.
var ResultReadTime time.Duration

// deviceOrServer are the failures after which the kiosk checks itself
// again before it invites the next person.
var deviceOrServer = map[flow.Code]bool{
	flow.CodeCameraUnavailable: true, flow.CodeCameraFailed: true, flow.CodeMicUnavailable: true,
	flow.CodeServerUnreachable: true, flow.CodeSetupFailed: true,
}

// resultCountdown is the result screen's "Back to the start in N s"
// line; it counts down once a second and then shows the welcome screen
// (UI goroutine).
func (k *App) resultCountdown(r flow.Result) fyne.CanvasObject {
	k.recheck = k.recheck || (r.Error != nil && deviceOrServer[r.Error.Code])
	k.resultGen++
	gen, shown := k.Gen(), k.resultGen
	read := k.settings.ResultTime()
	if ResultReadTime > 0 {
		read = ResultReadTime
	}
	left := int((read + time.Second - 1) / time.Second)
	label := widget.NewLabelWithStyle(k.tr.T("result.countdown", left), fyne.TextAlignCenter, fyne.TextStyle{})
	// The person can ask for more time, as often as they need.
	more := widgets.NewButton(k.tr.T("a11y.result.more"), func() {
		k.touch()
		left += int((read + time.Second - 1) / time.Second)
		label.SetText(k.tr.T("result.countdown", left))
		k.SayHint(label.Text)
	})
	var tick func()
	tick = func() {
		if k.Gen() != gen || k.resultGen != shown || k.Screen() != flowscreen.ScreenResult || k.holdResult {
			return // the person moved on or tried again (or screenshots hold it)
		}
		if k.Speaking() && k.speaker.Speaking() {
			// Still being read out: the time starts once it is said.
			time.AfterFunc(time.Second, func() { k.do(tick) })
			return
		}
		left--
		if left <= 0 {
			k.Attract()
			return
		}
		label.SetText(k.tr.T("result.countdown", left))
		time.AfterFunc(time.Second, func() { k.do(tick) })
	}
	time.AfterFunc(read-time.Duration(left-1)*time.Second, func() { k.do(tick) })
	return container.NewVBox(label, container.NewCenter(more))
}
