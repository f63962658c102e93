package staff

import (
	"sync"
	"testing"

	"biokiosk/assets"
	"biokiosk/flow"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/internal/testkit/uitest/fakes"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// memServer keeps the server settings and the secret in memory.
type memServer struct {
	mu                        sync.Mutex
	url, version, key, secret string
}

func (m *memServer) LoadServer() (string, string, string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.url, m.version, m.key
}

func (m *memServer) SaveServer(url, version, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.url, m.version, m.key = url, version, key
	return nil
}

func (m *memServer) SaveSecret(_, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secret = secret
	return nil
}

// formField is the widget of the form item labelled label under obj.
func formField(obj fyne.CanvasObject, label string) fyne.CanvasObject {
	switch o := obj.(type) {
	case *widget.Form:
		for _, it := range o.Items {
			if it.Text == label {
				return it.Widget
			}
		}
	case *fyne.Container:
		for _, c := range o.Objects {
			if w := formField(c, label); w != nil {
				return w
			}
		}
	case *container.Scroll:
		return formField(o.Content, label)
	}
	return nil
}

// The Settings tab shows the saved settings, languages and documents by
// their names, and saves what was typed and chosen: numbers below their
// floor (or not numbers) at the floor, the secret once, and a refused
// customer-number range with its figures and nothing stored.
func TestSettingsFormShowsAndSavesEverySetting(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	srv := &memServer{}
	st := core.NewSettings(a.Preferences(), srv)
	require.NoError(t, st.UsePINStore(uitest.FastPINs("")))
	require.NoError(t, st.Save(core.Values{Server: "https://a.example", APIVersion: "1.1", Key: "k1", Camera: "2", Microphone: "mic",
		Language: "pt", IdleSeconds: 90, VoiceStep: false, SpokenGuidance: true, Document: flow.DocPassport, DocumentCamera: "3",
		LargeText: true, HighContrast: false, IdleWarningSeconds: 40, ResultSeconds: 12, RefMinDigits: 5, RefMaxDigits: 9}))
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	do, wait := uitest.SerialLoop(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	var tab fyne.CanvasObject
	wait(func() {
		s := New(w, do, fakes.Services{Caps: flow.AllCapabilities}, tr, st, nil)
		for _, it := range s.Tabs.Items {
			if it.Text == "Settings" {
				tab = it.Content
			}
		}
	})
	require.NotNil(t, tab)
	entry := func(label string) *widget.Entry { return formField(tab, tr.T(label)).(*widget.Entry) }
	choice := func(label string) *widget.Select { return formField(tab, tr.T(label)).(*widget.Select) }
	check := func(label string) *widget.Check { return formField(tab, tr.T(label)).(*widget.Check) }
	wait(func() {
		assert.Equal(t, "https://a.example", entry("settings.server").Text)
		assert.Equal(t, "1.1", choice("settings.api_version").Selected)
		assert.Equal(t, "k1", entry("settings.key").Text)
		assert.Equal(t, "2", entry("settings.camera").Text)
		assert.Equal(t, "mic", entry("settings.mic").Text)
		assert.Equal(t, "Português (Brasil)", choice("settings.language").Selected, "plain pt is Brazilian")
		assert.Equal(t, "", entry("settings.pin").Text, "the PIN is never shown")
		assert.Equal(t, "90", entry("settings.idle").Text)
		assert.False(t, check("staff.with_voice").Checked)
		assert.Equal(t, "Passport", choice("settings.document").Selected)
		assert.Equal(t, "3", entry("settings.doc_camera").Text)
		assert.True(t, check("settings.speak").Checked)
		assert.True(t, check("a11y.large").Checked)
		assert.False(t, check("a11y.contrast").Checked)
		assert.Equal(t, "40", entry("a11y.settings.warning").Text)
		assert.Equal(t, "12", entry("a11y.settings.result").Text)
		assert.Equal(t, "5", entry("a11y.settings.ref_min").Text)
		assert.Equal(t, "9", entry("a11y.settings.ref_max").Text)
	})
	status := func() (text string) {
		wait(func() {
			for _, o := range tab.(*fyne.Container).Objects {
				if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 2 {
					if l, ok := c.Objects[1].(*widget.Label); ok {
						text = l.Text
					}
				}
			}
		})
		return text
	}

	wait(func() {
		entry("settings.server").SetText("  https://b.example  ")
		choice("settings.api_version").SetSelected("1.0")
		entry("settings.key").SetText("k2")
		entry("settings.secret").SetText("s3cret")
		entry("settings.camera").SetText(" 0 ")
		entry("settings.mic").SetText("")
		choice("settings.language").SetSelected("Español")
		entry("settings.pin").SetText("80917")
		entry("settings.idle").SetText("abc")
		check("staff.with_voice").SetChecked(true)
		choice("settings.document").SetSelected("None")
		entry("settings.doc_camera").SetText("")
		check("settings.speak").SetChecked(false)
		check("a11y.large").SetChecked(false)
		check("a11y.contrast").SetChecked(true)
		entry("a11y.settings.warning").SetText("5")
		entry("a11y.settings.result").SetText("7")
		entry("a11y.settings.ref_min").SetText("0")
		entry("a11y.settings.ref_max").SetText("11")
		test.Tap(widgets.FindButton(tab, "Save"))
	})
	assert.Equal(t, "Saved. Changes apply to the next session.", status())
	assert.Equal(t, core.Values{Server: "https://b.example", APIVersion: "1.0", Key: "k2", Camera: "0", Microphone: "", Language: "es",
		IdleSeconds: 60, VoiceStep: true, SpokenGuidance: false, Document: "", DocumentCamera: "", LargeText: false, HighContrast: true,
		IdleWarningSeconds: 20, ResultSeconds: 7, RefMinDigits: 1, RefMaxDigits: 11}, st.Values())
	assert.Equal(t, "s3cret", srv.secret)
	assert.True(t, st.CheckPIN("80917"), "the new PIN")
	wait(func() { assert.Empty(t, entry("settings.secret").Text, "the secret is cleared once saved") })

	wait(func() {
		entry("a11y.settings.ref_min").SetText("12")
		entry("a11y.settings.ref_max").SetText("6")
		entry("settings.camera").SetText("4")
		test.Tap(widgets.FindButton(tab, "Save"))
	})
	assert.Equal(t, "The fewest digits of a customer number (12) cannot be more than the most (6). Nothing was saved.", status())
	assert.Equal(t, "0", st.Camera(), "nothing stored")
}

// Staff Settings can be saved at 1024×768: Save stays on screen.
func TestStaffSettingsSaveOnScreen(t *testing.T) {
	for _, scale := range []float32{1, 1.3} {
		a := test.NewApp()
		t.Cleanup(a.Quit)
		a.Settings().SetTheme(widgets.Theme{Scale: scale})
		tr := uitest.Translator(t, "pt-BR")
		w := test.NewWindow(nil)
		t.Cleanup(w.Close)
		w.Resize(fyne.NewSize(1024, 768))
		s := New(w, uitest.Inline, fakes.Services{Caps: flow.AllCapabilities}, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil)
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
