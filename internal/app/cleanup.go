package app

import (
	"context"
	"fmt"

	"biokiosk/biometrics/httpcore"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/logging"
	"biokiosk/records"
)

// journalKey names the server a journal entry belongs to: the back end
// and its URL, or the embedded sandbox (whose port changes per start).
func journalKey(srv config.Server, sandboxed bool) string {
	if sandboxed {
		return srv.Backend + " embedded-sandbox"
	}
	return srv.Backend + " " + srv.URL
}

// SweepReport says what a clean-up did.
type SweepReport struct {
	// Deleted users, Released reservations; Pending entries whose
	// deletion failed again (kept for the next try); Dropped entries whose
	// user id can never be sent (malformed: an older version stored a
	// server's bad id), so no retry can ever settle them.
	Deleted, Released, Pending, Dropped int
	// Left lists the entries still in the journal (failed again, or of
	// registrations still running).
	Left []records.Cleanup
}

func (r SweepReport) String() string {
	s := fmt.Sprintf("%d unfinished users deleted, %d reservations released, %d deletions still failing", r.Deleted, r.Released, r.Pending)
	if r.Dropped > 0 {
		s += fmt.Sprintf(", %d entries with a malformed user id dropped (they can never be sent; check the server by hand)", r.Dropped)
	}
	return s
}

// Sweep finishes what unfinished registrations left behind on the
// configured server: users whose deletion failed, users and reservations
// of kiosk processes that died mid-registration (kill, power cut), and
// kiosks whose lease ran out (records.LeaseTTL). It runs once before an
// App's first runner and on "biokiosk cleanup".
func (a *App) Sweep(ctx context.Context) (SweepReport, error) {
	store, err := a.Records(ctx)
	if err != nil {
		return SweepReport{}, err
	}
	backend, err := a.Backend(ctx, nil)
	if err != nil {
		return SweepReport{}, err
	}
	srv, sb, err := a.Server(ctx)
	if err != nil {
		return SweepReport{}, err
	}
	return a.sweep(ctx, backend, store, store.Journal(journalKey(srv, sb != nil)))
}

// sweep deletes and releases what is due. Another kiosk's entries are
// due only once that kiosk is proven gone (its lease ran out); this
// install's, as soon as their process is gone (records.DeadHere).
func (a *App) sweep(ctx context.Context, backend flow.Backend, store *records.Store, j *records.Journal) (SweepReport, error) {
	var rep SweepReport
	instance, err := a.InstanceID()
	if err != nil {
		return rep, err
	}
	if _, _, err := a.ForwardAudit(ctx); err != nil {
		a.log.Warn("audit spool not forwarded", logging.Err, err)
	}
	dead := records.DeadHere(instance)
	due, err := j.Due(ctx, dead)
	if err != nil {
		return rep, err
	}
	for _, c := range due {
		if neverSendable(c.UserID) {
			if err := j.Settled(ctx, c.UserID); err != nil {
				return rep, err
			}
			rep.Dropped++
			continue
		}
		if err := backend.DeleteUser(ctx, c.UserID); err != nil {
			rep.Pending++
			if err := j.Pending(ctx, c.UserID, err.Error()); err != nil {
				return rep, err
			}
			continue
		}
		if err := j.Settled(ctx, c.UserID); err != nil {
			return rep, err
		}
		rep.Deleted++
	}
	if rep.Released, err = store.ReleaseDead(ctx, dead); err != nil {
		return rep, err
	}
	rep.Left, err = j.All(ctx)
	return rep, err
}

// neverSendable says a journalled user id is malformed (the clients
// refuse such an id from a server since they check ids where they enter;
// an older version could have journalled one): no deletion can be sent
// for it, so keeping the entry would retry it forever.
func neverSendable(userID string) bool {
	return httpcore.CheckID("user id", userID) != nil
}

// DeleteUser deletes a user on the configured back end and then frees
// the customer number it was registered under (staff deletions and
// re-enrolment).
func (a *App) DeleteUser(ctx context.Context, userID string) error {
	backend, err := a.Backend(ctx, nil)
	if err != nil {
		return err
	}
	store, err := a.Records(ctx)
	if err != nil {
		return err
	}
	if err := backend.DeleteUser(ctx, userID); err != nil {
		return fmt.Errorf("delete user %s: %w", userID, err)
	}
	ref, ok, err := store.CustomerNumber(ctx, userID)
	if err != nil || !ok {
		return err
	}
	return store.Forget(ctx, ref)
}
