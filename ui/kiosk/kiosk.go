package kiosk

import (
	"log/slog"
	"strings"
	"sync"
	"time"

	"biokiosk/capture/face/faceresult"
	"biokiosk/flow"
	"biokiosk/logging"
	"biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// App is the kiosk, the customer-facing registration: attract screen with the
// language choice, consent, customer number on an on-screen keypad, then
// the flow's face and voice steps and the result; idle time returns to
// the attract screen (the flow restarts the user's state on the server).
type App struct {
	*flowscreen.Panel
	// do, svc, tr, settings and speaker are what the panel runs on too.
	do       flowscreen.Loop
	svc      core.Services
	tr       *i18n.Translator
	settings *core.Settings
	speaker  core.Speaker
	win      fyne.Window
	idle     *idleTimer
	ref      *widget.Entry
	refError *widget.Label
	taps     []time.Time
	onExit   func()
	checkGen int // the self-check running now
	// resultGen counts the results shown (one countdown each);
	// holdResult stops the countdowns (screenshots).
	resultGen  int
	holdResult bool
	// recheck: a device or the server failed a session, so the welcome
	// screen runs the self-check again first.
	recheck bool
	// access is this session's accessibility: speech, large text, high
	// contrast (the staff's defaults until the customer changes them).
	access access
	// base is the theme the app started with, its scale grown with the
	// screen (screenScale); the session's choices apply over it. scale0
	// is the scale it started with, for a 1024×768 screen.
	base   widgets.Theme
	scale0 float32
	// overlay is the confirmation or idle warning shown over the screen
	// (nil for none); warnGen counts the idle warnings.
	overlay fyne.CanvasObject
	warnGen int
	// consented and voice are this customer's answers on the consent
	// screen: the data-handling text agreed, the voice step opted in.
	consented, voice bool
	// VoiceOptIn is the consent screen's "also my voice" box.
	VoiceOptIn *widgets.Check
	// VerifyVoice is a verification's "also confirm with my voice" box,
	// on the number screen or under a taken-number result (nil until
	// shown; hidden where the voice step is off or the back end has no
	// voice).
	VerifyVoice *widgets.Check
	// PINDialog is the last staff PIN dialog shown (for tests).
	PINDialog *dialog.ConfirmDialog
}

// New builds the kiosk in win. onExit runs after a correct PIN on
// the hidden staff gesture (five taps in the top-left corner within
// three seconds). do runs UI work (nil: fyne.Do).
func New(win fyne.Window, do flowscreen.Loop, svc core.Services, tr *i18n.Translator, st *core.Settings, speak core.Speaker, onExit func()) *App {
	do = do.OrFyne()
	k := &App{Panel: flowscreen.New(do, svc, tr, st, speak, flowscreen.ModeRegister), do: do, svc: svc, tr: tr, settings: st, speaker: speak, win: win, onExit: onExit}
	k.SpeechOn = func() bool { return k.access.speech }
	// Only when the person chose it for their session (EN 301 549 5.1.3.9).
	k.NumberAloud = func() bool { return k.access.sayNumber }
	k.base = widgets.Theme{Scale: 1}
	if t, ok := fyne.CurrentApp().Settings().Theme().(widgets.Theme); ok {
		k.base = t
	}
	k.scale0 = k.base.Scale
	k.Review = true
	// The customer's voice is their own opt-in (the consent screen's
	// box): a registration whose voice gets no usable sample keeps the face.
	k.VoiceOptional = true
	k.idle = &idleTimer{d: st.IdleTimeout(), f: k.idleWarning, do: k.do}
	win.Canvas().SetOnTypedKey(k.typedKey)
	win.Canvas().SetOnTypedRune(k.typedRune)
	k.OnDone = func(flow.Result) { k.Attract() }
	// Anyone who changes their mind (and says so twice: confirmCancel),
	// or walks away, ends at the welcome screen with their flow
	// cancelled; a face in front of the camera and the flow's own events
	// count as someone still there.
	k.OnActivity = k.touch
	k.Preview().OnFrame(func(a *faceresult.Analysis) {
		if len(a.Faces) > 0 {
			k.touch()
		}
	})
	k.ResultFooter = k.resultCountdown
	k.OnCancel = k.confirmCancel
	k.Extra = k.verifyInstead
	corner := widgets.NewButton("   ", k.cornerTap)
	corner.Importance = widget.LowImportance
	win.SetContent(container.New(&screenScale{k: k}, container.NewBorder(container.NewHBox(corner), nil, nil, nil, k.Root())))
	k.Attract()
	k.SelfCheck()
	return k
}

// touch counts as the person still there: it restarts the idle time and
// takes down the idle warning.
func (k *App) touch() {
	if k.IdleWarningShown() {
		k.dismissOverlay()
	}
	k.idle.Reset()
}

// Attract shows the welcome screen with the language choice.
func (k *App) Attract() {
	k.idle.Stop()
	k.Abandon()
	k.consented = false
	k.SetMode(flowscreen.ModeRegister)
	k.voice = false
	k.tr.SetLanguage(k.settings.Language())
	k.dismissOverlay()
	// The next person starts with the staff's defaults.
	k.setAccess(access{speech: k.settings.SpokenGuidance(), large: k.settings.LargeText(), contrast: k.settings.HighContrast()})
	k.showAttract()
	if k.recheck {
		k.recheck = false
		k.SelfCheck()
	}
}

func (k *App) showAttract() {
	var langs *fyne.Container = container.NewHBox()
	if k.access.large {
		langs = container.NewGridWithColumns(2) // four names in large text do not fit a 1024 px row
	}
	for _, code := range i18n.Languages {
		code := code
		b := widgets.NewButton(i18n.LanguageNames[code], func() {
			k.touch()
			k.tr.SetLanguage(code)
			k.showAttract()
		})
		if code == k.tr.Language() {
			// Chosen: a tick as well as the colour (WCAG 1.4.1).
			b.Importance = widget.HighImportance
			b.Icon = theme.ConfirmIcon()
		}
		langs.Add(b)
	}
	sub := widget.NewLabelWithStyle(k.tr.T("attract.subtitle"), fyne.TextAlignCenter, fyne.TextStyle{})
	sub.Wrapping = fyne.TextWrapWord
	start := widgets.Big(widgets.NewButton(k.tr.T("attract.start"), k.Consent))
	verify := widgets.Big(widgets.NewButton(k.tr.T("attract.verify"), k.Verify))
	// One obvious control for speech, large text and high contrast; the
	// keypad's + key and a long press anywhere turn speech on.
	accessBtn := widgets.NewIconButton(k.tr.T("a11y.button"), theme.VisibilityIcon(), k.showAccess)
	how := widget.NewLabelWithStyle(k.tr.T("a11y.how"), fyne.TextAlignCenter, fyne.TextStyle{})
	how.Wrapping = fyne.TextWrapWord
	content := container.NewCenter(container.New(widgets.CapWidth{Max: 900}, container.NewVBox(widgets.Title(k.tr.T("attract.title")), sub, container.NewGridWithColumns(2, start, verify),
		accessBtn, how, widget.NewLabelWithStyle(k.tr.T("attract.language"), fyne.TextAlignCenter, fyne.TextStyle{}), container.NewCenter(langs))))
	k.Show(flowscreen.ScreenAttract, container.NewStack(widgets.NewHoldArea(AccessHold, k.do, k.speechByGesture), content))
	k.Announce(k.tr.T("attract.title"), k.tr.T("attract.subtitle"), k.tr.T("a11y.keys.attract"))
}

// Consent shows the data-handling text with Agree / Decline.
func (k *App) Consent() {
	k.touch()
	consent := k.tr.T("consent.text")
	if k.settings.DocumentStep() != "" && k.svc.Capabilities().Document {
		consent += "\n\n" + k.tr.T("consent.document")
	}
	text := widget.NewLabel(consent)
	text.Wrapping = fyne.TextWrapWord
	// The voice step is its own choice: unticked until the person ticks it.
	k.VoiceOptIn = widgets.NewCheck(k.tr.T("consent.voice"), func(on bool) { k.touch(); k.SayHint(k.checkState(k.VoiceOptIn)) })
	if !k.settings.VoiceStep() || !k.svc.Capabilities().Voice {
		k.VoiceOptIn.Hide()
	}
	agree := widgets.Big(widgets.NewButton(k.tr.T("consent.agree"), func() {
		k.consented = true
		k.voice = k.VoiceOptIn.Visible() && k.VoiceOptIn.Checked
		k.Reference()
	}))
	decline := widgets.NewButton(k.tr.T("consent.decline"), k.Attract)
	k.Show(flowscreen.ScreenConsent, container.NewBorder(widgets.Title(k.tr.T("consent.title")), container.NewVBox(widgets.WrapCheck(k.VoiceOptIn), container.NewGridWithColumns(2, decline, agree)), nil, nil,
		container.NewVScroll(text)))
	voice := ""
	if k.VoiceOptIn.Visible() {
		voice = k.tr.T("a11y.consent.voice", k.tr.T("consent.voice"))
	}
	k.Announce(k.tr.T("consent.title"), consent, voice, k.tr.T("a11y.keys.consent"))
}

// Verify starts a verification: the customer number, then the face
// against that customer's enrolment and, when the person ticks the box,
// their voice.
func (k *App) Verify() {
	k.SetMode(flowscreen.ModeVerify)
	k.voice, k.consented = false, false
	k.Reference()
}

// verifyInstead, under a taken-number result, verifies that number.
func (k *App) verifyInstead(r flow.Result) fyne.CanvasObject {
	if r.Outcome != flow.OutcomeAlreadyRegistered || r.CustomerNumber == "" {
		return nil
	}
	ref := r.CustomerNumber
	check := k.verifyVoiceCheck()
	b := widgets.NewButton(k.tr.T("verify.instead"), func() {
		k.touch()
		k.SetMode(flowscreen.ModeVerify)
		k.Start(flowscreen.Request{CustomerNumber: ref, Voice: k.verifyVoice()})
	})
	if !check.Visible() {
		return b
	}
	return container.NewVBox(container.NewCenter(b), widgets.WrapCheck(check))
}

// verifyVoiceCheck is a new "also confirm with my voice" box: unticked,
// and shown only when the kiosk's voice step is on and the back end has
// voice biometrics.
func (k *App) verifyVoiceCheck() *widgets.Check {
	k.VerifyVoice = widgets.NewCheck(k.tr.T("verify.voice"), func(bool) { k.touch(); k.SayHint(k.checkState(k.VerifyVoice)) })
	if !k.settings.VoiceStep() || !k.svc.Capabilities().Voice {
		k.VerifyVoice.Hide()
	}
	return k.VerifyVoice
}

// verifyVoice says the person ticked the voice box shown to them.
func (k *App) verifyVoice() bool {
	return k.VerifyVoice != nil && k.VerifyVoice.Visible() && k.VerifyVoice.Checked
}

// Reference asks for the customer number on an on-screen keypad.
func (k *App) Reference() {
	k.touch()
	k.ref = widget.NewEntry()
	k.ref.SetPlaceHolder("0000000")
	k.ref.OnChanged = func(t string) {
		k.touch()
		// Digits only, as the keypad types them.
		if d := digitsOnly(t); d != t {
			k.ref.SetText(d)
		}
	}
	k.ref.OnSubmitted = func(string) { k.submitCustomerNumber() }
	k.refError = widget.NewLabel("")
	k.refError.Importance = widget.WarningImportance
	keys := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		d := d
		keys.Add(widgets.NewButton(d, func() { k.key(d) }))
	}
	keys.Add(widgets.NewButton(k.tr.T("ref.delete"), func() { k.key("⌫") }))
	keys.Add(widgets.NewButton("0", func() { k.key("0") }))
	keys.Add(widgets.NewButton(k.tr.T("ref.clear"), func() { k.key("C") }))
	minD, maxD := k.settings.RefDigits()
	cont := widgets.Big(widgets.NewButton(k.tr.T("ref.continue"), k.submitCustomerNumber))
	back := widgets.NewIconButton(k.tr.T("step.back"), theme.NavigateBackIcon(), k.Consent)
	heading := k.tr.T("ref.title")
	if k.Mode() == flowscreen.ModeVerify {
		back.OnTapped = k.Attract // no consent screen before a verification
		heading = k.tr.T("verify.title")
	}
	hint := widget.NewLabel(k.tr.T("ref.hint") + " " + k.tr.T("a11y.ref.length", minD, maxD))
	hint.Wrapping = fyne.TextWrapWord
	rows := []fyne.CanvasObject{widgets.Title(heading), hint, k.ref, k.refError}
	if k.Mode() == flowscreen.ModeVerify {
		// The voice is the person's choice here too: unticked until ticked.
		rows = append(rows, widgets.WrapCheck(k.verifyVoiceCheck()))
	}
	rows = append(rows, container.NewGridWithColumns(2, back, cont))
	// The keypad under the text, or beside it where the screen is not
	// high enough (large text on a landscape screen).
	k.Show(flowscreen.ScreenCustomerNumber, container.New(widgets.CapWidth{Max: 700}, container.New(widgets.FitLayout{}, container.NewVBox(rows...), keys)))
	private := ""
	if !k.access.sayNumber {
		private = k.tr.T("a11y.ref.private")
	}
	k.Announce(heading, hint.Text, private, k.tr.T("a11y.keys.ref"))
}

// key is one keypad press.
func (k *App) key(d string) {
	k.touch()
	_, maxD := k.settings.RefDigits()
	said := d
	switch d {
	case "⌫":
		if t := k.ref.Text; t != "" {
			k.ref.SetText(t[:len(t)-1])
		}
		said = k.tr.T("ref.delete")
	case "C":
		k.ref.SetText("")
		said = k.tr.T("ref.clear")
	default:
		if len(k.ref.Text) >= maxD {
			k.SayHint(k.tr.T("a11y.ref.full", maxD))
			return
		}
		k.ref.SetText(k.ref.Text + d)
	}
	k.refError.SetText("")
	if k.ref.Text == "" {
		k.SayHint(core.JoinSpoken(said, k.tr.T("a11y.ref.empty_now")))
		return
	}
	if !k.access.sayNumber {
		// Private (EN 301 549 5.1.3.9): how many digits, never which.
		if said == d {
			k.SayHint(k.tr.T("a11y.ref.digit", len(k.ref.Text), maxD))
			return
		}
		k.SayHint(core.JoinSpoken(said, k.tr.T("a11y.ref.count", len(k.ref.Text))))
		return
	}
	k.SayHint(core.JoinSpoken(said, k.tr.T("a11y.ref.so_far", core.SpokenDigits(k.ref.Text))))
}

// digitsOnly keeps the ASCII digits of s.
func digitsOnly(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func (k *App) submitCustomerNumber() {
	ref := strings.TrimSpace(k.ref.Text)
	minD, maxD := k.settings.RefDigits()
	switch {
	case ref == "":
		k.refError.SetText(k.tr.T("ref.empty"))
	case len(ref) < minD || len(ref) > maxD || digitsOnly(ref) != ref:
		k.refError.SetText(k.tr.T("a11y.ref.invalid", minD, maxD))
	}
	if k.refError.Text != "" {
		k.SayHint(k.refError.Text)
		return
	}
	k.touch()
	r := flowscreen.Request{CustomerNumber: ref}
	switch k.Mode() {
	case flowscreen.ModeRegister:
		r.Document, r.Voice, r.Consented = k.settings.DocumentStep(), k.voice, k.consented
	case flowscreen.ModeVerify:
		r.Voice = k.verifyVoice()
	}
	k.consented = false // asked again for the next person
	k.Start(r)
}

// cornerTap counts taps on the hidden corner; five within three seconds
// ask for the staff PIN.
func (k *App) cornerTap() {
	now := time.Now()
	k.taps = append(k.taps, now)
	var recent []time.Time
	for _, t := range k.taps {
		if now.Sub(t) <= 3*time.Second {
			recent = append(recent, t)
		}
	}
	k.taps = recent
	if len(recent) < 5 {
		return
	}
	k.taps = nil
	k.askPIN()
}

// askPIN asks for the staff PIN on an on-screen keypad (a kiosk has no
// keyboard); the right PIN leaves kiosk mode.
func (k *App) askPIN() {
	pin := widget.NewPasswordEntry()
	keys := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"} {
		d := d
		keys.Add(widgets.NewButton(d, func() {
			switch d {
			case "⌫":
				if t := pin.Text; t != "" {
					pin.SetText(t[:len(t)-1])
				}
			case "C":
				pin.SetText("")
			default:
				pin.SetText(pin.Text + d)
			}
		}))
	}
	k.PINDialog = dialog.NewCustomConfirm(k.tr.T("admin.title"), k.tr.T("admin.exit"), k.tr.T("step.cancel"),
		container.NewVBox(widget.NewLabel(k.tr.T("admin.pin")), pin, keys), func(ok bool) {
			if !ok {
				return
			}
			ok, locked, err := k.settings.TryPIN(pin.Text)
			if err != nil {
				// No PIN in it: the store's path and error. An error, so that
				// the journal's -p err finds a PIN store that cannot be read.
				slog.Error("staff PIN store", logging.Err, err)
			}
			if locked > 0 {
				dialog.ShowInformation(k.tr.T("admin.title"), k.tr.T("admin.locked", int(locked.Round(time.Second)/time.Second)), k.win)
				return
			}
			if !ok {
				dialog.ShowInformation(k.tr.T("admin.title"), k.tr.T("admin.wrong"), k.win)
				return
			}
			k.Cancel()
			k.idle.Stop()
			// The staff app has keys of its own.
			k.win.Canvas().SetOnTypedKey(nil)
			k.win.Canvas().SetOnTypedRune(nil)
			if k.onExit != nil {
				k.onExit()
			}
		}, k.win)
	k.PINDialog.Show()
}

// idleTimer calls f after d unless reset; it runs f on the UI goroutine.
type idleTimer struct {
	mu sync.Mutex
	t  *time.Timer
	d  time.Duration
	f  func()
	do flowscreen.Loop
}

func (it *idleTimer) Reset() {
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.t != nil {
		it.t.Stop()
	}
	it.t = time.AfterFunc(it.d, func() { it.do(it.f) })
}

func (it *idleTimer) Stop() {
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.t != nil {
		it.t.Stop()
	}
}
