package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"biokiosk/config"
	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/pgtest"
	"biokiosk/internal/testkit/testfiles"
	"biokiosk/records"
	"biokiosk/sandbox"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ownerJSON is a registration's JSON answer with the owner fields.
type ownerJSON struct {
	flowJSON
	CustomerNumber      string `json:"reference_id"`
	DetectedID          string `json:"detected_id"`
	OwnerCustomerNumber string `json:"owner_reference_id"`
}

func runOwnerCLI(t *testing.T, args ...string) (int, ownerJSON, string) {
	t.Helper()
	code, out, errs := runCLI(t, append(args, "--json")...)
	var r ownerJSON
	require.NoError(t, json.Unmarshal([]byte(out), &r), "stdout %q stderr %q", out, errs)
	return code, r, errs
}

// censusOf opens a sandbox database (no process may be serving it) and
// counts what it holds.
func censusOf(t *testing.T, db string) sandbox.Census {
	t.Helper()
	s, err := sandbox.New(context.Background(), sandbox.Config{DB: db})
	require.NoError(t, err)
	defer s.Close()
	c, err := s.Census(context.Background())
	require.NoError(t, err)
	return c
}

// embeddedCensus counts what the embedded sandbox of useEmbeddedSandbox holds.
func embeddedCensus(t *testing.T) sandbox.Census {
	t.Helper()
	return censusOf(t, os.Getenv(config.EnvSandboxDB))
}

// silence is a WAV of 8 s of nothing: a person who never speaks.
func silence(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("sox"); err != nil {
		testfiles.Missing(t, "sox not installed (make test installs it)")
	}
	out := filepath.Join(t.TempDir(), "silence.wav")
	runTool(t, "sox", "-q", "-n", "-r", "16000", "-c", "1", "-b", "16", out, "trim", "0", "8")
	return out
}

// emptyRoom is a camera picture with nobody in it: a plain grey wall.
func emptyRoom(t *testing.T) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 640, 480))
	for i := range img.Pix {
		img.Pix[i] = 110
	}
	p := filepath.Join(t.TempDir(), "empty-room.png")
	f, err := os.Create(p)
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, img))
	require.NoError(t, f.Close())
	return p
}

// Tried as a customer would: A registers 770; B registering 770 again is
// refused without rebinding it, so A still verifies and B does not.
func TestTakeoverIsRefused(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")
	code, a, errs := runOwnerCLI(t, "enroll", "--reference-id", "770", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg"), "--no-voice", "--records", recordsDB)
	require.Equal(t, 0, code, "%+v\n%s", a, errs)

	// biden.jpg turns and tilts his head: widen the gate for him.
	biden := []string{"--camera", facetest.PNG(t, "biden.jpg"), "--max-yaw", "30", "--max-roll", "15", "--records", recordsDB}
	code, b, errs := runOwnerCLI(t, append([]string{"enroll", "--reference-id", "770", "--consent", "yes", "--no-voice"}, biden...)...)
	assert.Equal(t, 1, code, "%+v\n%s", b, errs)
	assert.Equal(t, "ALREADY_REGISTERED", b.Outcome)
	assert.Equal(t, a.UserID, b.UserID, "the answer names the number's owner")
	for _, s := range b.Steps {
		assert.NotEqual(t, "create_user", s.Step, "nothing is created for a taken number")
	}

	code, v, _ := runOwnerCLI(t, "verify", "--reference-id", "770", "--camera", facetest.PNG(t, "obama_small.jpg"), "--records", recordsDB)
	assert.Equal(t, 0, code)
	assert.Equal(t, "VERIFIED", v.Outcome)
	code, v, _ = runOwnerCLI(t, append([]string{"verify", "--reference-id", "770"}, biden...)...)
	assert.Equal(t, 1, code)
	assert.Equal(t, "NOT_VERIFIED", v.Outcome)
	assert.Equal(t, []string{a.UserID}, embeddedCensus(t).Users, "one user, no orphan")

	code, out, _ := runCLI(t, "sessions", "--records", recordsDB)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "ALREADY_REGISTERED")
	assert.Contains(t, out, "770", "sessions shows the customer number")

	// Staff re-enrolment is explicit: --replace deletes A's enrolment
	// first, then B owns 770 and A no longer verifies.
	code, b, errs = runOwnerCLI(t, append([]string{"enroll", "--reference-id", "770", "--consent", "yes", "--no-voice", "--replace"}, biden...)...)
	require.Equal(t, 0, code, "%+v\n%s", b, errs)
	assert.Contains(t, errs, "--replace: deleting the customer number's existing enrolment")
	assert.NotContains(t, errs, a.UserID, "no person's id in the log")
	assert.Equal(t, []string{b.UserID}, embeddedCensus(t).Users, "A's user is gone, B's is the only one")
	code, v, _ = runOwnerCLI(t, "verify", "--reference-id", "770", "--camera", facetest.PNG(t, "obama_small.jpg"), "--records", recordsDB)
	assert.Equal(t, 1, code)
	assert.Equal(t, "NOT_VERIFIED", v.Outcome)
}

// Each failure point leaves nothing on the server that no directory entry
// owns, and the person can register afterwards.
func TestFailedRegistrationsLeaveNoOrphans(t *testing.T) {
	obama := func(t *testing.T) string { return facetest.PNG(t, "obama.jpg") }
	nobody := emptyRoom
	for _, c := range []struct {
		name     string
		args     func(t *testing.T) []string
		outcome  string
		code     string
		noCreate bool // the registration must end before Create User
	}{
		{"camera missing", func(t *testing.T) []string {
			return []string{"--camera", filepath.Join(t.TempDir(), "no-such-camera.png"), "--no-voice"}
		}, "FAILED", "CAMERA_UNAVAILABLE", true},
		{"voice silence", func(t *testing.T) []string {
			return []string{"--camera", obama(t), "--mic", silence(t), "--idle-timeout", "4s"}
		}, "", "", false},
		{"no face comes", func(t *testing.T) []string {
			return []string{"--camera", nobody(t), "--no-voice", "--capture-timeout", "2s"}
		}, "FAILED", "", false},
		{"the person walks away", func(t *testing.T) []string {
			return []string{"--camera", nobody(t), "--no-voice", "--idle-timeout", "1s", "--capture-timeout", "30s"}
		}, "ABANDONED", "IDLE_TIMEOUT", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := apptest.UseEmbeddedSandbox(t)
			recordsDB := filepath.Join(dir, "records.db")
			code, r, errs := runOwnerCLI(t, append([]string{"enroll", "--reference-id", "42", "--consent", "yes", "--records", recordsDB}, c.args(t)...)...)
			assert.NotEqual(t, 0, code, "%+v\n%s", r, errs)
			if c.outcome != "" {
				assert.Equal(t, c.outcome, r.Outcome, "%+v", r.Error)
			}
			if c.code != "" {
				require.NotNil(t, r.Error)
				assert.Equal(t, c.code, r.Error.Code)
			}
			created := false
			for _, s := range r.Steps {
				created = created || s.Step == "create_user"
			}
			assert.Equal(t, !c.noCreate, created, "steps %+v", r.Steps)
			assert.Empty(t, r.UserID)
			assert.Equal(t, sandbox.Census{Users: []string{}}, embeddedCensus(t), "nothing left on the server")

			code, r, errs = runOwnerCLI(t, "enroll", "--reference-id", "42", "--consent", "yes", "--camera", obama(t), "--no-voice", "--records", recordsDB)
			assert.Equal(t, 0, code, "the person can register afterwards: %+v\n%s", r, errs)
			assert.Equal(t, []string{r.UserID}, embeddedCensus(t).Users)
		})
	}
}

// A face already enrolled under another number ends ALREADY_ENROLLED with
// the existing owner's user id and customer number; the new user is deleted.
func TestDuplicateFaceNamesTheOwner(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")
	code, a, errs := runOwnerCLI(t, "enroll", "--reference-id", "100", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg"), "--no-voice", "--records", recordsDB)
	require.Equal(t, 0, code, "%+v\n%s", a, errs)
	code, d, _ := runOwnerCLI(t, "enroll", "--reference-id", "101", "--consent", "yes", "--camera", facetest.PNG(t, "obama-480p.jpg"), "--no-voice", "--records", recordsDB)
	assert.Equal(t, 1, code)
	assert.Equal(t, "ALREADY_ENROLLED", d.Outcome)
	assert.Equal(t, a.UserID, d.UserID)
	assert.Equal(t, a.UserID, d.DetectedID)
	assert.Equal(t, "100", d.OwnerCustomerNumber)
	assert.Equal(t, []string{a.UserID}, embeddedCensus(t).Users, "the duplicate's own user is gone")
	store, err := records.Open(t.Context(), recordsDB)
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	_, ok, err := store.Lookup(t.Context(), "101")
	require.NoError(t, err)
	assert.False(t, ok, "101 stays free")
}

// flaky is a sandbox in front of which the line can be cut: while down,
// every request gets a 503 (after Create User has been answered once, if
// afterCreate).
type flaky struct {
	h           http.Handler
	down        atomic.Bool
	afterCreate atomic.Bool
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.down.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	f.h.ServeHTTP(w, r)
	if f.afterCreate.Load() && r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/users") {
		f.down.Store(true)
	}
}

// A server that goes down right after Create User: the face step fails,
// the deletion fails too and is kept as pending; "biokiosk cleanup" once
// the server is back deletes it. Wrong credentials create nothing.
func TestServerDownAfterCreateUserIsCleanedUpLater(t *testing.T) {
	apptest.NeedModels(t)
	dir := t.TempDir()
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(dir, "none.json"))
	db := filepath.Join(dir, "server.db")
	t.Setenv("BIOKIOSK_STATE_DIR", filepath.Join(dir, "state"))
	sb, err := sandbox.New(context.Background(), sandbox.Config{DB: db, Key: "k", Secret: "s"})
	require.NoError(t, err)
	f := &flaky{h: sb.Handler()}
	hs := httptest.NewServer(f)
	t.Cleanup(func() { hs.Close(); sb.Close() })
	recordsDB := filepath.Join(dir, "records.db")
	server := []string{"--server", hs.URL, "--key", "k", "--secret", "s", "--records", recordsDB}
	census := func() sandbox.Census {
		c, err := sb.Census(context.Background())
		require.NoError(t, err)
		return c
	}

	code, r, _ := runOwnerCLI(t, "enroll", "--reference-id", "55", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg"), "--no-voice",
		"--server", hs.URL, "--key", "k", "--secret", "wrong", "--records", recordsDB)
	assert.Equal(t, 3, code)
	require.NotNil(t, r.Error)
	assert.Equal(t, "INVALID_AUTHENTICATION_HEADERS", r.Error.Code, "the preflight refuses the key")
	assert.Equal(t, "preflight", r.Error.Step)
	assert.Empty(t, census().Users, "nothing created with a wrong key")

	f.afterCreate.Store(true)
	code, r, _ = runOwnerCLI(t, append([]string{"enroll", "--reference-id", "55", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg"), "--no-voice"}, server...)...)
	assert.Equal(t, 3, code)
	assert.Equal(t, "FAILED", r.Outcome)
	pendingStep := ""
	for _, s := range r.Steps {
		if s.Step == "cleanup" {
			pendingStep = s.Result
		}
	}
	assert.Equal(t, "pending", pendingStep)
	assert.Len(t, census().Users, 1, "the server kept the half-made user while it was down")

	code, out, _ := runCLI(t, append([]string{"cleanup"}, server...)...)
	assert.Equal(t, 3, code, "still down: the deletion fails again and stays: %s", out)
	f.afterCreate.Store(false)
	f.down.Store(false)
	code, out, errs := runCLI(t, append([]string{"cleanup"}, server...)...)
	require.Equal(t, 0, code, "%s\n%s", out, errs)
	assert.Contains(t, out, "1 unfinished users deleted")
	assert.Empty(t, census().Users, "the orphan is gone")

	code, r, _ = runOwnerCLI(t, append([]string{"enroll", "--reference-id", "55", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg"), "--no-voice"}, server...)...)
	assert.Equal(t, 0, code, "%+v", r.Error)
}

// startKiosk runs "biokiosk args…" as a child process (a kiosk of its
// own), its stdout (with --json) or its narration on stderr (without)
// read line by line into lines.
func startKiosk(t *testing.T, narration bool, args ...string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	var out io.Reader
	var err error
	if narration {
		out, err = cmd.StderrPipe()
	} else {
		out, err = cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
	}
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, lines
}

// A kiosk killed (kill -9) in the middle of a registration: at the next
// start the dead process's user is deleted and its reservation released,
// so the person can register and the server holds exactly that user.
func TestKill9MidRegistrationThenRestart(t *testing.T) {
	dir := apptest.UseEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")
	cmd, lines := startKiosk(t, true, "enroll", "--reference-id", "88", "--consent", "yes", "--no-voice", "--records", recordsDB,
		"--camera", emptyRoom(t), "--capture-timeout", "60s", "--idle-timeout", "60s")
	deadline := time.After(60 * time.Second)
	for created := false; !created; {
		select {
		case l, ok := <-lines:
			require.True(t, ok, "the kiosk ended before creating the user")
			created = strings.Contains(l, "NEW_USER_CREATED")
		case <-deadline:
			t.Fatal("no user created within 60 s")
		}
	}
	time.Sleep(300 * time.Millisecond) // into the face capture
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	require.Len(t, embeddedCensus(t).Users, 1, "the killed kiosk's user is on the server")

	code, r, errs := runOwnerCLI(t, "enroll", "--reference-id", "88", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg"), "--no-voice", "--records", recordsDB)
	require.Equal(t, 0, code, "the number is free again: %+v\n%s", r, errs)
	assert.Contains(t, errs, "1 unfinished users deleted, 1 reservations released")
	assert.Equal(t, []string{r.UserID}, embeddedCensus(t).Users, "only the new registration's user")

	// The killed session is in the audit log, ABANDONED, before the new one.
	code, out, errs := runCLI(t, "sessions", "--db", recordsDB, "--json")
	require.Equal(t, 0, code, errs)
	var list struct{ Sessions []records.Session }
	require.NoError(t, json.Unmarshal([]byte(out), &list), out)
	require.Len(t, list.Sessions, 2, out)
	killed := list.Sessions[1]
	assert.Equal(t, "enroll", killed.Flow)
	assert.Equal(t, "ABANDONED", killed.Outcome)
	assert.Equal(t, records.CodeInterrupted, killed.ErrorCode)
	assert.NotEmpty(t, killed.Steps, "the steps it had done")
	assert.Equal(t, "ENROLLED", list.Sessions[0].Outcome)
}

// Two kiosks (two processes) on one PostgreSQL directory and one server:
// a customer registered on one verifies on the other; both registering
// the same number at once give one ENROLLED and one ALREADY_REGISTERED,
// and the server holds exactly one user.
func TestTwoKiosksShareAPostgresDirectory(t *testing.T) {
	apptest.NeedModels(t)
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	t.Setenv("BIOKIOSK_CONFIG", filepath.Join(dir, "none.json"))
	t.Setenv("BIOKIOSK_STATE_DIR", filepath.Join(dir, "state")) // the kiosks' state, not the machine's
	db := filepath.Join(dir, "server.db")
	server, url := startSandboxProcess(t, db)
	t.Cleanup(func() { _ = server.Process.Signal(syscall.SIGTERM); _ = server.Wait() })
	common := []string{"--server", url, "--key", "k", "--secret", "s", "--records", dsn, "--no-voice", "--json"}
	run := func(kiosk string, args ...string) ownerJSON {
		cmd, lines := startKiosk(t, false, append(append(args, common...), "--kiosk-id", kiosk)...)
		var out strings.Builder
		for l := range lines {
			out.WriteString(l)
		}
		_ = cmd.Wait()
		var r ownerJSON
		require.NoError(t, json.Unmarshal([]byte(out.String()), &r), out.String())
		return r
	}

	a := run("branch-1", "enroll", "--reference-id", "900", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg"))
	require.Equal(t, "ENROLLED", a.Outcome, "%+v", a.Error)
	v := run("branch-2", "verify", "--reference-id", "900", "--camera", facetest.PNG(t, "obama_small.jpg"))
	assert.Equal(t, "VERIFIED", v.Outcome, "%+v", v.Error)
	assert.Equal(t, a.UserID, v.UserID)

	var wg sync.WaitGroup
	results := make([]ownerJSON, 2)
	// The same person at two kiosks, at the same moment (biden.jpg turns
	// his head: a wider gate).
	for i, cam := range []string{facetest.PNG(t, "biden.jpg"), facetest.PNG(t, "biden.jpg")} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = run("branch-"+string(rune('3'+i)), "enroll", "--reference-id", "901", "--consent", "yes", "--camera", cam,
				"--max-yaw", "30", "--max-roll", "15")
		}()
	}
	wg.Wait()
	outcomes := []string{results[0].Outcome, results[1].Outcome}
	for _, r := range results {
		if r.Error != nil {
			t.Logf("901 at one kiosk: %s %+v", r.Outcome, *r.Error)
		}
	}
	assert.ElementsMatch(t, []string{"ENROLLED", "ALREADY_REGISTERED"}, outcomes, "%+v", results)

	require.NoError(t, server.Process.Signal(syscall.SIGTERM))
	_ = server.Wait()
	c := censusOf(t, db)
	assert.Len(t, c.Users, 1+1, "the first customer and exactly one registration of 901")

	store, err := records.Open(t.Context(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	list, err := store.Latest(t.Context(), 10)
	require.NoError(t, err)
	kiosks := map[string]bool{}
	for _, s := range list {
		kiosks[s.KioskID] = true
	}
	assert.Len(t, kiosks, 4, "every kiosk's sessions are in the one audit log")
}

// Two kiosks built from one image (one host name, two installs) share
// a directory: B's "biokiosk cleanup" during A's registration leaves A's
// user and reservation alone, even though A runs in a PID namespace of
// its own, as on another machine, where its pid means nothing to B. (The
// host name alone made B delete A's user and free its number.)
func TestClonedKiosksKeepEachOthersLiveSessions(t *testing.T) {
	if err := exec.Command("unshare", "--pid", "--fork", "--mount-proc", "--kill-child", "true").Run(); err != nil {
		testfiles.Missing(t, "unshare (a PID namespace, as root) is needed to play a second machine: %v", err)
	}
	dir := apptest.UseEmbeddedSandbox(t)
	recordsDB := filepath.Join(dir, "records.db")
	cmd := exec.Command("unshare", "--pid", "--fork", "--mount-proc", "--kill-child", os.Args[0], "enroll", "--reference-id", "89", "--consent", "yes", "--no-voice",
		"--records", recordsDB, "--camera", emptyRoom(t), "--capture-timeout", "60s", "--idle-timeout", "60s")
	cmd.Env = append(os.Environ(), envRunMain+"=1", "BIOKIOSK_STATE_DIR="+filepath.Join(dir, "kiosk-a"))
	errs, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(errs)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	deadline := time.After(60 * time.Second)
	for created := false; !created; {
		select {
		case l, ok := <-lines:
			require.True(t, ok, "kiosk A ended before creating the user")
			created = strings.Contains(l, "NEW_USER_CREATED")
		case <-deadline:
			t.Fatal("no user created within 60 s")
		}
	}
	go func() {
		for range lines { // keep A's stderr flowing
		}
	}()

	t.Setenv("BIOKIOSK_STATE_DIR", filepath.Join(dir, "kiosk-b"))
	code, out, berrs := runCLI(t, "cleanup", "--records", recordsDB, "--json")
	require.Equal(t, 0, code, "%s\n%s", out, berrs)
	var rep struct {
		Deleted, Released int
		Left              []records.Cleanup
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	assert.Zero(t, rep.Deleted, "B deleted A's live user")
	assert.Zero(t, rep.Released, "B released A's live reservation")
	require.Len(t, rep.Left, 1)
	assert.Equal(t, "89", rep.Left[0].CustomerNumber)
	assert.Len(t, embeddedCensus(t).Users, 1, "A's user is still on the server")
	code, r, _ := runOwnerCLI(t, "enroll", "--reference-id", "89", "--consent", "yes", "--camera", facetest.PNG(t, "obama.jpg"), "--no-voice", "--records", recordsDB)
	assert.Equal(t, 1, code)
	assert.Equal(t, "ALREADY_REGISTERED", r.Outcome, "A's number stays A's while A lives")
}
