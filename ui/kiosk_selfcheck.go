package ui

import (
	"context"
	"log"
	"time"

	"biokiosk/flow"

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
func (k *Kiosk) SelfCheck() {
	k.checkGen++
	gen := k.checkGen
	caps := k.svc.Capabilities()
	sess := Session{Camera: k.settings.Camera(), Microphone: k.settings.Microphone(), Voice: k.settings.VoiceStep() && caps.Voice,
		Language: k.tr.Base(), Idle: k.settings.IdleTimeout()}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := k.svc.SelfCheck(ctx, sess)
		k.do(func() {
			if k.checkGen != gen {
				return
			}
			if err == nil {
				if k.screen == ScreenOutOfService {
					k.Attract()
				}
				return
			}
			log.Printf("biokiosk: self-check: %v", err)
			k.outOfService(setupError(err))
			time.AfterFunc(SelfCheckRetry, func() {
				k.do(func() {
					if k.checkGen == gen && k.screen == ScreenOutOfService {
						k.SelfCheck()
					}
				})
			})
		})
	}()
}

// outOfService shows that the kiosk cannot take customers, with the
// reason for staff (UI goroutine).
func (k *Kiosk) outOfService(e *flow.Error) {
	k.idle.Stop()
	k.abandon()
	k.tr.SetLanguage(k.settings.Language())
	key := "oos." + e.Code
	if !k.tr.Has(key) {
		key = "oos.other"
	}
	why := widget.NewLabelWithStyle(k.tr.T(key), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	why.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel(e.Detail)
	detail.Wrapping = fyne.TextWrapWord
	again := widget.NewButton(k.tr.T("oos.check"), k.SelfCheck)
	k.show(ScreenOutOfService, container.NewVBox(layout.NewSpacer(), title(k.tr.T("oos.title")), why,
		widget.NewLabelWithStyle(k.tr.T("oos.staff"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true}), detail,
		container.NewCenter(again), layout.NewSpacer()))
}
