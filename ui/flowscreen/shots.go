//go:build devtools

package flowscreen

import "biokiosk/flow"

// ShowEvents shows events as if a check of doc sent them (the
// screenshot walk).
func (p *Panel) ShowEvents(doc flow.DocType, events ...flow.Event) {
	p.run.Document = doc
	for _, e := range events {
		p.Event(e)
	}
}
