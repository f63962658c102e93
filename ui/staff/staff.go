package staff

import (
	"context"
	"errors"
	"strings"
	"time"

	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// App is the staff's desk app: register, verify, identify, look up (status and
// deletions), diagnostics and settings, as tabs.
type App struct {
	do       flowscreen.Loop
	win      fyne.Window
	svc      core.Services
	tr       *i18n.Translator
	settings *core.Settings
	speaker  core.Speaker
	Tabs     *container.AppTabs
	Register *flowscreen.Panel
	Verify   *flowscreen.Panel
	Identify *flowscreen.Panel
	Adapt    *flowscreen.Panel
	Document *flowscreen.Panel
	caps     flow.Capabilities
	// ConsentDialog is the last consent dialog shown, DeleteDialog the
	// last deletion's confirmation (for tests).
	ConsentDialog *dialog.ConfirmDialog
	DeleteDialog  *dialog.CustomDialog
}

// New builds the staff app in win; do runs UI work (nil: fyne.Do).
func New(win fyne.Window, do flowscreen.Loop, svc core.Services, tr *i18n.Translator, st *core.Settings, speak core.Speaker) *App {
	s := &App{do: do.OrFyne(), win: win, svc: svc, tr: tr, settings: st, speaker: speak}
	s.Register = flowscreen.New(s.do, svc, tr, st, speak, flowscreen.ModeRegister)
	s.Verify = flowscreen.New(s.do, svc, tr, st, speak, flowscreen.ModeVerify)
	s.Identify = flowscreen.New(s.do, svc, tr, st, speak, flowscreen.ModeIdentify)
	s.Adapt = flowscreen.New(s.do, svc, tr, st, speak, flowscreen.ModeAdapt)
	s.Document = flowscreen.New(s.do, svc, tr, st, speak, flowscreen.ModeDocument)
	for _, p := range []*flowscreen.Panel{s.Register, s.Verify, s.Identify, s.Adapt, s.Document} {
		p.StaffDetail = true
		p.ResultWho = s.resultWho
	}
	// Only the steps the configured back end supports are offered; a
	// changed back end shows its tabs after a restart.
	s.caps = svc.Capabilities()
	s.Tabs = container.NewAppTabs(
		container.NewTabItem(tr.T("staff.register"), s.registerTab()),
		container.NewTabItem(tr.T("staff.verify"), s.verifyTab()),
	)
	if s.caps.Identify {
		s.Tabs.Append(container.NewTabItem(tr.T("staff.identify"), s.identifyTab()))
	}
	s.Tabs.Append(container.NewTabItem(tr.T("staff.adapt"), s.userTab(s.Adapt)))
	if s.caps.Document {
		s.Tabs.Append(container.NewTabItem(tr.T("staff.document"), s.documentTab()))
	}
	s.Tabs.Append(container.NewTabItem(tr.T("staff.lookup"), s.lookupTab()))
	s.Tabs.Append(container.NewTabItem(tr.T("staff.diagnostics"), s.diagnosticsTab()))
	s.Tabs.Append(container.NewTabItem(tr.T("staff.settings"), s.settingsTab()))
	win.SetContent(s.Tabs)
	return s
}

func (s *App) registerTab() fyne.CanvasObject {
	ref := widget.NewEntry()
	voice := s.voiceCheck()
	voice.SetChecked(s.settings.VoiceStep() && s.caps.Voice)
	docs := documentChoices(s.tr)
	doc := widget.NewSelect(docs.labels(), nil)
	doc.SetSelected(docs.label(string(s.settings.DocumentStep())))
	run := widgets.Big(widgets.NewButton(s.tr.T("staff.run"), func() {
		if strings.TrimSpace(ref.Text) == "" {
			dialog.ShowInformation(s.tr.T("staff.register"), s.tr.T("ref.empty"), s.win)
			return
		}
		s.askConsent(flowscreen.Request{CustomerNumber: strings.TrimSpace(ref.Text), Voice: voice.Checked, Document: flow.DocType(docs.value(doc.Selected))})
	}))
	s.Register.Extra = s.replaceButton
	form := widget.NewForm(widget.NewFormItem(s.tr.T("staff.customer_number"), ref))
	if s.caps.Document {
		form.Append(s.tr.T("staff.doctype"), doc)
	}
	return container.NewBorder(container.NewVBox(form, voice, run), nil, nil, nil, s.Register.Root())
}

// askConsent shows the data-handling text for the person at the desk to
// read and agree to; then runs the registration r (a staff registration
// needs consent as much as the kiosk's).
func (s *App) askConsent(r flowscreen.Request) {
	text := s.tr.T("consent.text")
	if r.Document != "" && s.caps.Document {
		text += "\n\n" + s.tr.T("consent.document")
	}
	body := widget.NewLabel(s.tr.T("staff.consent_ask") + "\n\n" + text)
	body.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(520, 260))
	d := dialog.NewCustomConfirm(s.tr.T("consent.title"), s.tr.T("consent.agree"), s.tr.T("consent.decline"), scroll, func(ok bool) {
		if !ok {
			return
		}
		r.Consented = true
		s.Register.Start(r)
	}, s.win)
	s.ConsentDialog = d
	d.Show()
}

// replaceButton offers, when a registration found its customer number
// taken, the explicit re-enrolment: after a confirmation the existing
// user is deleted (with its directory entry) and the person at the desk
// is registered in its place. Deleting first, rather than verifying the
// old enrolment first, because re-enrolment is needed precisely when the
// old templates no longer match (age, injury) or belong to the wrong
// person; the staff member checks the identity document instead, and the
// number never has two users.
func (s *App) replaceButton(r flow.Result) fyne.CanvasObject {
	if r.Error != nil && r.Error.Code == flow.CodePersonAlreadySet {
		return s.replaceFaceButton(r)
	}
	if r.Outcome != flow.OutcomeAlreadyRegistered || r.UserID == "" {
		return nil
	}
	ref, owner := r.CustomerNumber, r.UserID
	b := widgets.NewButton(s.tr.T("staff.replace"), func() {
		confirmDanger(s.tr, s.win, s.tr.T("staff.replace"), s.tr.T("staff.confirm_replace", ref, owner), s.tr.T("staff.replace"), func() {
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				err := s.svc.Delete(ctx, flow.DeleteUser, owner)
				s.do(func() {
					if err != nil {
						s.Register.Finish(flow.Result{Flow: flow.FlowRegister, Outcome: flow.OutcomeFailed, CustomerNumber: ref,
							Error: &flow.Error{Code: flow.CodeSetupFailed, Detail: errorText(err)}})
						return
					}
					s.Register.Start(s.again(ref, false))
				})
			}()
		})
	})
	b.Importance = widget.DangerImportance
	return b
}

// who names a user for staff: the user id with its customer number ref
// when known, else the one the records hold it under, or words saying
// none is on record (any goroutine: it may ask the records).
func (s *App) who(ctx context.Context, userID, ref string) string {
	if ref != "" {
		return s.tr.T("staff.user_ref", userID, ref)
	}
	ref, ok, err := s.svc.CustomerNumber(ctx, userID)
	switch {
	case err != nil:
		return s.tr.T("staff.user_ref_failed", userID)
	case !ok:
		return s.tr.T("staff.user_noref", userID)
	}
	return s.tr.T("staff.user_ref", userID, ref)
}

// resultWho names a result's users with their customer numbers: the
// person registered, verified, adapted or recognised, the owner of a
// taken number, or the user a duplicate face already belongs to (flow
// goroutine; panel.resultWho). The records are asked only for a number
// the result does not carry (an identification, a verification by user
// id, a duplicate face whose owner the flow could not name).
func (s *App) resultWho(ctx context.Context, r flow.Result) []string {
	if r.Outcome == flow.OutcomeAlreadyEnrolled {
		owner := r.DetectedID
		if owner == "" {
			owner = r.UserID
		}
		if owner != "" {
			return []string{s.tr.T("staff.face_owner", s.who(ctx, owner, r.OwnerCustomerNumber))}
		}
		return nil
	}
	if r.UserID != "" {
		return []string{s.tr.T("staff.result_user", s.who(ctx, r.UserID, r.CustomerNumber))}
	}
	return nil
}

// replaceFaceButton offers, after a confirmation, to run the registration
// again replacing the face the provider already holds for it: a staff
// decision, never automatic.
func (s *App) replaceFaceButton(r flow.Result) fyne.CanvasObject {
	ref := r.CustomerNumber
	b := widgets.NewButton(s.tr.T("staff.replace_face"), func() {
		confirmDanger(s.tr, s.win, s.tr.T("staff.replace_face"), s.tr.T("staff.confirm_replace_face", ref), s.tr.T("staff.replace_face"), func() {
			s.Register.Start(s.again(ref, true))
		})
	})
	b.Importance = widget.DangerImportance
	return b
}

// again is the registration last run once more, for customer number
// ref, replacing the face the provider holds when replaceFace: the person
// agreed before that run.
func (s *App) again(ref string, replaceFace bool) flowscreen.Request {
	r := s.Register.Last()
	r.CustomerNumber, r.UserID, r.Consented, r.ReplaceFace = ref, "", true, replaceFace
	return r
}

// voiceCheck is the "include the voice step" box, hidden when the back
// end has no voice biometrics.
func (s *App) voiceCheck() *widget.Check {
	c := widget.NewCheck(s.tr.T("staff.with_voice"), nil)
	if !s.caps.Voice {
		c.Hide()
	}
	return c
}

// documentTab checks an identity document against the live face.
func (s *App) documentTab() fyne.CanvasObject {
	docs := documentChoices(s.tr)[1:] // a document to check: not none
	doc := widget.NewSelect(docs.labels(), nil)
	doc.SetSelected(docs.label(string(flow.DocIDCard)))
	// The check opens the devices a registration would: the voice
	// setting's when the tab was built.
	voice := s.settings.VoiceStep()
	run := widgets.Big(widgets.NewButton(s.tr.T("staff.run"), func() {
		s.Document.Start(flowscreen.Request{Voice: voice, Document: flow.DocType(docs.value(doc.Selected))})
	}))
	form := widget.NewForm(widget.NewFormItem(s.tr.T("staff.doctype"), doc))
	return container.NewBorder(container.NewVBox(form, run), nil, nil, nil, s.Document.Root())
}

func (s *App) verifyTab() fyne.CanvasObject { return s.userTab(s.Verify) }

// userTab runs a flow on a known user (verify or adapt).
func (s *App) userTab(p *flowscreen.Panel) fyne.CanvasObject {
	user, ref := widget.NewEntry(), widget.NewEntry()
	voice := s.voiceCheck()
	run := widgets.Big(widgets.NewButton(s.tr.T("staff.run"), func() {
		p.Start(flowscreen.Request{CustomerNumber: strings.TrimSpace(ref.Text), UserID: strings.TrimSpace(user.Text), Voice: voice.Checked})
	}))
	form := widget.NewForm(widget.NewFormItem(s.tr.T("staff.user_id"), user), widget.NewFormItem(s.tr.T("staff.customer_number"), ref))
	return container.NewBorder(container.NewVBox(form, voice, run), nil, nil, nil, p.Root())
}

func (s *App) identifyTab() fyne.CanvasObject {
	voice := s.voiceCheck()
	run := widgets.Big(widgets.NewButton(s.tr.T("staff.run"), func() {
		s.Identify.Start(flowscreen.Request{Voice: voice.Checked})
	}))
	return container.NewBorder(container.NewVBox(voice, run), nil, nil, nil, s.Identify.Root())
}

// lookupTab shows a user's enrolment status and deletes enrolments
// after a confirmation (lookup).
func (s *App) lookupTab() fyne.CanvasObject { return newLookup(s).object() }

// settingsTab edits the settings; they apply from the next session.
func (s *App) settingsTab() fyne.CanvasObject { return newSettingsForm(s.tr, s.settings).object() }

// failed is a failed look-up or deletion in the staff's language: the
// kiosk's words for the error's code (or "That did not work.") and then
// the technical detail, for IT.
func (s *App) failed(err error) string {
	var code flow.Code
	var c flow.Coder
	switch {
	case errors.As(err, &c):
		code = flow.Code(c.Code())
	case errors.Is(err, context.DeadlineExceeded):
		code = flow.CodeServerUnreachable
	}
	text, ok := s.tr.CodeText(code)
	if !ok {
		text = s.tr.T("staff.failed")
	}
	return text + " (" + errorText(err) + ")"
}
