package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"biokiosk/flow"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Staff is the desk app: register, verify, identify, look up (status and
// deletions), diagnostics and settings, as tabs.
type Staff struct {
	do       Loop
	win      fyne.Window
	svc      Services
	tr       *Translator
	settings *Settings
	speaker  Speaker
	Tabs     *container.AppTabs
	Register *panel
	Verify   *panel
	Identify *panel
	Adapt    *panel
	Document *panel
	caps     flow.Capabilities
	// ConsentDialog is the last consent dialog shown, DeleteDialog the
	// last deletion's confirmation (for tests).
	ConsentDialog *dialog.ConfirmDialog
	DeleteDialog  *dialog.CustomDialog
}

// NewStaff builds the staff app in win; do runs UI work (nil: fyne.Do).
func NewStaff(win fyne.Window, do Loop, svc Services, tr *Translator, st *Settings, speak Speaker) *Staff {
	s := &Staff{do: do.orFyne(), win: win, svc: svc, tr: tr, settings: st, speaker: speak}
	s.Register = newPanel(s.do, svc, tr, st, speak, ModeRegister)
	s.Verify = newPanel(s.do, svc, tr, st, speak, ModeVerify)
	s.Identify = newPanel(s.do, svc, tr, st, speak, ModeIdentify)
	s.Adapt = newPanel(s.do, svc, tr, st, speak, ModeAdapt)
	s.Document = newPanel(s.do, svc, tr, st, speak, ModeDocument)
	for _, p := range []*panel{s.Register, s.Verify, s.Identify, s.Adapt, s.Document} {
		p.staffDetail = true
		p.resultWho = s.resultWho
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

func (s *Staff) registerTab() fyne.CanvasObject {
	ref := widget.NewEntry()
	voice := s.voiceCheck()
	voice.SetChecked(s.settings.VoiceStep() && s.caps.Voice)
	doc := widget.NewSelect(s.docChoices(), nil)
	doc.SetSelected(s.docChoice(s.settings.DocumentStep()))
	run := big(newButton(s.tr.T("staff.run"), func() {
		if strings.TrimSpace(ref.Text) == "" {
			dialog.ShowInformation(s.tr.T("staff.register"), s.tr.T("ref.empty"), s.win)
			return
		}
		s.Register.voice = voice.Checked
		s.Register.document = s.docType(doc.Selected)
		s.askConsent(func() { s.Register.start(strings.TrimSpace(ref.Text), "") })
	}))
	s.Register.extra = s.replaceButton
	form := widget.NewForm(widget.NewFormItem(s.tr.T("staff.customer_number"), ref))
	if s.caps.Document {
		form.Append(s.tr.T("staff.doctype"), doc)
	}
	return container.NewBorder(container.NewVBox(form, voice, run), nil, nil, nil, s.Register.root)
}

// askConsent shows the data-handling text for the person at the desk to
// read and agree to; then runs start (a staff registration needs consent
// as much as the kiosk's).
func (s *Staff) askConsent(start func()) {
	text := s.tr.T("consent.text")
	if s.Register.document != "" && s.caps.Document {
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
		s.Register.consented = true
		start()
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
func (s *Staff) replaceButton(r flow.Result) fyne.CanvasObject {
	if r.Error != nil && r.Error.Code == flow.CodePersonAlreadySet {
		return s.replaceFaceButton(r)
	}
	if r.Outcome != flow.OutcomeAlreadyRegistered || r.UserID == "" {
		return nil
	}
	ref, owner := r.CustomerNumber, r.UserID
	b := newButton(s.tr.T("staff.replace"), func() {
		confirmDanger(s.tr, s.win, s.tr.T("staff.replace"), s.tr.T("staff.confirm_replace", ref, owner), s.tr.T("staff.replace"), func() {
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				err := s.svc.Delete(ctx, flow.DeleteUser, owner)
				s.do(func() {
					if err != nil {
						s.Register.finish(flow.Result{Flow: flow.FlowRegister, Outcome: flow.OutcomeFailed, CustomerNumber: ref,
							Error: &flow.Error{Code: flow.CodeSetupFailed, Detail: errorText(err)}})
						return
					}
					s.Register.consented = true // the person agreed before this run
					s.Register.start(ref, "")
				})
			}()
		})
	})
	b.Importance = widget.DangerImportance
	return b
}

// who names a user for staff: the user id with the customer number the
// records hold it under, or words saying none is on record (any
// goroutine: it asks the records).
func (s *Staff) who(ctx context.Context, userID string) string {
	return s.whoKnown(ctx, userID, "")
}

// whoKnown is who for a user whose customer number ref is already known
// (asked of the records only when ref is empty).
func (s *Staff) whoKnown(ctx context.Context, userID, ref string) string {
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
func (s *Staff) resultWho(ctx context.Context, r flow.Result) []string {
	if r.Outcome == flow.OutcomeAlreadyEnrolled {
		owner := r.DetectedID
		if owner == "" {
			owner = r.UserID
		}
		if owner != "" {
			return []string{s.tr.T("staff.face_owner", s.whoKnown(ctx, owner, r.OwnerCustomerNumber))}
		}
		return nil
	}
	if r.UserID != "" {
		return []string{s.tr.T("staff.result_user", s.whoKnown(ctx, r.UserID, r.CustomerNumber))}
	}
	return nil
}

// replaceFaceButton offers, after a confirmation, to run the registration
// again replacing the face the provider already holds for it: a staff
// decision, never automatic.
func (s *Staff) replaceFaceButton(r flow.Result) fyne.CanvasObject {
	ref := r.CustomerNumber
	b := newButton(s.tr.T("staff.replace_face"), func() {
		confirmDanger(s.tr, s.win, s.tr.T("staff.replace_face"), s.tr.T("staff.confirm_replace_face", ref), s.tr.T("staff.replace_face"), func() {
			s.Register.consented = true // the person agreed before this run
			s.Register.replaceFace = true
			s.Register.start(ref, "")
		})
	})
	b.Importance = widget.DangerImportance
	return b
}

// voiceCheck is the "include the voice step" box, hidden when the back
// end has no voice biometrics.
func (s *Staff) voiceCheck() *widget.Check {
	c := widget.NewCheck(s.tr.T("staff.with_voice"), nil)
	if !s.caps.Voice {
		c.Hide()
	}
	return c
}

// docChoices are the document selector's entries in the staff's
// language: none, ID card, passport.
func (s *Staff) docChoices() []string {
	return []string{s.tr.T("doc.kind.none"), s.tr.T("doc.kind.idcard"), s.tr.T("doc.kind.passport")}
}

// docChoice is d's entry in the selector.
func (s *Staff) docChoice(d flow.DocType) string {
	switch d {
	case flow.DocIDCard:
		return s.tr.T("doc.kind.idcard")
	case flow.DocPassport:
		return s.tr.T("doc.kind.passport")
	}
	return s.tr.T("doc.kind.none")
}

// docType is the document type a selector entry names.
func (s *Staff) docType(choice string) flow.DocType {
	for _, d := range []flow.DocType{flow.DocIDCard, flow.DocPassport} {
		if choice == s.docChoice(d) {
			return d
		}
	}
	return ""
}

// documentTab checks an identity document against the live face.
func (s *Staff) documentTab() fyne.CanvasObject {
	doc := widget.NewSelect(s.docChoices()[1:], nil)
	doc.SetSelected(s.docChoice(flow.DocIDCard))
	run := big(newButton(s.tr.T("staff.run"), func() {
		s.Document.document = s.docType(doc.Selected)
		s.Document.start("", "")
	}))
	form := widget.NewForm(widget.NewFormItem(s.tr.T("staff.doctype"), doc))
	return container.NewBorder(container.NewVBox(form, run), nil, nil, nil, s.Document.root)
}

func (s *Staff) verifyTab() fyne.CanvasObject { return s.userTab(s.Verify) }

// userTab runs a flow on a known user (verify or adapt).
func (s *Staff) userTab(p *panel) fyne.CanvasObject {
	user, ref := widget.NewEntry(), widget.NewEntry()
	voice := s.voiceCheck()
	run := big(newButton(s.tr.T("staff.run"), func() {
		p.voice = voice.Checked
		p.start(strings.TrimSpace(ref.Text), strings.TrimSpace(user.Text))
	}))
	form := widget.NewForm(widget.NewFormItem(s.tr.T("staff.user_id"), user), widget.NewFormItem(s.tr.T("staff.customer_number"), ref))
	return container.NewBorder(container.NewVBox(form, voice, run), nil, nil, nil, p.root)
}

func (s *Staff) identifyTab() fyne.CanvasObject {
	voice := s.voiceCheck()
	run := big(newButton(s.tr.T("staff.run"), func() {
		s.Identify.voice = voice.Checked
		s.Identify.start("", "")
	}))
	return container.NewBorder(container.NewVBox(voice, run), nil, nil, nil, s.Identify.root)
}

// lookupTab shows a user's enrolment status and deletes enrolments after
// a confirmation. The delete buttons act on the user last looked up, not
// on what is typed: they are enabled once a look-up has named the user
// (face and voice only when that is enrolled), and disabled again when
// the entry is edited, so staff always see whom they delete.
func (s *Staff) lookupTab() fyne.CanvasObject {
	id := widget.NewEntry()
	id.SetPlaceHolder(s.tr.T("staff.user_id") + " / " + s.tr.T("staff.customer_number"))
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	// found is the user the last look-up named, and who its words (UI
	// thread only).
	var found, who string
	buttons := map[flow.DeletionKind]*aButton{}
	enable := func(st *flow.EnrollStatus) {
		for what, b := range buttons {
			if st != nil && (what == flow.DeleteUser || what == flow.DeleteFace && st.Face || what == flow.DeleteVoice && st.Voice) {
				b.Enable()
			} else {
				b.Disable()
			}
		}
	}
	id.OnChanged = func(string) { found = ""; enable(nil); status.SetText("") }
	// resolve reads in as a customer number, else as a user id; listed
	// says the records hold it as a number.
	resolve := func(ctx context.Context, in string) (userID string, listed bool) {
		if u, ok, err := s.svc.ResolveCustomerNumber(ctx, in); err == nil && ok {
			return u, true
		}
		return in, false
	}
	look := func() {
		in := strings.TrimSpace(id.Text)
		if in == "" {
			return
		}
		enable(nil)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			u, listed := resolve(ctx, in)
			st, err := s.svc.EnrollStatus(ctx, u)
			ref := ""
			if listed {
				ref = in
			}
			w := s.whoKnown(ctx, u, ref)
			s.do(func() {
				if strings.TrimSpace(id.Text) != in { // edited meanwhile
					return
				}
				if err != nil {
					status.SetText(w + ": " + s.failed(err))
					return
				}
				if !listed && !st.Face && !st.Voice { // neither a number on record nor a user with anything enrolled
					status.SetText(s.tr.T("staff.not_found", in))
					return
				}
				found, who = u, w
				status.SetText(w + ": " + s.tr.T("staff.status", yesNo(s.tr, st.Face), yesNo(s.tr, st.Voice)))
				enable(&st)
			})
		}()
	}
	// del asks, naming the user looked up by id and customer number, then
	// deletes and looks the user up again.
	del := func(what flow.DeletionKind) *aButton {
		label := s.tr.DeletionText(what)
		b := newButton(label, func() {
			if found == "" {
				return
			}
			uid, w := found, who
			s.DeleteDialog = confirmDanger(s.tr, s.win, label, s.tr.T("staff.confirm_delete", w), label, func() {
				enable(nil)
				go func() {
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
					defer cancel()
					err := s.svc.Delete(ctx, what, uid)
					st, serr := s.svc.EnrollStatus(ctx, uid)
					s.do(func() {
						if err != nil {
							status.SetText(w + ": " + s.failed(err))
						} else {
							status.SetText(label + " ✓ " + w)
						}
						if found == uid && serr == nil && (what != flow.DeleteUser || err != nil) {
							enable(&st)
						}
					})
				}()
			})
		})
		b.Importance = widget.DangerImportance
		b.Disable()
		buttons[what] = b
		return b
	}
	id.OnSubmitted = func(string) { look() }
	return container.NewVBox(id, big(newButton(s.tr.T("staff.lookup"), look)), status,
		container.NewHBox(del(flow.DeleteFace), del(flow.DeleteVoice), del(flow.DeleteUser)))
}

// settingsTab edits the settings; they apply from the next session.
func (s *Staff) settingsTab() fyne.CanvasObject {
	v := s.settings.Values()
	server, key, camera, mic, pin := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewPasswordEntry()
	secret := widget.NewPasswordEntry()
	secret.SetPlaceHolder("••••")
	server.SetText(v.Server)
	key.SetText(v.Key)
	camera.SetText(v.Camera)
	mic.SetText(v.Microphone)
	pin.SetPlaceHolder(s.tr.T("settings.pin_unchanged")) // the PIN is kept hashed: never shown
	version := widget.NewSelect([]string{"1.0", "1.1"}, nil)
	version.SetSelected(v.APIVersion)
	var names []string
	codes := map[string]string{}
	for _, l := range Languages {
		names = append(names, LanguageNames[l])
		codes[LanguageNames[l]] = l
	}
	lang := widget.NewSelect(names, nil)
	lang.SetSelected(LanguageNames[canonical(v.Language)])
	idle := widget.NewEntry()
	idle.SetText(strconv.Itoa(v.IdleSeconds))
	voice := widget.NewCheck("", nil)
	voice.SetChecked(v.VoiceStep)
	docStep := widget.NewSelect(s.docChoices(), nil)
	docStep.SetSelected(s.docChoice(v.Document))
	docCam := widget.NewEntry()
	docCam.SetText(v.DocumentCamera)
	speak := widget.NewCheck("", nil)
	speak.SetChecked(v.SpokenGuidance)
	large, contrastBox := widget.NewCheck("", nil), widget.NewCheck("", nil)
	large.SetChecked(v.LargeText)
	contrastBox.SetChecked(v.HighContrast)
	number := func(n int) *widget.Entry { e := widget.NewEntry(); e.SetText(strconv.Itoa(n)); return e }
	warn, result, refMin, refMax := number(v.IdleWarningSeconds), number(v.ResultSeconds), number(v.RefMinDigits), number(v.RefMaxDigits)
	saved := widget.NewLabel("")
	note := widget.NewLabel(s.tr.T("settings.secret_note"))
	note.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(s.tr.T("settings.server"), server),
		widget.NewFormItem(s.tr.T("settings.api_version"), version),
		widget.NewFormItem(s.tr.T("settings.key"), key),
		widget.NewFormItem(s.tr.T("settings.secret"), secret),
		widget.NewFormItem(s.tr.T("settings.camera"), camera),
		widget.NewFormItem(s.tr.T("settings.mic"), mic),
		widget.NewFormItem(s.tr.T("settings.language"), lang),
		widget.NewFormItem(s.tr.T("settings.pin"), pin),
		widget.NewFormItem(s.tr.T("settings.idle"), idle),
		widget.NewFormItem(s.tr.T("staff.with_voice"), voice),
		widget.NewFormItem(s.tr.T("settings.document"), docStep),
		widget.NewFormItem(s.tr.T("settings.doc_camera"), docCam),
		widget.NewFormItem(s.tr.T("settings.speak"), speak),
		widget.NewFormItem(s.tr.T("a11y.large"), large),
		widget.NewFormItem(s.tr.T("a11y.contrast"), contrastBox),
		widget.NewFormItem(s.tr.T("a11y.settings.warning"), warn),
		widget.NewFormItem(s.tr.T("a11y.settings.result"), result),
		widget.NewFormItem(s.tr.T("a11y.settings.ref_min"), refMin),
		widget.NewFormItem(s.tr.T("a11y.settings.ref_max"), refMax),
	)
	// atLeast reads a number entry; below floor (or not a number) is floor.
	atLeast := func(e *widget.Entry, floor int) int {
		n, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || n < floor {
			return floor
		}
		return n
	}
	save := big(newButton(s.tr.T("settings.save"), func() {
		secs, err := strconv.Atoi(strings.TrimSpace(idle.Text))
		if err != nil || secs <= 0 {
			secs = 60
		}
		err = s.settings.Save(Values{Server: strings.TrimSpace(server.Text), APIVersion: version.Selected, Key: strings.TrimSpace(key.Text),
			Camera: strings.TrimSpace(camera.Text), Microphone: strings.TrimSpace(mic.Text), Language: codes[lang.Selected], PIN: pin.Text,
			IdleSeconds: secs, VoiceStep: voice.Checked, SpokenGuidance: speak.Checked, Secret: secret.Text,
			Document: s.docType(docStep.Selected), DocumentCamera: strings.TrimSpace(docCam.Text),
			LargeText: large.Checked, HighContrast: contrastBox.Checked,
			// WCAG 2.2.1: a warning of at least 20 s.
			IdleWarningSeconds: atLeast(warn, 20), ResultSeconds: atLeast(result, 5),
			RefMinDigits: atLeast(refMin, 1), RefMaxDigits: atLeast(refMax, 1)})
		// Refused before anything was stored: the form keeps what was typed.
		var rng *RefRangeError
		if errors.As(err, &rng) {
			saved.SetText(s.tr.T("settings.ref_range", rng.Min, rng.Max))
			return
		}
		var bad *PINError
		if errors.As(err, &bad) {
			saved.SetText(s.tr.T("settings.pin_invalid", DefaultPIN))
			return
		}
		secret.SetText("")
		if err != nil {
			saved.SetText(err.Error())
			return
		}
		saved.SetText(s.tr.T("settings.saved"))
	}))
	// Save stays on screen whatever the window's height: the form
	// scrolls above it.
	saved.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, container.NewVBox(save, saved), nil, nil, container.NewVScroll(container.NewVBox(form, note)))
}

// failed is a failed look-up or deletion in the staff's language: the
// kiosk's words for the error's code (or "That did not work.") and then
// the technical detail, for IT.
func (s *Staff) failed(err error) string {
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
