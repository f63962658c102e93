package uitest

import (
	"biokiosk/assets"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/require"
)

// Inline runs UI work at once (a test with one goroutine).
func Inline(f func()) { f() }

// SerialLoop is a UI goroutine for tests whose code posts UI work from
// other goroutines (timers, flows): do queues, wait runs and waits.
func SerialLoop(t *testing.T) (do func(func()), wait func(func())) {
	ch := make(chan func(), 256)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for f := range ch {
			f()
		}
	}()
	var mu sync.Mutex
	closed := false
	t.Cleanup(func() { mu.Lock(); closed = true; close(ch); mu.Unlock(); <-done })
	do = func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		if !closed {
			ch <- f
		}
	}
	wait = func(f func()) {
		fin := make(chan struct{})
		do(func() { f(); close(fin) })
		<-fin
	}
	return do, wait
}

// HasLabel says whether a label under obj shows text.
func HasLabel(obj fyne.CanvasObject, text string) bool {
	return AnyLabel(obj, func(l string) bool { return l == text })
}

// ContainsLabel says whether a label under obj holds sub.
func ContainsLabel(obj fyne.CanvasObject, sub string) bool {
	return AnyLabel(obj, func(l string) bool { return strings.Contains(l, sub) })
}

// AnyLabel says whether the text of a label under obj (in containers,
// not in widgets' renderers) satisfies ok.
func AnyLabel(obj fyne.CanvasObject, ok func(string) bool) bool {
	switch o := obj.(type) {
	case *widget.Label:
		return ok(o.Text)
	case *fyne.Container:
		for _, c := range o.Objects {
			if AnyLabel(c, ok) {
				return true
			}
		}
	}
	return false
}

// Visit walks every object under obj, widgets' renderers included.
func Visit(obj fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if b, ok := obj.(*widgets.Button); ok {
		f(&b.Button) // the kiosk's buttons are Fyne's, with a focus ring
		return
	}
	f(obj)
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			Visit(c, f)
		}
	case fyne.Widget:
		if _, ok := o.(*widget.Button); ok {
			return
		}
		for _, c := range test.WidgetRenderer(o).Objects() {
			Visit(c, f)
		}
	}
}

// Translator is the app's translations in lang.
func Translator(t *testing.T, lang string) *i18n.Translator {
	t.Helper()
	tr, err := i18n.NewTranslator(assets.Translations, lang)
	require.NoError(t, err)
	return tr
}
