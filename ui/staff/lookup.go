package staff

import (
	"context"
	"strings"
	"time"

	"biokiosk/flow"
	"biokiosk/ui/widgets"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// lookup is the staff's Look-up tab: a user's enrolment status, and
// deletions after a confirmation. The delete buttons act on the user
// last looked up, not on what is typed: they are enabled once a look-up
// has named the user (face and voice only when that is enrolled), and
// disabled again when the entry is edited, so staff always see whom they
// delete. Its methods run on the UI goroutine unless they say otherwise.
type lookup struct {
	s      *App
	id     *widget.Entry
	status *widget.Label
	// deletes are the delete buttons by what they delete (user, face,
	// voice).
	deletes map[flow.DeletionKind]*widgets.Button
	// found is the user the last look-up named, and who its words.
	found, who string
}

// lookupTimeout bounds a look-up or a deletion with its look-up.
const lookupTimeout = 20 * time.Second

func newLookup(s *App) *lookup {
	l := &lookup{s: s, id: widget.NewEntry(), status: widget.NewLabel(""), deletes: map[flow.DeletionKind]*widgets.Button{}}
	l.id.SetPlaceHolder(s.tr.T("staff.user_id") + " / " + s.tr.T("staff.customer_number"))
	l.id.OnChanged = l.edited
	l.id.OnSubmitted = func(string) { l.look() }
	l.status.Wrapping = fyne.TextWrapWord
	return l
}

// object lays the tab out: the entry, Look up, the status, the deletes.
func (l *lookup) object() fyne.CanvasObject {
	tr := l.s.tr
	return container.NewVBox(l.id, widgets.Big(widgets.NewButton(tr.T("staff.lookup"), l.look)), l.status,
		container.NewHBox(l.deleteButton(flow.DeleteFace), l.deleteButton(flow.DeleteVoice), l.deleteButton(flow.DeleteUser)))
}

// enable enables the deletes that apply to a user with status st (none
// for nil).
func (l *lookup) enable(st *flow.EnrollStatus) {
	for what, b := range l.deletes {
		if st != nil && (what == flow.DeleteUser || what == flow.DeleteFace && st.Face || what == flow.DeleteVoice && st.Voice) {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// edited forgets the user looked up: the entry no longer names them.
func (l *lookup) edited(string) {
	l.found = ""
	l.enable(nil)
	l.status.SetText("")
}

// look looks up what is typed, in the background.
func (l *lookup) look() {
	in := strings.TrimSpace(l.id.Text)
	if in == "" {
		return
	}
	l.enable(nil)
	go l.fetch(in)
}

// fetch reads in as a customer number, else as a user id, and the user's
// status (a goroutine of its own), then shows them.
func (l *lookup) fetch(in string) {
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	u, listed := l.resolve(ctx, in)
	st, err := l.s.svc.EnrollStatus(ctx, u)
	ref := ""
	if listed {
		ref = in
	}
	w := l.s.who(ctx, u, ref)
	l.s.do(func() { l.show(in, u, w, listed, st, err) })
}

// resolve reads in as a customer number, else as a user id; listed says
// the records hold it as a number (any goroutine).
func (l *lookup) resolve(ctx context.Context, in string) (userID string, listed bool) {
	if u, ok, err := l.s.svc.ResolveCustomerNumber(ctx, in); err == nil && ok {
		return u, true
	}
	return in, false
}

// show shows the look-up of in: user u, named w (listed: in is their
// customer number), with status st or the error err.
func (l *lookup) show(in, u, w string, listed bool, st flow.EnrollStatus, err error) {
	tr := l.s.tr
	switch {
	case strings.TrimSpace(l.id.Text) != in: // edited meanwhile
	case err != nil:
		l.status.SetText(w + ": " + l.s.failed(err))
	case !listed && !st.Face && !st.Voice: // neither a number on record nor a user with anything enrolled
		l.status.SetText(tr.T("staff.not_found", in))
	default:
		l.found, l.who = u, w
		l.status.SetText(w + ": " + tr.T("staff.status", yesNo(tr, st.Face), yesNo(tr, st.Voice)))
		l.enable(&st)
	}
}

// deleteButton deletes what (user, face or voice) of the user looked up,
// disabled until a look-up names one.
func (l *lookup) deleteButton(what flow.DeletionKind) *widgets.Button {
	label := l.s.tr.DeletionText(what)
	b := widgets.NewButton(label, func() { l.confirmDelete(what, label) })
	b.Importance = widget.DangerImportance
	b.Disable()
	l.deletes[what] = b
	return b
}

// confirmDelete asks, naming the user looked up by id and customer
// number, then deletes.
func (l *lookup) confirmDelete(what flow.DeletionKind, label string) {
	if l.found == "" {
		return
	}
	uid, w := l.found, l.who
	s := l.s
	s.DeleteDialog = confirmDanger(s.tr, s.win, label, s.tr.T("staff.confirm_delete", w), label, func() {
		l.enable(nil)
		go l.delete(what, label, uid, w)
	})
}

// delete deletes what of user uid, named w, and looks the user up again
// (a goroutine of its own).
func (l *lookup) delete(what flow.DeletionKind, label, uid, w string) {
	ctx, cancel := context.WithTimeout(context.Background(), lookupTimeout)
	defer cancel()
	err := l.s.svc.Delete(ctx, what, uid)
	st, serr := l.s.svc.EnrollStatus(ctx, uid)
	l.s.do(func() {
		if err != nil {
			l.status.SetText(w + ": " + l.s.failed(err))
		} else {
			l.status.SetText(label + " ✓ " + w)
		}
		if l.found == uid && serr == nil && (what != flow.DeleteUser || err != nil) {
			l.enable(&st)
		}
	})
}
