package staff

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/flow"
	"biokiosk/internal/testkit/uitest"
	"biokiosk/internal/testkit/uitest/fakes"
	"biokiosk/ui/core"
	"biokiosk/ui/flowscreen"
	"biokiosk/ui/i18n"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dirServices is a Services with a directory: customer number → user id.
type dirServices struct {
	fakes.Services
	numbers   map[string]string
	down      bool  // the records cannot be reached
	statusErr error // EnrollStatus fails with it
	nothing   bool  // EnrollStatus finds nothing enrolled

	mu      sync.Mutex
	deleted []string
}

func (d *dirServices) ResolveCustomerNumber(_ context.Context, ref string) (string, bool, error) {
	if d.down {
		return "", false, errors.New("records down")
	}
	u, ok := d.numbers[ref]
	return u, ok, nil
}

func (d *dirServices) CustomerNumber(_ context.Context, userID string) (string, bool, error) {
	if d.down {
		return "", false, errors.New("records down")
	}
	for ref, u := range d.numbers {
		if u == userID {
			return ref, true, nil
		}
	}
	return "", false, nil
}

func (d *dirServices) EnrollStatus(context.Context, string) (flow.EnrollStatus, error) {
	if d.statusErr != nil {
		return flow.EnrollStatus{}, d.statusErr
	}
	if d.nothing {
		return flow.EnrollStatus{}, nil
	}
	return flow.EnrollStatus{Face: true}, nil
}

// codedErr is a back end's error with a code, as the API clients' are.
type codedErr struct{ code, msg string }

func (e codedErr) Error() string { return e.msg }
func (e codedErr) Code() string  { return e.code }

func (d *dirServices) Delete(_ context.Context, what flow.DeletionKind, userID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.deleted = append(d.deleted, string(what)+" "+userID)
	return nil
}

// staffRig is a staff app on a serial UI loop, in a test window.
type staffRig struct {
	s    *App
	w    fyne.Window
	wait func(func())
}

func newStaffRig(t *testing.T, lang string, svc core.Services) *staffRig {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, lang)
	require.NoError(t, err)
	do, wait := uitest.SerialLoop(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1024, 768))
	r := &staffRig{w: w, wait: wait}
	wait(func() { r.s = New(w, do, svc, tr, core.NewSettings(a.Preferences(), uitest.NopStore{}), nil) })
	return r
}

// until waits for cond (run on the UI loop) to hold.
func (r *staffRig) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var ok bool
		r.wait(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// tab is the content of the tab named name.
func (r *staffRig) tab(name string) (obj fyne.CanvasObject) {
	r.wait(func() {
		for _, it := range r.s.Tabs.Items {
			if it.Text == name {
				obj = it.Content
			}
		}
	})
	return obj
}

// The look-up names the user by id and customer number, whichever was
// typed, and says so in words when the records hold no number.
func TestStaffLookUpShowsTheCustomerNumberBesideTheUserID(t *testing.T) {
	svc := &dirServices{Services: fakes.Services{Caps: flow.AllCapabilities}, numbers: map[string]string{"770": "u-1"}}
	r := newStaffRig(t, "en", svc)
	tab := r.tab("Look up")
	var entry *widget.Entry
	var status *widget.Label
	r.wait(func() {
		uitest.Visit(tab, func(o fyne.CanvasObject) {
			switch o := o.(type) {
			case *widget.Entry:
				entry = o
			case *widget.Label:
				if status == nil {
					status = o
				}
			}
		})
	})
	require.NotNil(t, entry)
	lookUp := func(in string) string {
		r.wait(func() { status.SetText(""); entry.SetText(in); test.Tap(widgets.FindButton(tab, "Look up")) })
		var got string
		r.until(t, "the status", func() bool { got = status.Text; return got != "" })
		return got
	}
	want := "user u-1 (customer number 770): Enrolled — face: yes, voice: no"
	assert.Equal(t, want, lookUp("u-1"), "typed the user id: the number beside it")
	assert.Equal(t, want, lookUp("770"), "typed the number: the user id beside it")
	assert.Equal(t, "user u-9 (no customer number on record): Enrolled — face: yes, voice: no", lookUp("u-9"))
	svc.down = true
	assert.Contains(t, lookUp("u-1"), "user u-1 (the customer number could not be looked up")
}

// A number that is neither on record nor a user with anything enrolled
// is said to have nothing registered (before: "user 551 (no customer
// number on record): That did not work. (USERID_NOT_EXISTS …)"), and no
// delete button is offered; a number on record with nothing enrolled
// still shows its status.
func TestStaffLookUpOfAnUnknownNumber(t *testing.T) {
	svc := &dirServices{Services: fakes.Services{Caps: flow.AllCapabilities}, numbers: map[string]string{"770": "u-1"}, nothing: true}
	r := newStaffRig(t, "es", svc)
	tab := r.tab("Consultar")
	var entry *widget.Entry
	r.wait(func() {
		uitest.Visit(tab, func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok {
				entry = e
			}
		})
		entry.SetText("551")
		test.Tap(widgets.FindButton(tab, "Consultar"))
	})
	r.until(t, "the answer", func() bool { return uitest.ContainsLabel(tab, "No hay nada registrado con 551") })
	r.wait(func() { assert.True(t, widgets.FindButton(tab, "Borrar usuario").Disabled()) })
	r.wait(func() { entry.SetText("770"); test.Tap(widgets.FindButton(tab, "Consultar")) })
	r.until(t, "the status", func() bool {
		return uitest.ContainsLabel(tab, "usuario u-1 (número de cliente 770): Registrado — cara: no, voz: no")
	})
	r.wait(func() {
		assert.False(t, widgets.FindButton(tab, "Borrar usuario").Disabled(), "a user on record can be deleted")
	})
}

// A failed look-up says what went wrong in the staff's language, with the
// technical detail after it for IT (before: only the detail, in English).
func TestStaffLookUpFailureIsInTheStaffsLanguage(t *testing.T) {
	svc := &dirServices{Services: fakes.Services{Caps: flow.AllCapabilities}, numbers: map[string]string{"770": "u-1"},
		statusErr: codedErr{string(flow.CodeServerUnreachable), "Get \"https://api.example/users/u-1\": dial tcp: connection refused"}}
	r := newStaffRig(t, "pt-BR", svc)
	tab := r.tab("Consultar")
	var entry *widget.Entry
	r.wait(func() {
		uitest.Visit(tab, func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok {
				entry = e
			}
		})
		entry.SetText("770")
		test.Tap(widgets.FindButton(tab, "Consultar"))
	})
	want := "usuário u-1 (número de cliente 770): Não conseguimos contatar o serviço do banco. Tente de novo em instantes."
	r.until(t, "the failure", func() bool { return uitest.ContainsLabel(tab, want) })
	assert.True(t, uitest.ContainsLabel(tab, "(SERVER_UNREACHABLE: Get \"https://api.example/users/u-1\": dial tcp: connection refused)"), "the detail after it")
	svc.statusErr = errors.New("boom")
	r.wait(func() { entry.SetText("771"); entry.SetText("770"); test.Tap(widgets.FindButton(tab, "Consultar")) })
	r.until(t, "the uncoded failure", func() bool { return uitest.ContainsLabel(tab, "Não foi possível. (boom)") })
}

// A deletion's confirmation names the user by id and customer number,
// and the deletion goes to the user the confirmation named. The delete
// buttons wait for a look-up (before, one deleted whatever was typed,
// unseen): enabled once it named the user, face and voice only when
// enrolled, and disabled again when the entry is edited.
func TestStaffDeleteConfirmationNamesTheCustomerNumber(t *testing.T) {
	svc := &dirServices{Services: fakes.Services{Caps: flow.AllCapabilities}, numbers: map[string]string{"770": "u-1"}}
	r := newStaffRig(t, "es", svc)
	tab := r.tab("Consultar")
	require.NotNil(t, tab)
	var entry *widget.Entry
	disabled := func() (out []string) {
		for _, name := range []string{"Borrar rostro", "Borrar voz", "Borrar usuario"} {
			if b := widgets.FindButton(tab, name); b == nil || b.Disabled() {
				out = append(out, name)
			}
		}
		return out
	}
	all := []string{"Borrar rostro", "Borrar voz", "Borrar usuario"}
	r.wait(func() {
		uitest.Visit(tab, func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok {
				entry = e
			}
		})
		entry.SetText("770")
		assert.Equal(t, all, disabled(), "nothing looked up")
		test.Tap(widgets.FindButton(tab, "Borrar usuario"))
		assert.Nil(t, r.s.DeleteDialog, "a disabled button asks nothing")
		test.Tap(widgets.FindButton(tab, "Consultar"))
	})
	r.until(t, "the look-up", func() bool { return uitest.ContainsLabel(tab, "usuario u-1 (número de cliente 770):") })
	r.wait(func() {
		assert.Equal(t, []string{"Borrar voz"}, disabled(), "the face is enrolled, the voice not")
		entry.SetText("771")
		assert.Equal(t, all, disabled(), "edited: the look-up no longer names whom a button would delete")
		assert.False(t, uitest.ContainsLabel(tab, "usuario u-1"), "nor its status")
		entry.SetText("770")
		test.Tap(widgets.FindButton(tab, "Consultar"))
	})
	r.until(t, "the look-up again", func() bool { return len(disabled()) == 1 })
	r.wait(func() { test.Tap(widgets.FindButton(tab, "Borrar usuario")) })
	r.until(t, "the confirmation", func() bool { return r.s.DeleteDialog != nil })
	var texts []string
	r.wait(func() {
		uitest.Visit(r.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok {
				texts = append(texts, l.Text)
			}
		})
	})
	assert.Contains(t, texts, "¿Borrar esto para usuario u-1 (número de cliente 770)? No se puede deshacer.")
	r.wait(func() {
		var del *widget.Button
		uitest.Visit(r.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && b.Text == "Borrar usuario" {
				del = b
			}
		})
		require.NotNil(t, del)
		test.Tap(del)
	})
	r.until(t, "the deletion", func() bool { svc.mu.Lock(); defer svc.mu.Unlock(); return len(svc.deleted) == 1 })
	assert.Equal(t, []string{"user u-1"}, svc.deleted)
	r.until(t, "the status", func() bool {
		return uitest.ContainsLabel(tab, "Borrar usuario ✓ usuario u-1 (número de cliente 770)")
	})
}

// Every result with a user names it with its customer number: the person
// registered or recognised, a taken number's owner, a duplicate face's
// owner; with none on record, the words say so, in the staff's language.
func TestStaffResultsNameTheCustomerNumber(t *testing.T) {
	svc := &dirServices{Services: fakes.Services{Caps: flow.AllCapabilities}, numbers: map[string]string{"770": "u-1"}}
	r := newStaffRig(t, "pt-BR", svc)
	ctx := t.Context()
	who := func(res flow.Result) []string { return r.s.resultWho(ctx, res) }
	assert.Equal(t, []string{"Pessoa: usuário u-1 (número de cliente 770)"}, who(flow.Result{Outcome: flow.OutcomeEnrolled, CustomerNumber: "770", UserID: "u-1"}))
	assert.Equal(t, []string{"Pessoa: usuário u-1 (número de cliente 770)"}, who(flow.Result{Outcome: flow.OutcomeIdentified, UserID: "u-1"}))
	assert.Equal(t, []string{"Pessoa: usuário u-1 (número de cliente 770)"}, who(flow.Result{Outcome: flow.OutcomeAlreadyRegistered, CustomerNumber: "770", UserID: "u-1"}))
	assert.Equal(t, []string{"Este rosto já está cadastrado para usuário u-1 (número de cliente 770)."},
		who(flow.Result{Outcome: flow.OutcomeAlreadyEnrolled, DetectedID: "u-1", UserID: "u-1", OwnerCustomerNumber: "770"}))
	assert.Equal(t, []string{"Pessoa: usuário u-2 (nenhum número de cliente registrado)"}, who(flow.Result{Outcome: flow.OutcomeVerified, UserID: "u-2"}))
	assert.Empty(t, who(flow.Result{Outcome: flow.OutcomeFailed, Error: &flow.Error{Code: flow.CodeCaptureTimeout}}), "no user, no line")
	svc.down = true // a number the result carries needs no records
	assert.Equal(t, []string{"Pessoa: usuário u-1 (número de cliente 770)"}, who(flow.Result{Outcome: flow.OutcomeVerified, CustomerNumber: "770", UserID: "u-1"}))
	assert.Equal(t, []string{"Este rosto já está cadastrado para usuário u-3 (número de cliente 771)."},
		who(flow.Result{Outcome: flow.OutcomeAlreadyEnrolled, DetectedID: "u-3", OwnerCustomerNumber: "771"}))
	svc.down = false

	// flowscreen.TestResultWhoLinesShowUnderThatResultOnly: the lines are
	// shown under the result, for that result only.
	for _, p := range []*flowscreen.Panel{r.s.Register, r.s.Verify, r.s.Identify, r.s.Adapt, r.s.Document} {
		assert.NotNil(t, p.ResultWho, "every staff tab names its results' users")
	}
}
