package app

import (
	"context"
	"testing"
	"time"

	"biokiosk/biometrics"
	"biokiosk/flow"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/pgtest"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/records"
	"biokiosk/ui"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startOwnPostgres starts a PostgreSQL server of the test's own (one it
// may stop) and returns it with a fresh database's DSN.
func startOwnPostgres(t *testing.T) (*pgtest.Server, string) {
	t.Helper()
	bin, err := pgtest.BinDir()
	if err != nil {
		testfiles.Missing(t, "%v", err)
	}
	pg, err := pgtest.Start(bin)
	require.NoError(t, err)
	t.Cleanup(func() { _ = pg.Stop() })
	dsn, err := pg.CreateDB(t.Context())
	require.NoError(t, err)
	return pg, dsn
}

// A fleet kiosk's PostgreSQL directory goes away in the middle of a
// registration: the session is kept in the local spool and reaches the
// audit log once the directory is back, after the session before it and
// exactly once.
func TestAuditSurvivesADirectoryThatGoesAway(t *testing.T) {
	apptest.UseEmbeddedSandbox(t)
	pg, dsn := startOwnPostgres(t)
	a := New(Settings{Server: ServerSettings{Timeout: biometrics.DefaultTimeout}, Records: dsn, StateDir: t.TempDir()})
	t.Cleanup(a.Close)
	ctx := context.Background()

	goAway := false
	sink := func(e flow.Event) {
		if s, ok := e.(flow.StepEntered); ok && s.Step == flow.StepFace && goAway {
			require.NoError(t, pg.Kill())
		}
	}
	r, closeRunner, err := a.NewRunner(ctx, RunnerSpec{Session: ui.Session{Flow: flow.Config{Face: true}, Camera: facetest.PNG(t, "obama.jpg"), Sink: sink}})
	require.NoError(t, err)
	t.Cleanup(closeRunner)
	first := r.Register(ctx, flow.RegisterRequest{CustomerNumber: "ref-1", Consent: true})
	require.Equal(t, flow.OutcomeEnrolled, first.Outcome, "%+v", first.Error)
	store, err := a.Records(ctx)
	require.NoError(t, err)
	list, err := store.Latest(ctx, 10)
	require.NoError(t, err)
	require.Len(t, list, 1, "with the directory up a session is in the audit log at once")

	goAway = true
	second := r.Register(ctx, flow.RegisterRequest{CustomerNumber: "ref-2", Consent: true})
	assert.NotEqual(t, flow.OutcomeEnrolled, second.Outcome, "no directory to bind the number in")
	sp, err := a.AuditSpool(ctx)
	require.NoError(t, err)
	waiting, err := sp.Pending(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, waiting, "the session waits in the spool")

	require.NoError(t, pg.Restart())
	require.Eventually(t, func() bool {
		_, waiting, err := a.ForwardAudit(ctx)
		return err == nil && waiting == 0
	}, 20*time.Second, 200*time.Millisecond)
	_, _, err = a.ForwardAudit(ctx)
	require.NoError(t, err)
	list, err = store.Latest(ctx, 10)
	require.NoError(t, err)
	require.Len(t, list, 2, "each session once")
	assert.Equal(t, "ref-1", list[1].CustomerNumber)
	assert.Equal(t, string(first.Outcome), list[1].Outcome)
	assert.Equal(t, "ref-2", list[0].CustomerNumber, "after the one before it")
	assert.Equal(t, string(second.Outcome), list[0].Outcome)
	assert.NotEmpty(t, list[0].UID)
	assert.NotEmpty(t, list[0].InstanceID)
	assert.Equal(t, list[0].InstanceID, list[1].InstanceID)
	var _ records.Session = list[0]
}
