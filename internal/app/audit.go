package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"biokiosk/flow"
	"biokiosk/logging"
	"biokiosk/records"
)

// AuditSpool is the install's audit spool (records.Spool in the state
// dir), opened on first use. Opening it ends the sessions of processes
// that died mid-way (kill -9, power cut) as ABANDONED.
func (a *App) AuditSpool(ctx context.Context) (*records.Spool, error) {
	a.resMu.Lock()
	defer a.resMu.Unlock()
	if a.spool != nil {
		return a.spool, nil
	}
	dir, err := a.StateDir()
	if err != nil {
		return nil, err
	}
	instance, err := a.InstanceID()
	if err != nil {
		return nil, err
	}
	sp, err := records.OpenSpool(ctx, filepath.Join(dir, records.SpoolFileName))
	if err != nil {
		return nil, err
	}
	n, err := sp.Abandon(ctx, records.GoneHere(instance))
	if err != nil {
		sp.Close()
		return nil, err
	}
	if n > 0 {
		a.log.Warn("sessions interrupted by the kiosk's end (kill, crash, power cut) logged ABANDONED", "sessions", n, logging.Code, records.CodeInterrupted)
	}
	a.spool = sp
	return sp, nil
}

// ForwardAudit sends what the audit spool holds to the records' audit
// log (in order, each once) and says how many it sent and how many are
// still waiting.
func (a *App) ForwardAudit(ctx context.Context) (sent, waiting int, err error) {
	sp, err := a.AuditSpool(ctx)
	if err != nil {
		return 0, 0, err
	}
	store, err := a.Records(ctx)
	if err != nil {
		return 0, 0, err
	}
	a.fwdMu.Lock() // one forwarder at a time keeps the order
	defer a.fwdMu.Unlock()
	sent, err = sp.Forward(ctx, store)
	waiting, _ = sp.Pending(ctx)
	return sent, waiting, err
}

// newSessionUID is a session's random id (the audit log's uid and the
// log lines' "session").
func newSessionUID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Sprintf("t%d", time.Now().UnixNano())
	}
	return hex.EncodeToString(b[:])
}

// audited is sink behind the audit log. A session is spooled locally
// when it starts and as its steps pass, and when it ends it is forwarded
// to the records' audit log before the Finished event reaches sink, so a
// front end that shows the result finds the session recorded; when the
// records cannot be reached the session waits in the spool and is
// forwarded when they are back (the lease's heartbeat tries every
// records.HeartbeatEvery). Each session also gets log lines with its
// session, kiosk, step and code (never a person's ids).
func (a *App) audited(store *records.Store, sp *records.Spool, holder string, sink flow.Sink) flow.Sink {
	var mu sync.Mutex
	var cur *records.Session
	instance, _ := a.InstanceID()
	spoolCtx := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), auditTimeout)
	}
	return func(e flow.Event) {
		a.metrics.observe(e)
		switch e := e.(type) {
		case flow.Started:
			s := records.Session{UID: newSessionUID(), StartedAt: time.Now(), KioskID: a.kioskID, InstanceID: instance, Flow: string(e.Flow), Outcome: "RUNNING", Steps: []records.Step{}}
			mu.Lock()
			cur = &s
			mu.Unlock()
			ctx, cancel := spoolCtx()
			if err := sp.Begin(ctx, holder, s); err != nil {
				a.log.Error("audit spool", logging.Session, s.UID, logging.Err, err)
			}
			cancel()
			a.log.Info("session started", logging.Session, s.UID, logging.Kiosk, s.KioskID, logging.Instance, instance, "flow", s.Flow)
		case flow.StepLeft:
			mu.Lock()
			if cur == nil {
				mu.Unlock()
				break
			}
			r := e.Report
			cur.Steps = append(cur.Steps, records.Step{Step: string(r.Step), Result: string(r.Result), Attempts: r.Attempts, MS: r.MS})
			s := *cur
			s.Steps = append([]records.Step(nil), cur.Steps...)
			mu.Unlock()
			ctx, cancel := spoolCtx()
			if err := sp.Update(ctx, s); err != nil {
				a.log.Error("audit spool", logging.Session, s.UID, logging.Err, err)
			}
			cancel()
			a.log.Info("step", logging.Session, s.UID, logging.Kiosk, s.KioskID, logging.Step, string(r.Step), "result", string(r.Result), "attempts", r.Attempts, "ms", r.MS)
		case flow.Failed:
			if e.Err != nil {
				mu.Lock()
				uid := ""
				if cur != nil {
					uid = cur.UID
				}
				mu.Unlock()
				a.log.Warn("flow error", logging.Session, uid, logging.Kiosk, a.kioskID, logging.Step, string(e.Err.Step), logging.Code, string(e.Err.Code))
			}
		case flow.Finished:
			if e.Result.Error != nil && serverFailure(e.Result.Error.Code) {
				a.forgetChecks() // the next preflight asks the server again
			}
			a.finishSession(store, sp, holder, instance, &mu, &cur, e.Result)
		}
		if sink != nil {
			sink(e)
		}
	}
}

// finishSession spools the ended session and forwards the spool.
func (a *App) finishSession(store *records.Store, sp *records.Spool, holder, instance string, mu *sync.Mutex, cur **records.Session, res flow.Result) {
	s := SessionOf(res, a.kioskID, time.Now())
	s.InstanceID = instance
	mu.Lock()
	began := *cur != nil
	if began {
		s.UID, s.StartedAt = (*cur).UID, (*cur).StartedAt
	} else {
		s.UID = newSessionUID()
	}
	*cur = nil
	mu.Unlock()
	if s.Steps == nil {
		s.Steps = []records.Step{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), auditTimeout)
	defer cancel()
	code := s.ErrorCode
	if code == "" {
		code = s.Outcome
	}
	a.log.Info("session ended", logging.Session, s.UID, logging.Kiosk, s.KioskID, "flow", s.Flow, "outcome", s.Outcome, logging.Code, code, "ms", s.MS)
	err := error(nil)
	if !began {
		err = sp.Begin(ctx, holder, s)
	}
	if err == nil {
		err = sp.End(ctx, s)
	}
	if err != nil {
		// No spool (a full disk): straight to the audit log, as before.
		a.log.Error("audit spool", logging.Session, s.UID, logging.Err, err)
		if err := store.Log(ctx, s); err != nil {
			a.log.Error("audit log: the session is lost", logging.Session, s.UID, logging.Err, err)
		}
		return
	}
	if _, waiting, err := a.ForwardAudit(ctx); err != nil {
		a.log.Warn("audit log cannot be reached: the session waits in the local spool and is sent when it is back",
			logging.Session, s.UID, "waiting", waiting, logging.Err, err)
	}
}
