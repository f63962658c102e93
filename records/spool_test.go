package records

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func spoolAt(t *testing.T, path string) *Spool {
	t.Helper()
	sp, err := OpenSpool(t.Context(), path)
	require.NoError(t, err)
	t.Cleanup(func() { sp.Close() })
	return sp
}

// Sessions spooled while the audit log is down reach it when it is back,
// in the order they ended, each once (a send repeated after a crash
// adds nothing); a session whose process died is ended ABANDONED; the
// spool is private (0600).
func TestSpoolForwardsInOrderExactlyOnce(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			ctx := t.Context()
			path := filepath.Join(t.TempDir(), "state", SpoolFileName)
			sp := spoolAt(t, path)
			fi, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

			me := Holder("inst-a")
			t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
			for i, out := range []string{"ENROLLED", "FAILED", "VERIFIED"} {
				s := Session{UID: fmt.Sprintf("s%d", i), StartedAt: t0.Add(time.Duration(i) * time.Minute), KioskID: "k1", Flow: "enroll", Outcome: "RUNNING", Steps: []Step{}}
				require.NoError(t, sp.Begin(ctx, me, s))
				s.Steps = append(s.Steps, Step{Step: "face", Result: "enrolled", Attempts: 1})
				require.NoError(t, sp.Update(ctx, s))
				s.Outcome = out
				require.NoError(t, sp.End(ctx, s))
			}
			// A session whose process was killed: its pid no longer runs.
			p, _ := parseHolder(me)
			killed := fmt.Sprintf("k:inst-a:%s:999999999:1", p.boot)
			require.NoError(t, sp.Begin(ctx, killed, Session{UID: "s-killed", StartedAt: t0, KioskID: "k1", Flow: "verify", Outcome: "RUNNING",
				Steps: []Step{{Step: "consent", Result: "given", Attempts: 1}}}))
			require.NoError(t, sp.Begin(ctx, me, Session{UID: "s-running", StartedAt: t0, Flow: "identify", Outcome: "RUNNING"}))

			// The audit log is down: nothing is sent, nothing lost.
			down := openAt(t, e.where(t))
			require.NoError(t, down.Close())
			n, err := sp.Forward(ctx, down)
			assert.Error(t, err)
			assert.Zero(t, n)

			n, err = sp.Abandon(ctx, GoneHere("inst-a"))
			require.NoError(t, err)
			assert.Equal(t, 1, n, "the killed session only; the running one stays open")

			s := openAt(t, e.where(t))
			// A crash after the audit log took s0 but before the spool
			// dropped it: s0 is sent again below.
			first := Session{UID: "s0", StartedAt: t0, KioskID: "k1", Flow: "enroll", Outcome: "ENROLLED", Steps: []Step{}}
			require.NoError(t, s.Log(ctx, first))
			n, err = sp.Forward(ctx, s)
			require.NoError(t, err)
			assert.Equal(t, 4, n)
			n, err = sp.Forward(ctx, s)
			require.NoError(t, err)
			assert.Zero(t, n, "each once")
			got, err := s.Latest(ctx, 10)
			require.NoError(t, err)
			var uids, outcomes []string
			for i := len(got) - 1; i >= 0; i-- {
				uids = append(uids, got[i].UID)
				outcomes = append(outcomes, got[i].Outcome)
			}
			assert.Equal(t, []string{"s0", "s1", "s2", "s-killed"}, uids, "in order, s0 once")
			assert.Equal(t, []string{"ENROLLED", "FAILED", "VERIFIED", "ABANDONED"}, outcomes)
			assert.Equal(t, CodeInterrupted, got[0].ErrorCode)
			assert.Equal(t, []Step{{Step: "consent", Result: "given", Attempts: 1}}, got[0].Steps, "the steps it had done")
			assert.Equal(t, "face", got[1].Steps[0].Step)
			left, err := sp.Pending(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, left, "the running session")
		})
	}
}
