package records

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"biokiosk/internal/testkit/pgtest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// engines open a fresh store on each database: the same contract holds
// for both. where returns the address a second process would open.
var engines = []struct {
	name  string
	where func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), FileName) }},
	{"postgres", func(t *testing.T) string { return pgtest.DSN(t) }},
}

func openAt(t *testing.T, where string) *Store {
	t.Helper()
	s, err := Open(t.Context(), where)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// free reserves a number that must be free.
func free(t *testing.T, s *Store, ref, token string) {
	t.Helper()
	owner, took, err := s.Reserve(t.Context(), ref, token)
	require.NoError(t, err)
	require.False(t, took, "%s is taken by %q", ref, owner)
}

// taken reserves a number that must be taken and returns its owner.
func taken(t *testing.T, s *Store, ref, token string) string {
	t.Helper()
	owner, took, err := s.Reserve(t.Context(), ref, token)
	require.NoError(t, err)
	require.True(t, took, "%s is free", ref)
	return owner
}

func TestContract(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			where := e.where(t)
			s := openAt(t, where)
			ctx := t.Context()

			// A registration reserves, then binds; a second one is refused
			// while it runs and after it, with the owner named.
			free(t, s, "770", "session-a")
			_, ok, err := s.Lookup(ctx, "770")
			require.NoError(t, err)
			assert.False(t, ok, "a reservation is not a user")
			assert.Empty(t, taken(t, s, "770", "session-b"), "in progress")
			free(t, s, "770", "session-a") // the same registration may reserve again
			require.NoError(t, s.Bind(ctx, "770", "session-a", "user-a"))
			assert.Equal(t, "user-a", taken(t, s, "770", "session-b"))
			assert.Error(t, s.Bind(ctx, "770", "session-b", "user-b"), "no reservation, no bind")
			id, ok, err := s.Lookup(ctx, "770")
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, "user-a", id)
			ref, ok, err := s.CustomerNumber(ctx, "user-a")
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, "770", ref)
			// The reverse look-up: a reservation is nobody's number, and a
			// user the directory does not know has none.
			free(t, s, "779", "session-r")
			for _, nobody := range []string{"", "user-z"} {
				ref, ok, err = s.CustomerNumber(ctx, nobody)
				require.NoError(t, err)
				assert.False(t, ok, "%q", nobody)
				assert.Empty(t, ref)
			}
			require.NoError(t, s.Release(ctx, "779", "session-r"))

			// Release drops only its own reservation, never a bound entry.
			require.NoError(t, s.Release(ctx, "770", "session-a"))
			_, ok, _ = s.Lookup(ctx, "770")
			assert.True(t, ok)
			free(t, s, "771", "session-c")
			require.NoError(t, s.Release(ctx, "771", "session-d"))
			taken(t, s, "771", "session-e")
			require.NoError(t, s.Release(ctx, "771", "session-c"))
			free(t, s, "771", "session-e")

			// A stale reservation (a kiosk killed mid-registration) is taken over.
			s.now = func() time.Time { return time.Now().Add(ReservationTTL + time.Minute) }
			free(t, s, "771", "session-f")
			assert.Error(t, s.Bind(ctx, "771", "session-e", "user-e"))
			s.now = time.Now

			// Staff re-enrolment forgets the number (after deleting its
			// user), then registers it again as anyone would.
			require.NoError(t, s.Forget(ctx, "770"))
			_, ok, _ = s.Lookup(ctx, "770")
			assert.False(t, ok)
			free(t, s, "770", "session-g")
			require.NoError(t, s.Bind(ctx, "770", "session-g", "user-a2"))
			id, _, _ = s.Lookup(ctx, "770")
			assert.Equal(t, "user-a2", id)
			_, ok, _ = s.CustomerNumber(ctx, "user-a")
			assert.False(t, ok, "the forgotten user has no number any more")
			ref, _, _ = s.CustomerNumber(ctx, "user-a2")
			assert.Equal(t, "770", ref)
			require.NoError(t, s.Forget(ctx, "770"))

			// Audit log.
			t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
			require.NoError(t, s.Log(ctx, Session{StartedAt: t0, KioskID: "branch-7", Flow: "enroll", Outcome: "ALREADY_REGISTERED",
				CustomerNumber: "770", ErrorCode: "ALREADY_REGISTERED", Steps: []Step{{Step: "reserve", Result: "taken", Attempts: 1}}}))
			got, err := s.Latest(ctx, 5)
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, "branch-7", got[0].KioskID)
			assert.Equal(t, "770", got[0].CustomerNumber)
			assert.True(t, got[0].StartedAt.Equal(t0))

			// The journal: a live registration's entry is not due; a failed
			// deletion, a dead process's and a stale entry are; all survive
			// reopening.
			j := s.Journal("biometrid")
			live, dead := Holder("inst-a")+"/r1", "ghost/1/1/r2"
			require.NoError(t, s.Heartbeat(ctx, LeaseOf(live), "inst-a", "branch-7"))
			require.NoError(t, j.Created(ctx, "in-progress", "772", live))
			require.NoError(t, j.Created(ctx, "failed", "773", live))
			require.NoError(t, j.Pending(ctx, "failed", "server down"))
			require.NoError(t, j.Created(ctx, "killed", "774", dead))
			require.NoError(t, j.Created(ctx, "completed", "775", live))
			require.NoError(t, j.Settled(ctx, "completed"))
			require.NoError(t, s.Close())
			s2 := openAt(t, where)
			j2 := s2.Journal("biometrid")
			all, err := j2.All(ctx)
			require.NoError(t, err)
			assert.Len(t, all, 3)
			due, err := j2.Due(ctx, func(h string) bool { return h == dead })
			require.NoError(t, err)
			require.Len(t, due, 2)
			assert.Equal(t, "failed", due[0].UserID)
			assert.Equal(t, "server down", due[0].LastError)
			assert.Equal(t, 1, due[0].Attempts)
			assert.Equal(t, "killed", due[1].UserID)
			expireLease(t, s2, LeaseOf(live))
			due, _ = j2.Due(ctx, func(h string) bool { return h == dead })
			assert.Len(t, due, 3, "once the live one's lease ran out every entry is due")
			require.NoError(t, s2.Heartbeat(ctx, LeaseOf(live), "inst-a", "branch-7"))
			none, err := s2.Journal("verifik").All(ctx)
			require.NoError(t, err)
			assert.Empty(t, none, "journals are per back end")

			// Vendor ids are kept, replaced and forgotten.
			require.NoError(t, s2.KeepVendorIDs(ctx, VendorIDs{UserID: "u1", Backend: "biopassid", VendorID: "bp-1", AccountID: "acct"}))
			require.NoError(t, s2.KeepVendorIDs(ctx, VendorIDs{UserID: "u1", Backend: "biopassid", VendorID: "bp-2", AccountID: "acct"}))
			v, ok, err := s2.VendorIDsOf(ctx, "u1")
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, "bp-2", v.VendorID)
			require.NoError(t, s2.ForgetVendorIDs(ctx, "u1"))
			_, ok, _ = s2.VendorIDsOf(ctx, "u1")
			assert.False(t, ok)

			// A dead process's reservation is released; a live one's stays.
			free(t, s2, "776", dead)
			free(t, s2, "777", live)
			n, err := s2.ReleaseDead(ctx, func(tok string) bool { return tok == dead })
			require.NoError(t, err)
			assert.Equal(t, 1, n)
			free(t, s2, "776", "someone")
			taken(t, s2, "777", "someone")
		})
	}
}

// Many kiosks (stores with their own connections) reserve one number at
// the same moment: exactly one wins.
func TestOneWinner(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			where := e.where(t)
			const kiosks = 8
			stores := make([]*Store, kiosks)
			for i := range stores {
				stores[i] = openAt(t, where)
			}
			for round := 0; round < 5; round++ {
				ref := "9" + string(rune('0'+round))
				var wg sync.WaitGroup
				var mu sync.Mutex
				wins, taken := 0, 0
				start := make(chan struct{})
				for i, s := range stores {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						_, took, err := s.Reserve(context.Background(), ref, "kiosk-"+string(rune('a'+i)))
						mu.Lock()
						defer mu.Unlock()
						switch {
						case err != nil:
							t.Errorf("kiosk %d: %v", i, err)
						case took:
							taken++
						default:
							wins++
						}
					}()
				}
				close(start)
				wg.Wait()
				assert.Equal(t, 1, wins, "round %d", round)
				assert.Equal(t, kiosks-1, taken, "round %d", round)
			}
		})
	}
}

// A SQLite file made before versioning (today's kiosks) migrates in place
// and keeps its entries.
func TestMigratesOldSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = db.Exec(sqlite{}.migrations()[0])
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO directory (reference_id, user_id, updated_at) VALUES ('42', 'old-user', '2026-01-01T00:00:00Z')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s := openAt(t, path)
	id, ok, err := s.Lookup(t.Context(), "42")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "old-user", id)
	assert.Equal(t, "old-user", taken(t, s, "42", "x"))
	require.NoError(t, s.Close())
	// Opening again (and two processes opening at once) applies nothing twice.
	openAt(t, path)
}

// Several kiosks starting at once on a new PostgreSQL database migrate it
// once.
func TestConcurrentMigration(t *testing.T) {
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), dsn)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
}

// When the PostgreSQL server goes away the directory says so clearly and
// writes nothing; once it is back the same Store works again.
func TestPostgresConnectionLoss(t *testing.T) {
	dsn := pgtest.DSN(t)
	srv := pgtest.Shared(t)
	s := openAt(t, dsn)
	ctx := t.Context()
	free(t, s, "500", "a")
	require.NoError(t, srv.Kill())
	restarted := false
	t.Cleanup(func() {
		if !restarted {
			_ = srv.Restart()
		}
	})
	err := s.Bind(ctx, "500", "a", "user-500")
	require.ErrorIs(t, err, ErrUnavailable)
	assert.NotContains(t, err.Error(), "password")
	_, _, err = s.Lookup(ctx, "500")
	require.ErrorIs(t, err, ErrUnavailable)
	require.ErrorIs(t, s.Log(ctx, Session{StartedAt: time.Now(), Flow: "enroll", Outcome: "FAILED"}), ErrUnavailable)

	require.NoError(t, srv.Restart())
	restarted = true
	require.Eventually(t, func() bool { _, _, err := s.Lookup(ctx, "500"); return err == nil }, 30*time.Second, 100*time.Millisecond)
	_, ok, err := s.Lookup(ctx, "500")
	require.NoError(t, err)
	assert.False(t, ok, "the failed bind wrote nothing")
	require.NoError(t, s.Bind(ctx, "500", "a", "user-500"))
	got, err := s.Latest(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, got, "the failed log wrote nothing")
}

func TestPostgresErrorsHideThePassword(t *testing.T) {
	_, err := Open(t.Context(), "postgres://kiosk:s3cret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
	assert.ErrorIs(t, err, ErrUnavailable)
}

func TestHolderAndDeadHere(t *testing.T) {
	h := Holder("inst-a")
	assert.Equal(t, h, LeaseOf(h+"/random"))
	here := DeadHere("inst-a")
	assert.False(t, here(h), "this process runs")
	assert.False(t, here(h+"/random"), "a token of this process")
	p, ok := parseHolder(h)
	require.True(t, ok)
	assert.True(t, here(fmt.Sprintf("k:inst-a:%s:999999999:1/x", p.boot)), "no such pid on this install and boot")
	assert.True(t, here(fmt.Sprintf("k:inst-a:%s:%d:1", p.boot, p.pid)), "the pid with another start time was reused")
	assert.False(t, here("k:inst-a:other-boot:999999999:1/x"), "another boot (a clone of this install) waits for its lease")
	assert.False(t, DeadHere("inst-b")(fmt.Sprintf("k:inst-a:%s:999999999:1/x", p.boot)), "another install, even with this host name, waits for its lease")
	host, _ := os.Hostname()
	assert.False(t, here(host+"/999999999/1/x"), "tokens from before instance ids wait for the TTL")
	assert.Empty(t, LeaseOf(host+"/999999999/1/x"))
	assert.False(t, here("garbage"))
}

// expireLease makes a process's lease run out, as LeaseTTL without a
// heartbeat would.
func expireLease(t *testing.T, s *Store, holder string) {
	t.Helper()
	_, err := s.exec(t.Context(), `UPDATE leases SET heartbeat_at = ? WHERE holder = ?`, stamp(time.Now().Add(-LeaseTTL-time.Hour)), holder)
	require.NoError(t, err)
}

// Two kiosks cloned from one image (one host name, two installs): B's
// clean-up and reservations never touch A's live registration, even when
// A's pid does not exist on B's machine; once A's lease runs out (A died)
// B releases what A left, and a lease A ended at once.
func TestLeasesKeepLiveRegistrations(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			s := openAt(t, e.where(t))
			ctx := t.Context()
			deadOnB := DeadHere("inst-b")
			// A runs on another machine with this host name: its pid means
			// nothing here (as the host name alone did before).
			a := "k:inst-a:0123456789ab:4194000:77"
			require.NoError(t, s.Heartbeat(ctx, a, "inst-a", "branch-1"))
			free(t, s, "880", a+"/r1")
			j := s.Journal("biometrid")
			require.NoError(t, j.Created(ctx, "user-a", "880", a+"/r1"))

			due, err := j.Due(ctx, deadOnB)
			require.NoError(t, err)
			assert.Empty(t, due, "A's live registration is not B's to clean up")
			n, err := s.ReleaseDead(ctx, deadOnB)
			require.NoError(t, err)
			assert.Zero(t, n)
			assert.Empty(t, taken(t, s, "880", Holder("inst-b")+"/r2"), "B cannot take A's number while A lives")
			old := stamp(time.Now().Add(-ReservationTTL - time.Hour))
			_, err = s.exec(ctx, `UPDATE directory SET updated_at = ? WHERE reference_id = '880'`, old)
			require.NoError(t, err)
			_, err = s.exec(ctx, `UPDATE cleanups SET created_at = ? WHERE user_id = 'user-a'`, old)
			require.NoError(t, err)
			assert.Empty(t, taken(t, s, "880", Holder("inst-b")+"/r2"), "nor after ReservationTTL: A's lease holds")
			due, _ = j.Due(ctx, deadOnB)
			assert.Empty(t, due)

			// A dies: no heartbeat for LeaseTTL.
			expireLease(t, s, a)
			due, err = j.Due(ctx, deadOnB)
			require.NoError(t, err)
			require.Len(t, due, 1)
			assert.Equal(t, "user-a", due[0].UserID)
			n, err = s.ReleaseDead(ctx, deadOnB)
			require.NoError(t, err)
			assert.Equal(t, 1, n)

			// A lease renewed holds again; one ended is gone at once, and
			// its number can be taken over by a reservation.
			require.NoError(t, s.Heartbeat(ctx, a, "inst-a", "branch-1"))
			free(t, s, "881", a+"/r3")
			taken(t, s, "881", Holder("inst-b")+"/r4")
			require.NoError(t, s.EndLease(ctx, a))
			free(t, s, "881", Holder("inst-b")+"/r4")
		})
	}
}
