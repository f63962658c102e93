package flowscreen

import (
	"bytes"
	"context"
	"image/color"
	"image/jpeg"
	"math"
	"strings"
	"sync"
	"time"

	"biokiosk/capture/face/faceresult"
	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Screen names what a session panel shows.
type Screen string

// Screens of a session.
const (
	ScreenAttract        Screen = "attract"
	ScreenConsent        Screen = "consent"
	ScreenCustomerNumber Screen = "reference"
	ScreenWorking        Screen = "working"
	ScreenFace           Screen = "face"
	ScreenReview         Screen = "review"
	ScreenVoice          Screen = "voice"
	ScreenDocument       Screen = "document"
	ScreenResult         Screen = "result"
	// ScreenOutOfService is the kiosk's screen while its start-up
	// self-check fails: for staff, with the reason.
	ScreenOutOfService Screen = "out-of-service"
)

// Mode is what a session panel runs.
type Mode string

// Session modes.
const (
	ModeRegister Mode = "register"
	ModeVerify   Mode = "verify"
	ModeIdentify Mode = "identify"
	ModeAdapt    Mode = "adapt"
	// ModeDocument checks an identity document against the live face
	// (flow.CheckDocument); it enrols nothing.
	ModeDocument Mode = "document"
)

// Panel runs flows and shows their states: the kiosk's whole window, or
// a staff tab. Its methods run on the UI goroutine.
type Panel struct {
	panelConfig
	Room
	panelViews
	// mode is what the next run runs (a staff tab's own; the kiosk's
	// customer chooses it).
	mode Mode
	// run is the run shown now (or last), last the last one started, for
	// Try again.
	run, last Request

	// spoken is what the screen said on arrival, hint the guidance or
	// state said since: "repeat" says both again.
	spoken, hint string
	// hintGen counts the face hints said (the repeat timer's own).
	hintGen int
	answer  chan bool // the review waiting for an answer
	screen  Screen
	// who holds resultWho's lines for finish.
	who []string
	// promptCode is the digits asked for now.
	promptCode string
	fields     string // what the server read, for staff results
	docRefusal string // why the last document was not read
	docCode    string // the document guidance shown (its key)
	// docDwell is the longest countdown of this dwell (its length): the
	// frame's band fills over it.
	docDwell time.Duration
	// gen counts the flows started or abandoned: the events and the
	// result of an abandoned flow are dropped (UI goroutine).
	gen int

	mu     sync.Mutex
	cancel context.CancelFunc
	result flow.Result
}

// Request is one flow to run, as the person or the staff asked for it.
type Request struct {
	CustomerNumber, UserID string
	// Voice includes the voice step (where the back end has one).
	Voice bool
	// Document is the document to check ("" for none; register and
	// document runs).
	Document flow.DocType
	// Consented is the person's answer to the data-handling text (the
	// kiosk's consent screen, the staff's consent dialog); a
	// registration without it ends CONSENT_REQUIRED.
	Consented bool
	// ReplaceFace replaces the face the provider holds (Session.ReplaceFace):
	// the staff's decision, for this run only (Try again does not repeat it).
	ReplaceFace bool
}

// panelConfig is what a panel is built with.
type panelConfig struct {
	do       Loop
	svc      core.Services
	tr       *i18n.Translator
	settings *core.Settings
	speaker  core.Speaker
}

// Room is what the kiosk or the staff app set on their panels: their
// choices and their hooks (nil: none, unless said otherwise).
type Room struct {
	// VoiceOptional says the voice is the person's opt-in (the kiosk's
	// box), not a staff's choice: see Session.VoiceOptional.
	VoiceOptional bool
	// Review shows each photo kept as the person's reference (register,
	// adapt) with Retake / Continue; a photo only compared (verify,
	// identify) goes straight to the server, as the vendors' capture
	// SDKs do.
	Review bool
	// StaffDetail shows a failure's technical detail under its sentence
	// (the staff tabs; never the kiosk).
	StaffDetail bool
	// SpeechOn says whether to speak now: the staff's setting (New's
	// default), or the kiosk customer's choice for their session.
	SpeechOn func() bool
	// NumberAloud says whether the customer number may be said aloud on
	// the speaker (the kiosk customer's explicit choice; nil: never).
	NumberAloud func() bool
	// OnDone runs when the person leaves a result.
	OnDone func(flow.Result)
	// Extra adds a control under a result.
	Extra func(flow.Result) fyne.CanvasObject
	// ResultFooter adds a line under a result's buttons (the kiosk's
	// countdown back to the welcome screen).
	ResultFooter func(flow.Result) fyne.CanvasObject
	// ResultWho names a result's users for staff (each user id with its
	// customer number). It asks the records, so it runs on the flow's
	// goroutine before the result is shown.
	ResultWho func(ctx context.Context, r flow.Result) []string
	// OnActivity runs on each flow event (the kiosk's idle timer);
	// OnCancel on the steps' Cancel button (nil: Cancel, and the result
	// says so).
	OnActivity func()
	OnCancel   func()
}

// panelViews are the panel's widgets: the screen's root, the previews,
// and the voice and document screens' parts (nil until shown).
type panelViews struct {
	root       *fyne.Container
	preview    *widgets.Preview
	docPreview *widgets.DocPreview
	// voice screen
	digits  *canvas.Text
	attempt *widget.Label
	refused *widget.Label
	meter   *widget.ProgressBar
	status  *widget.Label
	// document screen
	docGuide  *canvas.Text
	docStatus *widget.Label
}

// Loop runs UI work on the UI goroutine: fyne.Do in the app. Tests give a
// serial loop of their own, because Fyne's test driver runs fyne.Do on
// the calling goroutine.
type Loop func(func())

// OrFyne is l, or fyne.Do when l is nil.
func (l Loop) OrFyne() Loop {
	if l == nil {
		return fyne.Do
	}
	return l
}

// New is a panel running mode's flows on svc; do runs UI work (nil:
// fyne.Do), speaker (nil: none) reads it aloud when SpeechOn says so.
func New(do Loop, svc core.Services, tr *i18n.Translator, st *core.Settings, speaker core.Speaker, mode Mode) *Panel {
	p := &Panel{panelConfig: panelConfig{do: do.OrFyne(), svc: svc, tr: tr, settings: st, speaker: speaker}, mode: mode}
	p.SpeechOn = st.SpokenGuidance
	p.root = container.NewStack()
	p.preview = widgets.NewPreview(tr, p.do)
	p.docPreview = widgets.NewDocPreview(p.do)
	p.preview.OnGuidance(p.sayGuidance)
	return p
}

// HintRepeat is how often a face hint that still applies is said again
// while the person is out of position: calm, not nagging.
var HintRepeat = 8 * time.Second

// HelpAfter is how many repeats of one face hint come before the kiosk
// offers staff help with it.
const HelpAfter = 3

// Speaking says whether texts are spoken now.
func (p *Panel) Speaking() bool { return p.speaker != nil && p.SpeechOn() }

// Say speaks text now, when speech is on (UI goroutine).
func (p *Panel) Say(text string) {
	if p.Speaking() && strings.TrimSpace(text) != "" {
		p.speaker.Say(p.tr.Language(), text)
	}
}

// Announce says what a screen shows on arrival (its title, its
// instructions, how to use it) and keeps it for "repeat".
func (p *Panel) Announce(parts ...string) {
	p.spoken, p.hint = core.JoinSpoken(parts...), ""
	p.hintGen++
	p.Say(p.spoken)
}

// SayHint says a state that applies now (a face hint, the number typed,
// an error) and keeps it for "repeat".
func (p *Panel) SayHint(text string) {
	p.hint = text
	p.Say(text)
}

// Repeat says the screen and its current state again.
func (p *Panel) Repeat() { p.RepeatAfter("") }

// RepeatAfter says first, then the screen and its current state again.
func (p *Panel) RepeatAfter(first string) { p.Say(core.JoinSpoken(first, p.spoken, p.hint)) }

// Mode is what the next run runs.
func (p *Panel) Mode() Mode { return p.mode }

// SetMode makes m what the next run runs (the kiosk's customer chooses).
func (p *Panel) SetMode(m Mode) { p.mode = m }

// Gen counts the flows started or abandoned: a timer that saw another
// count belongs to a flow gone.
func (p *Panel) Gen() int { return p.gen }

// Root is the panel's content: what a window or a tab shows.
func (p *Panel) Root() *fyne.Container { return p.root }

// Preview is the face preview the face screen shows.
func (p *Panel) Preview() *widgets.Preview { return p.preview }

// DocPreview is the document preview the document screen shows.
func (p *Panel) DocPreview() *widgets.DocPreview { return p.docPreview }

// Last is the run last started (Try again repeats it).
func (p *Panel) Last() Request { return p.last }

// sayGuidance says a face hint as it changes, and again every
// HintRepeat while it still applies and the person is out of position
// (UI goroutine).
func (p *Panel) sayGuidance(c faceresult.Code) {
	p.hintGen++
	gen := p.hintGen
	p.SayHint(p.tr.T("guidance." + string(c)))
	if c == faceresult.OK || c == "" {
		return
	}
	// After HelpAfter repeats of the same hint, the person may not be
	// able to follow it (seated, in a wheelchair, below the camera): the
	// kiosk says what else they can do instead of the same instruction.
	repeats := 0
	var again func()
	again = func() {
		if p.hintGen != gen || (p.screen != ScreenFace) {
			return
		}
		repeats++
		if repeats == HelpAfter {
			p.preview.SetGuidance(p.tr.T("a11y.face.help"))
		}
		if !(p.speaker != nil && p.speaker.Speaking()) {
			if repeats >= HelpAfter {
				p.Say(core.JoinSpoken(p.hint, p.tr.T("a11y.face.help")))
			} else {
				p.Say(p.hint)
			}
		}
		time.AfterFunc(HintRepeat, func() { p.do(again) })
	}
	time.AfterFunc(HintRepeat, func() { p.do(again) })
}

// Screen is what the panel shows now.
func (p *Panel) Screen() Screen { return p.screen }

// Show makes obj the panel's screen s.
func (p *Panel) Show(s Screen, obj fyne.CanvasObject) {
	p.screen = s
	// A control of the screen going away loses the focus: keys must not
	// reach a button no longer shown.
	if c := widgets.CanvasOf(p.root); c != nil && c.Focused() != nil {
		for _, old := range p.root.Objects {
			if holds(old, c.Focused()) {
				c.Unfocus()
				break
			}
		}
	}
	p.root.Objects = []fyne.CanvasObject{obj}
	p.root.Refresh()
	p.WireFocus(obj)
}

// holds says target is obj or under it (in containers and scrolls).
func holds(obj fyne.CanvasObject, target fyne.Focusable) bool {
	if o, ok := obj.(fyne.Focusable); ok && o == target {
		return true
	}
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			if holds(c, target) {
				return true
			}
		}
	case *container.Scroll:
		return holds(o.Content, target)
	}
	return false
}

// WireFocus makes every control under obj say its name (and state) as
// it gains the focus, when speech is on.
func (p *Panel) WireFocus(obj fyne.CanvasObject) {
	switch o := obj.(type) {
	case *widgets.Button:
		o.OnFocus = func(b *widgets.Button) { p.SayHint(p.tr.T("a11y.focus.button", b.Text)) }
	case *widgets.Check:
		o.OnFocus = func(c *widgets.Check) {
			state := p.tr.T("a11y.off")
			if c.Checked {
				state = p.tr.T("a11y.on")
			}
			p.SayHint(p.tr.T("a11y.check", c.Label(), state))
		}
	case *fyne.Container:
		for _, c := range o.Objects {
			p.WireFocus(c)
		}
	case *container.Scroll:
		p.WireFocus(o.Content)
	}
}

func bigText(text string) *canvas.Text {
	t := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
	t.TextSize = 2.2 * theme.Size(theme.SizeNameText)
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.Alignment = fyne.TextAlignCenter
	return t
}

// Start runs r in the background.
func (p *Panel) Start(r Request) {
	p.gen++
	gen := p.gen
	p.run, p.last = r, r
	p.last.ReplaceFace = false // one run only
	mode := p.mode
	// ui runs f on the UI goroutine unless the flow was abandoned since.
	ui := func(f func()) {
		p.do(func() {
			if p.gen == gen {
				f()
			}
		})
	}
	p.Show(ScreenWorking, container.NewCenter(container.NewVBox(widgets.Title(p.tr.T("working")), widget.NewProgressBarInfinite())))
	p.Announce(p.tr.T("working"))
	ctx, cancel := context.WithCancel(context.Background())
	p.mu.Lock()
	p.cancel = cancel
	p.mu.Unlock()
	p.fields = ""
	caps := p.svc.Capabilities()
	sess := core.Session{Flow: flow.Config{Face: true, Voice: r.Voice && caps.Voice, VoiceOptional: p.VoiceOptional, Language: p.tr.Base(), IdleTimeout: p.settings.IdleTimeout() + p.settings.IdleWarning()},
		Camera: p.settings.Camera(), Microphone: p.settings.Microphone(), DocumentCamera: p.settings.DocumentCamera(), Preview: p.preview.Push, DocumentPreview: p.docPreview.Push}
	sess.Sink = p.Sink(ctx, ui)
	if caps.Document && (mode == ModeRegister || mode == ModeDocument) {
		sess.Flow.Document = r.Document
	}
	sess.ReplaceFace = r.ReplaceFace
	go func() {
		defer cancel()
		runner, closeFn, err := p.svc.NewRunner(sess)
		if err != nil {
			res := flow.Result{Outcome: flow.OutcomeFailed, Error: SetupError(err)}
			ui(func() { p.Finish(res) })
			return
		}
		defer closeFn()
		if p.Review && (mode == ModeRegister || mode == ModeAdapt) {
			runner.SetPhotoReview(p)
		}
		var res flow.Result
		switch mode {
		case ModeRegister:
			res = runner.Register(ctx, flow.RegisterRequest{CustomerNumber: r.CustomerNumber, Consent: r.Consented})
		case ModeVerify:
			res = runner.Verify(ctx, flow.VerifyRequest{CustomerNumber: r.CustomerNumber, UserID: r.UserID})
		case ModeAdapt:
			res = runner.Adapt(ctx, flow.AdaptRequest{CustomerNumber: r.CustomerNumber, UserID: r.UserID})
		case ModeDocument:
			res = runner.CheckDocument(ctx, flow.CheckDocumentRequest{Kind: sess.Flow.Document})
		default:
			res = runner.Identify(ctx)
		}
		var who []string
		if p.ResultWho != nil {
			wctx, wcancel := context.WithTimeout(context.Background(), 5*time.Second)
			who = p.ResultWho(wctx, res)
			wcancel()
		}
		ui(func() { p.who = who; p.Finish(res) })
	}()
}

// Sink shows each flow event (flow goroutine). A voice prompt holds the
// flow until the kiosk has said it: the microphone opens only once the
// kiosk is silent, so it never records its own voice.
func (p *Panel) Sink(ctx context.Context, ui func(func())) flow.Sink {
	return func(e flow.Event) {
		pr, ok := e.(flow.PromptToRead)
		if !ok {
			ui(func() { p.Event(e) })
			return
		}
		said := make(chan bool, 1)
		ui(func() { p.Event(e); said <- p.Speaking() })
		select {
		case speaking := <-said:
			if speaking {
				_ = p.speaker.Wait(ctx)
			}
		case <-ctx.Done():
			return
		}
		ui(func() {
			if p.status != nil && pr.Prompt.Code != "" {
				p.status.SetText(p.tr.T("voice.listening"))
			}
		})
	}
}

// retry starts the last flow again, with the same answers (UI goroutine).
func (p *Panel) retry() {
	p.Start(p.last)
}

// Abandon cancels the running flow and drops what it still reports (UI
// goroutine); the flow cleans up after itself.
func (p *Panel) Abandon() {
	p.gen++
	p.answer = nil
	p.Cancel()
}

// cancelButton is the steps' Cancel: the person changed their mind.
func (p *Panel) cancelButton() *widgets.Button {
	return widgets.NewIconButton(p.tr.T("step.cancel"), theme.CancelIcon(), func() {
		if p.OnCancel != nil {
			p.OnCancel()
			return
		}
		p.Cancel()
	})
}

// Cancel abandons a running flow (the flow restarts the user's state).
func (p *Panel) Cancel() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
}

// Event shows one flow event (UI goroutine).
func (p *Panel) Event(e flow.Event) {
	if p.OnActivity != nil {
		p.OnActivity()
	}
	switch e := e.(type) {
	case flow.StepEntered:
		switch e.Step {
		case flow.StepFace, flow.StepSelfieCompare:
			p.ShowFace()
		case flow.StepVoice:
			p.ShowVoice()
		case flow.StepDocumentFront, flow.StepDocumentBack:
			p.showDocument(e.Step)
		case flow.StepDocumentCheck:
			p.Show(ScreenWorking, container.NewCenter(container.NewVBox(widgets.Title(p.tr.T("doc.checking")), widget.NewProgressBarInfinite())))
		}
	case flow.DocumentGuidance:
		if p.docGuide != nil {
			p.showDocGuidance(e)
		}
	case flow.DocumentRead:
		p.fields = documentFields(e.Fields)
	case flow.PromptToRead:
		p.prompt(e)
	case flow.AudioLevel:
		if p.meter != nil {
			p.meter.SetValue(math.Max(0, math.Min(1, (e.RMS+60)/60)))
		}
	case flow.SampleRefused:
		p.sampleRefused(e)
	case flow.SampleAccepted:
		p.sampleAccepted(e)
	}
}

// prompt shows the digits to read and says them (UI goroutine).
func (p *Panel) prompt(e flow.PromptToRead) {
	if p.screen != ScreenVoice {
		p.ShowVoice()
	}
	p.attempt.SetText(p.sampleText(e))
	if e.Prompt.Code == "" {
		// API 1.1 asks for the next sample without new digits: the
		// ones shown stay.
		p.status.SetText(p.tr.T("voice.again"))
		p.SayHint(core.JoinSpoken(p.tr.T("voice.again"), core.SpokenDigits(p.promptCode)))
		return
	}
	p.promptCode = e.Prompt.Code
	p.digits.Text = spaced(e.Prompt.Code)
	p.digits.Refresh()
	// "Listening…" only once the kiosk has said the digits (sink).
	p.status.SetText(p.tr.T("a11y.voice.wait"))
	p.SayHint(core.JoinSpoken(p.attempt.Text, p.tr.T("a11y.voice.say"), core.SpokenDigits(e.Prompt.Code), p.tr.T("a11y.voice.after")))
}

// sampleRefused shows and says why a sample was refused (UI goroutine).
func (p *Panel) sampleRefused(e flow.SampleRefused) {
	if e.Step == flow.StepDocumentCheck {
		p.docRefusal = p.tr.T("doc.refused", e.Reason)
		p.SayHint(p.docRefusal)
	}
	if e.Reason == flow.CodeFaceMismatch {
		p.preview.SetGuidance(p.tr.T("doc.mismatch"))
		p.SayHint(p.preview.Guidance())
	}
	if e.Step == flow.StepVoice && p.refused != nil {
		p.refused.SetText(p.tr.T("voice.refused", p.tr.RefusalText(e.Reason)))
		p.SayHint(p.refused.Text)
	}
}

// sampleAccepted shows and says that a sample was taken (UI goroutine).
func (p *Panel) sampleAccepted(e flow.SampleAccepted) {
	if e.Step == flow.StepFace {
		p.preview.SetGuidance(p.tr.T("face.captured"))
		p.hintGen++ // no more hints
		p.SayHint(p.preview.Guidance())
	}
	if e.Step == flow.StepVoice && p.refused != nil {
		p.refused.SetText("")
	}
}

// ShowFace shows the face step: the live preview and its guidance.
func (p *Panel) ShowFace() {
	p.preview.Reset()
	help := widget.NewLabel(p.tr.T("a11y.face.help"))
	help.Wrapping = fyne.TextWrapWord
	p.Show(ScreenFace, container.NewBorder(container.NewVBox(widgets.Title(p.tr.T("face.title"))), container.NewVBox(help, container.NewHBox(p.cancelButton())), nil, nil, p.preview))
	p.Announce(p.tr.T("face.title"), p.tr.T("face.hint"), p.tr.T("a11y.face.help"))
}

// ReviewPhoto implements flow.PhotoReview: it shows the captured photo
// with Retake / Continue and waits for the person (flow goroutine). The
// photo stays in memory.
func (p *Panel) ReviewPhoto(ctx context.Context, photo flow.Photo) (bool, error) {
	img, err := jpeg.Decode(bytes.NewReader(photo.JPEG))
	if err != nil {
		return false, nil // nothing to show: submit it as captured
	}
	answer := make(chan bool, 1)
	p.do(func() {
		if ctx.Err() != nil {
			return // abandoned meanwhile
		}
		pic := canvas.NewImageFromImage(mirror(img)) // as the person saw it in the preview
		pic.FillMode = canvas.ImageFillContain
		pic.SetMinSize(fyne.NewSize(300, 400))
		p.answer = answer
		retake := widgets.NewButton(p.tr.T("review.retake"), func() { p.ReviewAnswer(true) })
		keep := widgets.Big(widgets.NewButton(p.tr.T("review.continue"), func() { p.ReviewAnswer(false) }))
		p.Show(ScreenReview, container.NewBorder(widgets.Title(p.tr.T("review.title")), container.NewGridWithColumns(3, p.cancelButton(), retake, keep), nil, nil, pic))
		// Someone who cannot see the photo hears what the kiosk checked
		// and the two choices by name.
		p.Announce(p.tr.T("a11y.review.checked"), p.tr.T("a11y.review.choices", p.tr.T("review.continue"), p.tr.T("review.retake")))
	})
	select {
	case retake := <-answer:
		if retake {
			p.do(func() {
				if ctx.Err() == nil {
					p.ShowFace()
				}
			})
		}
		return retake, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// ReviewAnswer answers the photo review on screen (UI goroutine).
func (p *Panel) ReviewAnswer(retake bool) {
	if p.answer != nil {
		p.answer <- retake
		p.answer = nil
	}
}

// showDocument shows the document step for one side: what to show the
// camera, the picture under a card-shaped frame, and the live guidance.
func (p *Panel) showDocument(step flow.Step) {
	key := "doc.front"
	switch {
	case step == flow.StepDocumentBack:
		key = "doc.back"
	case p.run.Document == flow.DocPassport:
		key = "doc.passport"
	}
	p.docGuide = canvas.NewText(p.tr.T("doc.guidance.NO_DOCUMENT"), theme.Color(theme.ColorNameForeground))
	p.docGuide.TextSize = 32
	p.docGuide.Alignment = fyne.TextAlignCenter
	p.docGuide.TextStyle = fyne.TextStyle{Bold: true}
	p.docStatus = widget.NewLabel(p.docRefusal)
	p.docStatus.Importance = widget.WarningImportance
	p.docStatus.Wrapping = fyne.TextWrapWord
	p.docRefusal, p.docCode, p.docDwell = "", "", 0
	p.docPreview.Reset()
	aspect := widgets.AspectIDCard
	if p.run.Document == flow.DocPassport {
		aspect = widgets.AspectPassport
	}
	p.docPreview.SetDocument(aspect)
	p.Show(ScreenDocument, container.NewBorder(container.NewVBox(widgets.Title(p.tr.T(key)), p.docStatus), container.NewVBox(p.docGuide, container.NewHBox(p.cancelButton())), nil, nil, p.docPreview))
	p.Announce(p.tr.T(key), p.docStatus.Text)
}

// showDocGuidance shows the document guidance in words and, as the face
// step does, no number while the gate holds: one short "Hold still" and
// the frame's band filling over the dwell. The frame's outline and the
// words take the state's colour (UI goroutine).
func (p *Panel) showDocGuidance(e flow.DocumentGuidance) {
	key := "doc.guidance." + e.Code
	var col color.Color = widgets.OvalSearching
	frame := widgets.OvalSearching
	progress := 0.0
	switch {
	case e.Found && e.Countdown > 0: // the gate holds: the dwell runs
		key, col, frame = "doc.holding", widgets.OvalGood, widgets.OvalGood
		p.docDwell = max(p.docDwell, e.Countdown)
		progress = 1 - float64(e.Countdown)/float64(p.docDwell)
	case !e.Found:
		col, frame = theme.Color(theme.ColorNameForeground), widgets.OvalNoFace
	case e.Code == "OK":
		col, frame = widgets.OvalGood, widgets.OvalGood
	}
	if e.Countdown <= 0 {
		p.docDwell = 0
	}
	text := p.tr.T(key)
	if key != p.docCode {
		p.docCode = key
		p.SayHint(text)
	}
	p.docGuide.Text, p.docGuide.Color = text, col
	p.docGuide.Refresh()
	p.docPreview.SetState(frame, progress)
}

// documentFields is a one-line summary of what the server read.
func documentFields(f map[string]string) string {
	var parts []string
	for _, k := range []string{"surnames", "names", "doc_number", "nationality", "birth_date", "expiry_date"} {
		if v := f[k]; v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	return strings.Join(parts, " · ")
}

// ShowVoice shows the voice step: the digits to say and the level.
func (p *Panel) ShowVoice() {
	p.digits = bigText("")
	p.digits.TextSize = 5.3 * theme.Size(theme.SizeNameText)
	p.attempt = widget.NewLabel("")
	p.refused = widget.NewLabel("")
	p.refused.Importance = widget.WarningImportance
	p.refused.Wrapping = fyne.TextWrapWord
	p.refused.SizeName = theme.SizeNameSubHeadingText
	p.meter = widget.NewProgressBar()
	p.meter.TextFormatter = func() string { return "" }
	p.status = widget.NewLabel(p.tr.T("voice.hint"))
	p.Show(ScreenVoice, container.NewBorder(nil, container.NewHBox(p.cancelButton()), nil, nil,
		container.NewVBox(widgets.Title(p.tr.T("voice.title")), p.digits, p.meter, p.status, p.attempt, p.refused)))
	p.Announce(p.tr.T("voice.title"), p.tr.T("voice.hint"))
}

// sampleText is "Sample 2 of 3" where the number of samples the server
// takes is known, else "Sample 2" (the flow numbers the samples and drops
// a total it has gone past: flow.PromptToRead).
func (p *Panel) sampleText(e flow.PromptToRead) string {
	num := func(v int) string { return p.tr.Number(float64(v), 0) }
	if e.Of > 0 {
		return p.tr.T("voice.sample.of", num(e.Sample), num(e.Of))
	}
	return p.tr.T("voice.sample", num(e.Sample))
}

func spaced(code string) string {
	out := ""
	for i, r := range code {
		if i > 0 {
			out += "  "
		}
		out += string(r)
	}
	return out
}

// Finish shows the result (UI goroutine).
func (p *Panel) Finish(r flow.Result) {
	p.result = r
	// With a voice step, what was confirmed (face and voice, the face
	// alone for a person without a voice enrolled, the face but not the
	// voice) in words.
	text := p.tr.OutcomeText(r)
	if p.fields != "" && p.mode != ModeRegister {
		text += "\n" + p.tr.T("staff.fields", p.fields)
	}
	retry := false
	if r.Outcome == flow.OutcomeFailed {
		text, retry = p.failureText(r.Error)
	}
	msg := widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	msg.Wrapping = fyne.TextWrapWord
	msg.SizeName = theme.SizeNameSubHeadingText
	done := widgets.NewButton(p.tr.T("result.done"), func() {
		if p.OnDone != nil {
			p.OnDone(r)
		}
	})
	buttons := container.NewHBox(done)
	if retry {
		buttons.Add(widgets.Big(widgets.NewIconButton(p.tr.T("result.retry"), theme.ViewRefreshIcon(), p.retry)))
	} else {
		widgets.Big(done)
	}
	rows := []fyne.CanvasObject{layout.NewSpacer(), container.NewCenter(outcomeIcon(r.Outcome)), msg}
	for _, w := range p.who {
		l := widget.NewLabelWithStyle(w, fyne.TextAlignCenter, fyne.TextStyle{})
		l.Wrapping = fyne.TextWrapWord
		rows = append(rows, l)
	}
	p.who = nil // this result's only
	if p.StaffDetail && r.Error != nil {
		detail := widget.NewLabel(r.Error.Error())
		detail.Wrapping = fyne.TextWrapWord
		detail.Importance = widget.LowImportance
		rows = append(rows, detail)
	}
	rows = append(rows, container.NewCenter(buttons))
	if p.Extra != nil {
		// What else the person can do here, on its own line.
		if x := p.Extra(r); x != nil {
			rows = append(rows, container.NewCenter(x))
		}
	}
	if p.ResultFooter != nil {
		rows = append(rows, p.ResultFooter(r))
	}
	// A full-width column, so long messages wrap at the screen's width.
	p.Show(ScreenResult, container.NewVBox(append(rows, layout.NewSpacer())...))
	spoken := []string{text}
	if r.CustomerNumber != "" && r.Outcome.Success() {
		if p.NumberAloud != nil && p.NumberAloud() {
			spoken = append(spoken, p.tr.T("a11y.result.number", core.SpokenDigits(r.CustomerNumber)))
		} else {
			spoken = append(spoken, p.tr.T("a11y.result.number_private"))
		}
	}
	p.Announce(append(spoken, p.tr.T("a11y.result.keys"))...)
}

// Result is the last finished flow's result.
func (p *Panel) Result() flow.Result { return p.result }
