package staff

import (
	"biokiosk/flow"
	"biokiosk/ui/i18n"

	"fyne.io/fyne/v2/data/binding"
	"fyne.io/fyne/v2/widget"
)

// choices are a select's values with their labels, in the order shown:
// one table both ways, so a label is never mapped back by hand.
type choices []choice

type choice struct{ value, label string }

// labels are the labels, in order.
func (c choices) labels() []string {
	out := make([]string, len(c))
	for i, ch := range c {
		out[i] = ch.label
	}
	return out
}

// label is value's label ("" when value is not in the table).
func (c choices) label(value string) string {
	for _, ch := range c {
		if ch.value == value {
			return ch.label
		}
	}
	return ""
}

// value is the value labelled label ("" when none is).
func (c choices) value(label string) string {
	for _, ch := range c {
		if ch.label == label {
			return ch.value
		}
	}
	return ""
}

// bind is a select over the table whose choice is b's value: it shows
// b's value selected (a value not in the table becomes "", nothing
// selected) and sets b to the value of each choice made.
func (c choices) bind(b binding.String) *widget.Select {
	v, _ := b.Get()
	_ = b.Set(c.value(c.label(v)))
	s := widget.NewSelect(c.labels(), func(label string) { _ = b.Set(c.value(label)) })
	s.SetSelected(c.label(v))
	return s
}

// languageChoices are the shipped languages by their own names.
func languageChoices() choices {
	out := make(choices, len(i18n.Languages))
	for i, l := range i18n.Languages {
		out[i] = choice{l, i18n.LanguageNames[l]}
	}
	return out
}

// documentChoices are the documents a registration can check, in tr's
// language: none, ID card, passport.
func documentChoices(tr *i18n.Translator) choices {
	return choices{{"", tr.T("doc.kind.none")},
		{string(flow.DocIDCard), tr.T("doc.kind.idcard")}, {string(flow.DocPassport), tr.T("doc.kind.passport")}}
}
