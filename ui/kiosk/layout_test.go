package kiosk

import (
	"fmt"
	"testing"

	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"github.com/stretchr/testify/assert"
)

// Every kiosk screen fits the screen without clipping, from 1024×768 to
// 1920×1080 and on a portrait 1080×1920 kiosk, in large text and high
// contrast too (the kiosk's own scale, 1.3, under them).
func TestKioskScreensFitEveryScreenSize(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}, {Width: 1080, Height: 1920}} {
		for _, large := range []bool{false, true} {
			t.Run(fmt.Sprintf("%vx%v large=%v", size.Width, size.Height, large), func(t *testing.T) {
				k, _, w, wait := speakingKiosk(t, core.Values{Language: "pt-PT", IdleSeconds: 60, VoiceStep: true})
				wait(func() {
					k.base, k.scale0 = widgets.Theme{Scale: 1.3}, 1.3
					w.Resize(size)
					k.setAccess(access{large: large, contrast: large})
				})
				wait(func() {}) // the scale for the screen's size
				if size.Width > 1.1*1024 && size.Height > 1.1*768 {
					var scale float32
					wait(func() { scale = k.base.Scale })
					assert.Greater(t, scale, float32(1.3), "a larger screen, larger text")
				}
				screens := map[string]func(){
					"attract":   k.showAttract,
					"access":    k.showAccess,
					"consent":   k.Consent,
					"reference": func() { k.Verify() },
					"register":  k.Reference,
					"face":      k.ShowFace,
					"voice":     k.ShowVoice,
					"result": func() {
						k.Finish(flow.Result{Flow: "enroll", Outcome: flow.OutcomeFailed, Error: &flow.Error{Code: flow.CodeCaptureTimeout, Detail: "most frequent problem MOVE_CLOSER"}})
					},
					"cancel": func() { k.ShowFace(); k.confirmCancel() },
					"idle":   func() { k.Consent(); k.idleWarning() },
				}
				for name, show := range screens {
					var min, got fyne.Size
					wait(func() {
						k.holdResult = true
						show()
						min, got = w.Content().MinSize(), w.Canvas().Size()
					})
					assert.LessOrEqual(t, min.Width, got.Width, "%s: %v wide in %v", name, min.Width, got.Width)
					assert.LessOrEqual(t, min.Height, got.Height, "%s: %v high in %v", name, min.Height, got.Height)
				}
			})
		}
	}
}
