package kiosk

import (
	"biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/widgets"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ScreenAccess is the kiosk's accessibility choices: speech, large text,
// high contrast, for this session.
const ScreenAccess flowscreen.Screen = "access"

// AccessHold is how long a press held anywhere on the welcome screen
// takes to turn speech on.
var AccessHold = 3 * time.Second

// access is one session's accessibility choices.
type access struct {
	speech, large, contrast bool
	// sayNumber is the person's explicit choice to hear their customer
	// number (the digits typed, the number registered) on the kiosk's
	// speaker; off, speech says how many digits, never which
	// (EN 301 549 5.1.3.9).
	sayNumber bool
	volume    int // percent of the usual loudness (0: 100)
}

// Access is this session's accessibility (UI goroutine; for tests).
func (k *App) Access() (speech, largeText, highContrast bool) {
	return k.access.speech, k.access.large, k.access.contrast
}

// setAccess applies a session's choices: the theme at once, speech from
// the next text on.
func (k *App) setAccess(a access) {
	changed := a.large != k.access.large || a.contrast != k.access.contrast
	k.access = a
	if k.speaker != nil {
		vol := a.volume
		if vol == 0 {
			vol = 100
		}
		k.speaker.SetVolume(vol)
	}
	th := k.base
	th.LargeText = th.LargeText || a.large
	th.HighContrast = th.HighContrast || a.contrast
	if cur, ok := fyne.CurrentApp().Settings().Theme().(widgets.Theme); changed || !ok || cur != th {
		fyne.CurrentApp().Settings().SetTheme(th)
	}
}

// showAccess shows the three choices, each on or off by itself, applied
// as they are ticked; Done returns to the welcome screen.
func (k *App) showAccess() {
	k.touch()
	var speech, number, large, contrast *widgets.Check
	changed := func(c **widgets.Check, set func(*access, bool)) func(bool) {
		return func(on bool) {
			k.touch()
			a := k.access
			set(&a, on)
			k.setAccess(a)
			if *c != nil {
				k.SayHint(k.checkState(*c))
			}
			if c != &speech && c != &number {
				k.showAccess() // rebuilt in the new size and colours
			}
		}
	}
	speech = widgets.NewCheck(k.tr.T("a11y.speech"), changed(&speech, func(a *access, on bool) { a.speech = on }))
	number = widgets.NewCheck(k.tr.T("a11y.say_number"), changed(&number, func(a *access, on bool) { a.sayNumber = on }))
	large = widgets.NewCheck(k.tr.T("a11y.large"), changed(&large, func(a *access, on bool) { a.large = on }))
	contrast = widgets.NewCheck(k.tr.T("a11y.contrast"), changed(&contrast, func(a *access, on bool) { a.contrast = on }))
	// Set without the callbacks: showing the state is not a change.
	for c, on := range map[*widgets.Check]bool{speech: k.access.speech, number: k.access.sayNumber, large: k.access.large, contrast: k.access.contrast} {
		f := c.OnChanged
		c.OnChanged = nil
		c.SetChecked(on)
		c.OnChanged = f
	}
	louder := widgets.NewButton(k.tr.T("a11y.louder"), func() { k.changeVolume(core.VolumeStep) })
	quieter := widgets.NewButton(k.tr.T("a11y.quieter"), func() { k.changeVolume(-core.VolumeStep) })
	note := widget.NewLabel(k.tr.T("a11y.note"))
	note.Wrapping = fyne.TextWrapWord
	done := widgets.Big(widgets.NewButton(k.tr.T("a11y.done"), k.showAttract))
	k.Show(ScreenAccess, container.New(widgets.CapWidth{Max: 800}, container.NewVBox(widgets.Title(k.tr.T("a11y.title")), note, widgets.WrapCheck(speech), container.NewGridWithColumns(2, quieter, louder), widgets.WrapCheck(number), widgets.WrapCheck(large), widgets.WrapCheck(contrast), done)))
	k.Announce(k.tr.T("a11y.title"), k.tr.T("a11y.note"), k.checkState(speech), k.checkState(number), k.checkState(large), k.checkState(contrast), k.tr.T("a11y.keys.access"))
}

// speechByGesture turns speech on from the welcome screen's long press.
func (k *App) speechByGesture() {
	if k.Screen() != flowscreen.ScreenAttract && k.Screen() != ScreenAccess {
		return
	}
	k.speechOn_()
}

// speechOn_ turns speech on for this session and says where the person
// is (the + key, the long press).
func (k *App) speechOn_() {
	k.touch()
	a := k.access
	a.speech = true
	k.setAccess(a)
	k.RepeatAfter(k.tr.T("a11y.speech_on"))
}

// checkState is a check box's name and state, for speech.
func (k *App) checkState(c *widgets.Check) string {
	state := k.tr.T("a11y.off")
	if c.Checked {
		state = k.tr.T("a11y.on")
	}
	return k.tr.T("a11y.check", c.Label(), state)
}

// typedKey is the kiosk's keyboard and keypad (EPP: digits, Enter,
// Cancel, Clear) when no control has the focus, and every key a focused
// control does not use: Enter does the screen's main action, Escape
// (Cancel) goes back or stops, Backspace (Clear) takes back a digit,
// Delete clears the number, the arrows move the focus, F1 repeats, F2
// turns speech on.
func (k *App) typedKey(ev *fyne.KeyEvent) {
	if k.IdleWarningShown() {
		k.touch() // the key only says "I am here"
		k.Repeat()
		return
	}
	k.touch()
	c := k.win.Canvas()
	switch ev.Name {
	case fyne.KeyEscape:
		k.escape()
	case fyne.KeyEnter, fyne.KeyReturn:
		k.enter()
	case fyne.KeyBackspace:
		if k.Screen() == flowscreen.ScreenCustomerNumber && !k.overlayUp() {
			k.key("⌫")
		}
	case fyne.KeyDelete:
		if k.Screen() == flowscreen.ScreenCustomerNumber && !k.overlayUp() {
			k.key("C")
		}
	case fyne.KeyF1:
		k.repeatOrOn()
	case fyne.KeyF2:
		k.speechOn_()
	case fyne.KeyF3:
		k.stopSpeech()
	case fyne.KeyF5:
		k.changeVolume(-core.VolumeStep)
	case fyne.KeyF6:
		k.changeVolume(core.VolumeStep)
	case fyne.KeyDown, fyne.KeyRight:
		c.FocusNext()
	case fyne.KeyUp, fyne.KeyLeft:
		c.FocusPrevious()
	}
}

// typedRune takes the keypad's digits (the customer number), * (repeat)
// and + (speech on).
func (k *App) typedRune(r rune) {
	if k.IdleWarningShown() {
		k.touch() // the key only says "I am here"
		k.Repeat()
		return
	}
	k.touch()
	switch {
	case r >= '0' && r <= '9':
		if k.Screen() == flowscreen.ScreenCustomerNumber && !k.overlayUp() {
			k.key(string(r))
			return
		}
	case r == '*':
		k.repeatOrOn()
		return
	case r == '+':
		k.speechOn_()
		return
	case r == '#':
		k.stopSpeech()
		return
	}
	if !k.access.speech && k.Screen() == flowscreen.ScreenAttract && k.speaker != nil {
		// Someone is trying keys on a silent kiosk: say how to turn
		// speech on (once per key, in the current language).
		k.speaker.Say(k.tr.Language(), k.tr.T("a11y.how"))
	}
}

// changeVolume makes speech louder or quieter for this session and says
// how loud it is now.
func (k *App) changeVolume(by int) {
	k.touch()
	a := k.access
	if a.volume == 0 {
		a.volume = 100
	}
	a.volume = min(core.MaxVolume, max(core.MinVolume, a.volume+by))
	k.setAccess(a)
	if k.speaker != nil && k.access.speech {
		k.speaker.Say(k.tr.Language(), k.tr.T("a11y.volume", a.volume))
	}
}

// stopSpeech silences what is being said (# or F3); the next screen or
// key speaks again.
func (k *App) stopSpeech() {
	if k.speaker != nil {
		k.speaker.Stop()
	}
}

// repeatOrOn repeats the screen, turning speech on first when it is off.
func (k *App) repeatOrOn() {
	if !k.access.speech {
		k.speechOn_()
		return
	}
	k.Repeat()
}

// enter does the screen's main action.
func (k *App) enter() {
	if k.overlayUp() {
		k.dismissOverlay() // "keep going", "more time"
		k.Repeat()
		return
	}
	switch k.Screen() {
	case flowscreen.ScreenAttract:
		k.Consent()
	case ScreenAccess:
		k.showAttract()
	case flowscreen.ScreenConsent:
		if b := widgets.FindButton(k.Root(), k.tr.T("consent.agree")); b != nil {
			b.OnTapped()
		}
	case flowscreen.ScreenCustomerNumber:
		k.submitCustomerNumber()
	case flowscreen.ScreenReview:
		k.ReviewAnswer(false)
	case flowscreen.ScreenResult:
		if k.OnDone != nil {
			k.OnDone(k.Result())
		}
	}
}

// escape goes back or stops: a step in progress asks first.
func (k *App) escape() {
	if k.overlayUp() {
		if k.warnGen == 0 {
			k.Attract() // Cancel twice: stop
			return
		}
		k.dismissOverlay()
		k.Repeat()
		return
	}
	switch k.Screen() {
	case ScreenAccess, flowscreen.ScreenConsent, flowscreen.ScreenResult:
		k.Attract()
	case flowscreen.ScreenCustomerNumber:
		if k.Mode() == flowscreen.ModeVerify {
			k.Attract()
		} else {
			k.Consent()
		}
	case flowscreen.ScreenFace, flowscreen.ScreenVoice, flowscreen.ScreenDocument, flowscreen.ScreenReview, flowscreen.ScreenWorking:
		k.confirmCancel()
	}
}

// confirmCancel asks before a step in progress is given up: "Keep
// going" is the highlighted, safe choice (UI goroutine).
func (k *App) confirmCancel() {
	k.touch()
	keep := widgets.Big(widgets.NewButton(k.tr.T("a11y.cancel.keep"), func() { k.dismissOverlay(); k.Repeat() }))
	stop := widgets.NewButton(k.tr.T("a11y.cancel.stop"), k.Attract)
	stop.Importance = widget.DangerImportance
	msg := k.tr.T("a11y.cancel.ask")
	k.showOverlay(0, msg, container.NewGridWithColumns(2, keep, stop))
	k.Say(core.JoinSpoken(msg, k.tr.T("a11y.keys.cancel")))
}

// idleWarning asks "Do you need more time?" before an idle session goes
// back to the welcome screen: shown and said for IdleWarning, counting
// down; any touch or key keeps the session (UI goroutine).
func (k *App) idleWarning() {
	switch k.Screen() {
	case flowscreen.ScreenAttract, flowscreen.ScreenOutOfService:
		return
	}
	if k.settings.IdleWarning() <= 0 {
		k.Attract()
		return
	}
	k.warnGen++
	gen := k.warnGen
	left := int(k.settings.IdleWarning() / time.Second)
	count := widget.NewLabelWithStyle(k.tr.T("a11y.idle.left", left), fyne.TextAlignCenter, fyne.TextStyle{})
	more := widgets.Big(widgets.NewButton(k.tr.T("a11y.idle.more"), func() { k.touch(); k.Repeat() }))
	k.showOverlay(gen, k.tr.T("a11y.idle.ask"), container.NewVBox(container.NewCenter(more), count))
	k.Say(core.JoinSpoken(k.tr.T("a11y.idle.ask"), k.tr.T("a11y.idle.left", left), k.tr.T("a11y.keys.idle")))
	var tick func()
	tick = func() {
		if k.warnGen != gen || !k.overlayUp() {
			return // answered, or the screen changed under it
		}
		left--
		if left <= 0 {
			k.Attract()
			return
		}
		count.SetText(k.tr.T("a11y.idle.left", left))
		time.AfterFunc(time.Second, func() { k.do(tick) })
	}
	time.AfterFunc(time.Second, func() { k.do(tick) })
}

// IdleWarningShown says the idle warning is up (UI goroutine; tests).
func (k *App) IdleWarningShown() bool { return k.overlayUp() && k.warnGen > 0 }

// overlayUp says a question is over the screen now (a new screen takes
// it down).
func (k *App) overlayUp() bool {
	n := len(k.Root().Objects)
	return k.overlay != nil && n > 1 && k.Root().Objects[n-1] == k.overlay
}

// showOverlay lays a question over the screen, on a backdrop that takes
// every touch (a touch anywhere keeps the session); warn is the idle
// warning's number (0 for a confirmation).
func (k *App) showOverlay(warn int, question string, buttons fyne.CanvasObject) {
	k.dismissOverlay()
	k.warnGen = warn
	backdrop := canvas.NewRectangle(color.NRGBA{A: 0xd8})
	q := widget.NewLabelWithStyle(question, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	q.Wrapping = fyne.TextWrapWord
	q.SizeName = theme.SizeNameSubHeadingText
	panel := container.NewStack(canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground)), container.NewPadded(container.NewVBox(q, buttons)))
	k.overlay = container.NewStack(backdrop, widgets.NewTapArea(func() { k.touch() }), container.NewCenter(container.New(widgets.CapWidth{Max: 700}, panel)))
	// The screen under it is hidden, so that the focus moves only
	// among the question's answers.
	if len(k.Root().Objects) > 0 {
		k.Root().Objects[0].Hide()
	}
	k.Root().Add(k.overlay)
	if k.win.Canvas().Focused() != nil {
		k.win.Canvas().Unfocus()
	}
	k.WireFocus(k.overlay)
}

// dismissOverlay takes the question down.
func (k *App) dismissOverlay() {
	if k.overlay == nil {
		return
	}
	up := k.overlayUp()
	k.Root().Remove(k.overlay)
	if up && len(k.Root().Objects) > 0 {
		k.Root().Objects[0].Show()
	}
	k.overlay, k.warnGen = nil, 0
}

// screenScale lays the kiosk out over the whole window and grows the
// theme's scale with the screen: the start-up scale is for 1024×768, a
// 1920×1080 screen gets 1.4 times it (the smaller of the two ratios, so
// a portrait 1080×1920 kiosk keeps its width's scale), and the current
// welcome or choice screen is built again at the new size.
type screenScale struct{ k *App }

func (s *screenScale) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}

func (s *screenScale) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	k := s.k
	if k.scale0 <= 0 || size.Width <= 0 || size.Height <= 0 {
		return
	}
	want := k.scale0 * max(1, min(size.Width/1024, size.Height/768))
	if d := want - k.base.Scale; d > -0.05*k.scale0 && d < 0.05*k.scale0 {
		return
	}
	k.base.Scale = want
	k.do(func() {
		k.setAccess(k.access)
		switch k.Screen() {
		case flowscreen.ScreenAttract:
			k.showAttract()
		case ScreenAccess:
			k.showAccess()
		}
	})
}
