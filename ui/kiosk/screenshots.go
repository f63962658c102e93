//go:build devtools

package kiosk

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"biokiosk/assets"
	"biokiosk/capture/document/docresult"
	"biokiosk/capture/preview"
	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"
	"biokiosk/ui/staff"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
)

// ShotOptions choose what Screenshots walks.
type ShotOptions struct {
	// Dir receives the PNGs (<language>/<n>-<state>.png); Camera and
	// Microphone are the sources (a file camera, a WAV file).
	Dir, Camera, Microphone string
	// Languages to walk (nil: every shipped language).
	Languages []string
	// GuidanceCameras are file cameras that each need a correction (a
	// face too far, off to one side, …): one face-step shot each.
	GuidanceCameras []string
	// DocumentFrame, when set, is the document camera's picture for a
	// side and the guidance code shown with it, with the document
	// analysis of it (the caller draws a synthetic document and analyses
	// it: ui links no GoCV); nil leaves the document shots without a
	// picture.
	DocumentFrame func(side flow.DocSide, code string) (*image.RGBA, docresult.Analysis)
}

// Screenshots runs the kiosk, then the staff app, against svc, walks
// every state by itself — the real flow for the face, review and result,
// the flow's events for the voice and document steps, each failure and
// the out-of-service screen, the staff tabs and Diagnostics mid-test — and
// writes one PNG per state (a developer's tool: `make screenshots`; the
// folder is not committed). It returns when done.
func Screenshots(svc core.Services, srv core.ServerStore, opt ShotOptions) error {
	langs := opt.Languages
	if len(langs) == 0 {
		langs = i18n.Languages
	}
	a := app.NewWithID(core.AppID + ".screenshots")
	st := core.NewSettings(a.Preferences(), readOnly{srv}) // never rewrite the real config
	if err := st.Save(core.Values{Server: st.Server(), APIVersion: st.APIVersion(), Key: st.Key(), Camera: opt.Camera, Microphone: opt.Microphone,
		Language: "en", IdleSeconds: 120, VoiceStep: true}); err != nil {
		return err
	}
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	if err != nil {
		return err
	}
	a.Settings().SetTheme(widgets.Theme{Scale: 1.3})
	w := a.NewWindow(tr.T("app.title"))
	w.Resize(fyne.NewSize(1024, 768))
	var runErr error
	go func() {
		defer fyne.Do(a.Quit)
		for i, lang := range langs {
			s := &shooter{w: w, svc: svc, tr: tr, st: st, dir: filepath.Join(opt.Dir, lang), lang: lang, num: fmt.Sprintf("%d%d", time.Now().Unix()%1000000, i),
				docFrame: opt.DocumentFrame, guidanceCams: opt.GuidanceCameras}
			if runErr = s.walk(); runErr != nil {
				return
			}
		}
	}()
	w.ShowAndRun()
	return runErr
}

// shooter walks the states in one language.
type shooter struct {
	w         fyne.Window
	svc       core.Services
	tr        *i18n.Translator
	st        *core.Settings
	dir, lang string
	num       string // the customer number registered
	n         int
	k         *App
	docFrame  func(flow.DocSide, string) (*image.RGBA, docresult.Analysis)
	// guidanceCams: ShotOptions.GuidanceCameras.
	guidanceCams []string
}

// ui runs f on the UI goroutine and waits.
func (s *shooter) ui(f func()) { fyne.DoAndWait(f) }

func (s *shooter) walk() error {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return err
	}
	s.ui(func() {
		s.st.SetLanguage(s.lang)
		s.tr.SetLanguage(s.lang)
		s.k = New(s.w, nil, s.svc, s.tr, s.st, nil, nil)
		s.k.holdResult = true // the shots read each result at leisure
	})
	k := s.k
	steps := []struct {
		name string
		act  func()
		want flowscreen.Screen
	}{
		{"attract", nil, flowscreen.ScreenAttract},
		{"consent", k.Consent, flowscreen.ScreenConsent},
		{"reference", func() { k.Reference(); k.ref.SetText(s.num) }, flowscreen.ScreenCustomerNumber},
		// A verification's number screen, with its "also my voice" box.
		{"verify-reference", func() { k.Attract(); k.Verify(); k.ref.SetText(s.num) }, flowscreen.ScreenCustomerNumber},
		// The customer's accessibility: the choices, speech on, large
		// text, high contrast, the keypad's focus ring, the idle warning
		// and the cancel confirmation.
		{"a11y-choices", func() { k.Attract(); k.showAccess() }, ScreenAccess},
		{"a11y-speech-on", func() { k.setAccess(access{speech: true}); k.showAccess() }, ScreenAccess},
		{"a11y-large-text", func() { k.setAccess(access{speech: true, large: true}); k.showAttract() }, flowscreen.ScreenAttract},
		{"a11y-large-text-keypad-focus", func() {
			k.Consent()
			k.Reference()
			k.ref.SetText(s.num[:3])
			focusButton(s.w.Canvas(), k.Root(), "5")
		}, flowscreen.ScreenCustomerNumber},
		{"a11y-high-contrast", func() { k.setAccess(access{speech: true, contrast: true}); k.Consent() }, flowscreen.ScreenConsent},
		{"a11y-high-contrast-keypad-focus", func() {
			k.Reference()
			k.ref.SetText(s.num[:3])
			focusButton(s.w.Canvas(), k.Root(), "5")
		}, flowscreen.ScreenCustomerNumber},
		{"a11y-idle-warning", func() { k.setAccess(access{}); k.Consent(); k.idleWarning() }, flowscreen.ScreenConsent},
		{"a11y-cancel-confirm", func() { k.ShowFace(); k.confirmCancel() }, flowscreen.ScreenFace},
		{"a11y-reset", func() { k.Attract() }, flowscreen.ScreenAttract},
	}
	for _, st := range steps {
		if err := s.step(st.name, st.act, st.want); err != nil {
			return err
		}
	}
	if err := s.faceShots(); err != nil {
		return err
	}
	// The real flow: the face step, its review, the result.
	if err := s.step("face-capturing", k.submitCustomerNumber, flowscreen.ScreenFace); err != nil {
		return err
	}
	if err := s.step("review", nil, flowscreen.ScreenReview); err != nil {
		return err
	}
	if err := s.step("result-registered", func() { k.ReviewAnswer(false) }, flowscreen.ScreenResult); err != nil {
		return err
	}
	// The next language registers the same face: remove this user, as
	// staff would, so that registration is a new one too (not a face
	// already enrolled).
	var registered flow.Result
	s.ui(func() { registered = k.Result() })
	if registered.Outcome != flow.OutcomeEnrolled {
		return fmt.Errorf("screenshots: the registration ended %s, not %s", registered.Outcome, flow.OutcomeEnrolled)
	}
	if err := s.svc.Delete(context.Background(), flow.DeleteUser, registered.UserID); err != nil {
		return fmt.Errorf("screenshots: remove the registered user: %w", err)
	}
	if err := s.eventShots(); err != nil {
		return err
	}
	if err := s.failureShots(); err != nil {
		return err
	}
	if err := s.step("out-of-service", func() {
		k.outOfService(&flow.Error{Code: flow.CodeCameraUnavailable, Detail: `camera "/dev/video0": no such device (is the camera plugged in? see biokiosk devices)`})
	}, flowscreen.ScreenOutOfService); err != nil {
		return err
	}
	s.ui(func() { k.checkGen++; k.Attract() }) // no more self-checks
	return s.staffShots()
}

// step runs act (UI goroutine), waits for want and captures the window.
func (s *shooter) step(name string, act func(), want flowscreen.Screen) error {
	if act != nil {
		s.ui(act)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var cur flowscreen.Screen
		s.ui(func() { cur = s.k.Screen() })
		if cur == want {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("screenshots: the %s screen did not come within 60 s (at %s)", want, cur)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s.capture(name)
}

// faceShots show the face step on the live camera test feed (it never
// captures, so the guidance holds still for the picture): one shot per
// guidance camera, named for the code it shows, then the compliant one.
func (s *shooter) faceShots() error {
	k := s.k
	for _, cam := range append(append([]string(nil), s.guidanceCams...), s.st.Camera()) {
		if err := s.faceShot(cam); err != nil {
			return err
		}
	}
	s.ui(func() {
		k.Preview().SetCountdown(true)
		k.Attract()
		k.Consent()
		k.Reference()
		k.ref.SetText(s.num)
		k.consented = true
	})
	return nil
}

// faceShot shows camera cam's feed for 2 s and captures the face step.
func (s *shooter) faceShot(cam string) error {
	k := s.k
	s.ui(func() { k.ShowFace(); k.Preview().SetCountdown(false) })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.svc.CameraTest(ctx, cam, k.Preview().Push) }()
	time.Sleep(2 * time.Second)
	var code string
	s.ui(func() { code = string(k.Preview().Code()) })
	err := s.capture("face-guidance-" + code)
	cancel()
	if cerr := <-done; err == nil && cerr != nil {
		err = cerr
	}
	return err
}

// eventShots show the voice and document steps from the flow's events;
// the document shots get the picture the document camera would show
// (ShotOptions.DocumentFrame), as the real flow would push it.
func (s *shooter) eventShots() error {
	k := s.k
	// guidance is one event per countdown (none: one event, no dwell).
	guidance := func(side flow.DocSide, code string, countdowns ...time.Duration) []flow.Event {
		if len(countdowns) == 0 {
			countdowns = []time.Duration{0}
		}
		var out []flow.Event
		for _, c := range countdowns {
			out = append(out, flow.DocumentGuidance{Side: side, Code: code, Found: true, Countdown: c})
		}
		return out
	}
	front, back := flow.StepEntered{Step: flow.StepDocumentFront}, flow.StepEntered{Step: flow.StepDocumentBack}
	shots := []struct {
		name   string
		events []flow.Event
		side   flow.DocSide // the document shots: the picture to show
		code   string
	}{
		// The second of the sandbox's three samples; refused, it is asked
		// again as the second.
		{"voice-listening", []flow.Event{flow.StepEntered{Step: flow.StepVoice}, flow.SampleAccepted{Step: flow.StepVoice, Attempt: 1},
			flow.PromptToRead{Prompt: flow.Prompt{Code: "4719"}, Attempt: 2, Sample: 2, Of: 3}, flow.AudioLevel{RMS: -18}}, "", ""},
		{"voice-refused", []flow.Event{flow.SampleRefused{Step: flow.StepVoice, Attempt: 2, Reason: "TOO_QUIET"}, flow.PromptToRead{Prompt: flow.Prompt{Code: "0653"}, Attempt: 3, Sample: 2, Of: 3}}, "", ""},
		{"document-front", append([]flow.Event{front}, guidance(flow.SideFront, "GLARE")...), flow.SideFront, "GLARE"},
		// Holding still: 650 ms of a 1 s dwell gone.
		{"document-front-holding", append([]flow.Event{front}, guidance(flow.SideFront, "OK", time.Second, 350*time.Millisecond)...), flow.SideFront, "OK"},
		{"document-back", append([]flow.Event{back}, guidance(flow.SideBack, "ALIGN")...), flow.SideBack, "ALIGN"},
		{"document-back-holding", append([]flow.Event{back}, guidance(flow.SideBack, "OK", time.Second, 350*time.Millisecond)...), flow.SideBack, "OK"},
	}
	for _, sh := range shots {
		s.ui(func() {
			k.ShowEvents(flow.DocIDCard, sh.events...)
		})
		if sh.side != "" && s.docFrame != nil {
			if img, a := s.docFrame(sh.side, sh.code); img != nil {
				k.DocPreview().Push(&preview.Document{Image: img, Analysis: a})
			}
		}
		if err := s.capture(sh.name); err != nil {
			return err
		}
	}
	return nil
}

// failureShots show each failure the kiosk explains.
func (s *shooter) failureShots() error {
	fails := []flow.Error{
		{Code: flow.CodeCaptureTimeout, Detail: "no compliant photo after 480 frames; most frequent problem MOVE_CLOSER"},
		{Code: flow.CodeFaceAttempts}, {Code: flow.CodeVoiceAttempts}, {Code: flow.CodeLivenessFailed},
		{Code: flow.CodeCameraUnavailable}, {Code: flow.CodeMicUnavailable}, {Code: flow.CodeServerUnreachable},
		{Code: flow.CodeIdleTimeout}, {Code: flow.CodeDocumentAttempts}, {Code: flow.CodeFaceMismatch},
	}
	for _, e := range fails {
		s.ui(func() { s.k.Finish(flow.Result{Flow: flow.FlowRegister, Outcome: flow.OutcomeFailed, Error: &e}) })
		if err := s.capture("failed-" + string(e.Code)); err != nil {
			return err
		}
	}
	s.ui(func() {
		s.k.Finish(flow.Result{Flow: flow.FlowRegister, Outcome: flow.OutcomeAlreadyRegistered, CustomerNumber: s.num, UserID: "65f0c2a1b3d4e5f601234567"})
	})
	if err := s.capture("result-already-registered"); err != nil {
		return err
	}
	// Verifications with the voice: both confirmed; the face alone for
	// someone without a voice enrolled.
	for _, v := range []flow.StepResult{flow.ResultVerified, flow.ResultSkippedNotEnrolled} {
		s.ui(func() {
			s.k.Finish(flow.Result{Flow: "verify", Outcome: flow.OutcomeVerified, CustomerNumber: s.num,
				Steps: []flow.StepReport{{Step: flow.StepFace, Result: flow.ResultVerified}, {Step: flow.StepVoice, Result: v}}})
		})
		if err := s.capture("result-verified-voice-" + string(v)); err != nil {
			return err
		}
	}
	return nil
}

// staffShots show each staff tab, and Diagnostics with the server, camera
// and microphone tests running.
func (s *shooter) staffShots() error {
	var desk *staff.App
	s.ui(func() { desk = staff.New(s.w, nil, s.svc, s.tr, s.st, nil) })
	for i := range desk.Tabs.Items {
		var name string
		s.ui(func() { desk.Tabs.SelectIndex(i); name = desk.Tabs.Items[i].Text })
		if name == s.tr.T("staff.diagnostics") {
			if err := s.diagnosticsShots(desk.Tabs.Items[i].Content, i+1); err != nil {
				return err
			}
			continue
		}
		if err := s.capture(fmt.Sprintf("staff-%d-tab", i+1)); err != nil {
			return err
		}
	}
	return nil
}

// diagnosticsShots show Diagnostics with the server check and the
// microphone test running, then the camera test.
func (s *shooter) diagnosticsShots(diag fyne.CanvasObject, n int) error {
	tap := func(key string) {
		s.ui(func() {
			if b := widgets.FindButton(diag, s.tr.T(key)); b != nil && b.OnTapped != nil {
				b.OnTapped()
			}
		})
	}
	tap("staff.check_server")
	tap("staff.mic_test")
	time.Sleep(1200 * time.Millisecond)
	if err := s.capture(fmt.Sprintf("staff-%d-diagnostics-mic", n)); err != nil {
		return err
	}
	time.Sleep(4 * time.Second) // the WAV's utterance ends
	if err := s.capture(fmt.Sprintf("staff-%d-diagnostics-mic-verdict", n)); err != nil {
		return err
	}
	tap("staff.camera_test")
	time.Sleep(2500 * time.Millisecond)
	err := s.capture(fmt.Sprintf("staff-%d-diagnostics-camera", n))
	tap("diag.camera_stop")
	time.Sleep(time.Second)
	return err
}

// capture writes the window's picture as the next numbered PNG.
func (s *shooter) capture(name string) error {
	time.Sleep(700 * time.Millisecond)
	s.n++
	path := filepath.Join(s.dir, fmt.Sprintf("%02d-%s.png", s.n, name))
	// The X server's picture (ImageMagick's import): under Xvfb with
	// Mesa's software GL, Canvas().Capture() reads back black.
	if bin, err := exec.LookPath("import"); err == nil && os.Getenv("DISPLAY") != "" {
		if out, err := exec.Command(bin, "-window", "root", path).CombinedOutput(); err != nil {
			return fmt.Errorf("screenshots: import: %v: %s", err, out)
		}
		return nil
	}
	var err error
	s.ui(func() {
		img := s.w.Canvas().Capture()
		var f *os.File
		if f, err = os.Create(path); err != nil {
			return
		}
		defer f.Close()
		err = png.Encode(f, img)
	})
	return err
}

// readOnly reads the shared server settings and ignores writes.
type readOnly struct{ core.ServerStore }

func (readOnly) SaveServer(string, string, string) error { return nil }
func (readOnly) SaveSecret(string, string) error         { return nil }

// focusButton gives the focus to the kiosk button labelled text under
// obj, as Tab would (the screenshots show the focus ring).
func focusButton(c fyne.Canvas, obj fyne.CanvasObject, text string) {
	switch o := obj.(type) {
	case *widgets.Button:
		if o.Text == text {
			c.Focus(o)
		}
	case *fyne.Container:
		for _, x := range o.Objects {
			focusButton(c, x, text)
		}
	case *container.Scroll:
		focusButton(c, o.Content, text)
	}
}
