package kiosk

import (
	"context"
	"log/slog"
	"net/url"
	"time"

	"biokiosk/flow"
	"biokiosk/logging"
	"biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// SelfCheckRetry is how often an out-of-service kiosk checks again.
var SelfCheckRetry = 30 * time.Second

// SelfCheck checks the kiosk's camera, microphone (when the voice step is
// on) and server in the background: on a failure it shows the
// out-of-service screen with the reason and checks again every
// SelfCheckRetry until all is well, then shows the welcome screen (UI
// goroutine).
func (k *App) SelfCheck() {
	k.checkGen++
	gen := k.checkGen
	caps := k.svc.Capabilities()
	sess := core.Session{Flow: flow.Config{Face: true, Voice: k.settings.VoiceStep() && caps.Voice, Language: k.tr.Base(), IdleTimeout: k.settings.IdleTimeout()},
		Camera: k.settings.Camera(), Microphone: k.settings.Microphone()}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := k.svc.SelfCheck(ctx, sess)
		k.do(func() {
			if k.checkGen != gen {
				return
			}
			if err == nil {
				if k.Screen() == flowscreen.ScreenOutOfService {
					k.Attract()
				}
				return
			}
			slog.Error("kiosk self-check failed: out of service", logging.Err, err)
			k.outOfService(flowscreen.SetupError(err))
			time.AfterFunc(SelfCheckRetry, func() {
				k.do(func() {
					if k.checkGen == gen && k.Screen() == flowscreen.ScreenOutOfService {
						k.SelfCheck()
					}
				})
			})
		})
	}()
}

// outOfService shows that the kiosk cannot take customers: a line for
// whoever walks up, the reason for staff in the kiosk's language, naming
// the device or server, and the technical detail (English, for IT; it is
// in the log too) only when staff ask for it (UI goroutine).
func (k *App) outOfService(e *flow.Error) {
	k.idle.Stop()
	k.Abandon()
	k.tr.SetLanguage(k.settings.Language())
	var what []any // the device or server the reason names
	switch e.Code {
	case flow.CodeCameraUnavailable:
		what = []any{k.settings.Camera()}
	case flow.CodeMicUnavailable:
		what = []any{k.settings.Microphone()}
	case flow.CodeServerUnreachable:
		what = []any{k.serverName()}
	}
	reason := k.tr.OutOfServiceText(e.Code, what...)
	customer := widget.NewLabelWithStyle(k.tr.T("oos.customer"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	customer.Wrapping = fyne.TextWrapWord
	why := widget.NewLabelWithStyle(reason, fyne.TextAlignCenter, fyne.TextStyle{})
	why.Wrapping = fyne.TextWrapWord
	details := container.NewVBox()
	var more *widgets.Button
	more = widgets.NewButton(k.tr.T("oos.details"), func() {
		detail := widget.NewLabel(e.Detail)
		detail.Wrapping = fyne.TextWrapWord
		detail.Importance = widget.LowImportance
		details.Add(detail)
		more.Hide()
	})
	more.Importance = widget.LowImportance
	again := widgets.NewButton(k.tr.T("oos.check"), k.SelfCheck)
	k.Show(flowscreen.ScreenOutOfService, container.NewVBox(layout.NewSpacer(), widgets.Title(k.tr.T("oos.title")), customer,
		widget.NewLabelWithStyle(k.tr.T("oos.staff"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true}), why,
		container.NewCenter(container.NewHBox(again, more)), details, layout.NewSpacer()))
	k.Announce(k.tr.T("oos.title"), k.tr.T("oos.customer"))
}

// serverName names the configured server for staff: its host, never the
// rest of its URL (which could hold credentials), or the built-in one.
func (k *App) serverName() string {
	raw := k.settings.Server()
	if raw == "" {
		return k.tr.T("diag.sandbox")
	}
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}
