package staff

import (
	"errors"
	"strconv"
	"strings"

	"biokiosk/flow"
	"biokiosk/ui/core"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/widget"
)

// settingsForm is the staff's Settings tab. Its widgets are bound (Fyne
// data binding) to one Values, read from the Settings when the tab is
// built; Save stores that Values. The settings apply from the next
// session.
type settingsForm struct {
	tr *i18n.Translator
	st *core.Settings
	v  core.Values
	// language and document hold the selects' values (not labels).
	language, document binding.String
	// numbers are the number entries as typed, read when saving.
	numbers []numberField
	secret  *widget.Entry
	saved   *widget.Label
}

// numberField is a number entry's text and the setting it sets: a number
// below least (or not a number) sets fallback.
type numberField struct {
	text            binding.String
	to              *int
	least, fallback int
}

func newSettingsForm(tr *i18n.Translator, st *core.Settings) *settingsForm {
	f := &settingsForm{tr: tr, st: st, v: st.Values()}
	f.v.Language = i18n.Canonical(f.v.Language)
	f.language = binding.BindString(&f.v.Language)
	f.document = binding.NewString()
	_ = f.document.Set(string(f.v.Document))
	return f
}

// text is an entry bound to the setting s.
func (f *settingsForm) text(s *string) *widget.Entry {
	return widget.NewEntryWithData(binding.BindString(s))
}

// check is a box bound to the setting b.
func (f *settingsForm) check(b *bool) *widget.Check {
	return widget.NewCheckWithData("", binding.BindBool(b))
}

// number is an entry for the setting n; below least (or not a number)
// saves fallback.
func (f *settingsForm) number(n *int, least, fallback int) *widget.Entry {
	t := binding.NewString()
	_ = t.Set(strconv.Itoa(*n))
	f.numbers = append(f.numbers, numberField{text: t, to: n, least: least, fallback: fallback})
	return widget.NewEntryWithData(t)
}

// object builds the tab: the form scrolls above Save, which stays on
// screen whatever the window's height.
func (f *settingsForm) object() fyne.CanvasObject {
	tr, v := f.tr, &f.v
	v.PIN, v.Secret = "", "" // never read back
	pin := widget.NewPasswordEntry()
	pin.Bind(binding.BindString(&v.PIN))
	pin.SetPlaceHolder(tr.T("settings.pin_unchanged")) // the PIN is kept hashed: never shown
	f.secret = widget.NewPasswordEntry()
	f.secret.Bind(binding.BindString(&v.Secret))
	f.secret.SetPlaceHolder("••••")
	version := choices{{"1.0", "1.0"}, {"1.1", "1.1"}}
	form := widget.NewForm(
		widget.NewFormItem(tr.T("settings.server"), f.text(&v.Server)),
		widget.NewFormItem(tr.T("settings.api_version"), version.bind(binding.BindString(&v.APIVersion))),
		widget.NewFormItem(tr.T("settings.key"), f.text(&v.Key)),
		widget.NewFormItem(tr.T("settings.secret"), f.secret),
		widget.NewFormItem(tr.T("settings.camera"), f.text(&v.Camera)),
		widget.NewFormItem(tr.T("settings.mic"), f.text(&v.Microphone)),
		widget.NewFormItem(tr.T("settings.language"), languageChoices().bind(f.language)),
		widget.NewFormItem(tr.T("settings.pin"), pin),
		widget.NewFormItem(tr.T("settings.idle"), f.number(&v.IdleSeconds, 1, 60)),
		widget.NewFormItem(tr.T("staff.with_voice"), f.check(&v.VoiceStep)),
		widget.NewFormItem(tr.T("settings.document"), documentChoices(tr).bind(f.document)),
		widget.NewFormItem(tr.T("settings.doc_camera"), f.text(&v.DocumentCamera)),
		widget.NewFormItem(tr.T("settings.speak"), f.check(&v.SpokenGuidance)),
		widget.NewFormItem(tr.T("a11y.large"), f.check(&v.LargeText)),
		widget.NewFormItem(tr.T("a11y.contrast"), f.check(&v.HighContrast)),
		// WCAG 2.2.1: a warning of at least 20 s.
		widget.NewFormItem(tr.T("a11y.settings.warning"), f.number(&v.IdleWarningSeconds, 20, 20)),
		widget.NewFormItem(tr.T("a11y.settings.result"), f.number(&v.ResultSeconds, 5, 5)),
		widget.NewFormItem(tr.T("a11y.settings.ref_min"), f.number(&v.RefMinDigits, 1, 1)),
		widget.NewFormItem(tr.T("a11y.settings.ref_max"), f.number(&v.RefMaxDigits, 1, 1)),
	)
	note := widget.NewLabel(tr.T("settings.secret_note"))
	note.Wrapping = fyne.TextWrapWord
	f.saved = widget.NewLabel("")
	f.saved.Wrapping = fyne.TextWrapWord
	save := widgets.Big(widgets.NewButton(tr.T("settings.save"), f.save))
	return container.NewBorder(nil, container.NewVBox(save, f.saved), nil, nil, container.NewVScroll(container.NewVBox(form, note)))
}

// values is what the form holds now, ready to save: text trimmed, the
// selects' values, the numbers read.
func (f *settingsForm) values() core.Values {
	for _, n := range f.numbers {
		s, _ := n.text.Get()
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || v < n.least {
			v = n.fallback
		}
		*n.to = v
	}
	v := f.v
	for _, s := range []*string{&v.Server, &v.Key, &v.Camera, &v.Microphone, &v.DocumentCamera} {
		*s = strings.TrimSpace(*s)
	}
	doc, _ := f.document.Get()
	v.Document = flow.DocType(doc)
	return v
}

// save stores the form's settings and says how that went. A refused
// save stores nothing and keeps what was typed; a stored one clears the
// secret.
func (f *settingsForm) save() {
	err := f.st.Save(f.values())
	var rng *core.RefRangeError
	if errors.As(err, &rng) {
		f.saved.SetText(f.tr.T("settings.ref_range", rng.Min, rng.Max))
		return
	}
	var bad *core.PINError
	if errors.As(err, &bad) {
		f.saved.SetText(f.tr.T("settings.pin_invalid", core.DefaultPIN))
		return
	}
	if err != nil {
		f.saved.SetText(err.Error())
		return
	}
	f.secret.SetText("")
	f.saved.SetText(f.tr.T("settings.saved"))
}
