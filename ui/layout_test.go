package ui

import (
	"fmt"
	"testing"

	"biokiosk/assets"
	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/internal/fakes"
	"biokiosk/ui/internal/uitest"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every kiosk screen fits the screen without clipping, from 1024×768 to
// 1920×1080 and on a portrait 1080×1920 kiosk, in large text and high
// contrast too (the kiosk's own scale, 1.3, under them).
func TestKioskScreensFitEveryScreenSize(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1920, Height: 1080}, {Width: 1080, Height: 1920}} {
		for _, large := range []bool{false, true} {
			t.Run(fmt.Sprintf("%vx%v large=%v", size.Width, size.Height, large), func(t *testing.T) {
				k, _, w, wait := speakingKiosk(t, Values{Language: "pt-PT", IdleSeconds: 60, VoiceStep: true})
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

// Staff Settings can be saved at 1024×768: Save stays on screen.
func TestStaffSettingsSaveOnScreen(t *testing.T) {
	for _, scale := range []float32{1, 1.3} {
		a := test.NewApp()
		t.Cleanup(a.Quit)
		a.Settings().SetTheme(widgets.Theme{Scale: scale})
		tr := mustTranslator(t, "pt-BR")
		w := test.NewWindow(nil)
		t.Cleanup(w.Close)
		w.Resize(fyne.NewSize(1024, 768))
		s := NewStaff(w, uitest.Inline, fakes.Services{Caps: flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil)
		last := len(s.Tabs.Items) - 1
		s.Tabs.SelectIndex(last)
		save := widgets.FindButton(s.Tabs.Items[last].Content, tr.T("settings.save"))
		require.NotNil(t, save)
		pos := a.Driver().AbsolutePositionForObject(save)
		bottom := pos.Y + save.Size().Height
		assert.Greater(t, save.Size().Height, float32(0), "scale %v: shown", scale)
		assert.LessOrEqual(t, bottom, w.Canvas().Size().Height, "scale %v: Save ends at %v in a %v-high window", scale, bottom, w.Canvas().Size().Height)
	}
}

func mustTranslator(t *testing.T, lang string) *i18n.Translator {
	t.Helper()
	tr, err := i18n.NewTranslator(assets.Translations, lang)
	require.NoError(t, err)
	return tr
}
