package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"biokiosk/internal/testkit/apptest"
	"biokiosk/internal/testkit/pgtest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envRunMain makes the test binary run biokiosk's main instead of the
// tests, so a test can start the real command as a child process.
const envRunMain = "BIOKIOSK_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) == "1" {
		os.Exit(Main())
		return
	}
	// The kiosks' state (instance id, audit spool) of tests that do not
	// choose a folder goes to one of the run's own, not the machine's.
	if os.Getenv("BIOKIOSK_STATE_DIR") == "" {
		dir, err := os.MkdirTemp("", "biokiosk-cli-state-")
		if err != nil {
			panic(err)
		}
		os.Setenv("BIOKIOSK_STATE_DIR", dir)
		code := pgtest.Main(m)
		os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(pgtest.Main(m))
}

// startSandboxProcess runs "biokiosk sandbox" as a child and returns its
// URL.
func startSandboxProcess(t *testing.T, db string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "sandbox", "--addr", "127.0.0.1:0", "--db", db, "--key", "k", "--secret", "s")
	cmd.Env = append(os.Environ(), envRunMain+"=1")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(line, "listening on "), line)
	return cmd, strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
}

func call(ctx context.Context, method, url string) (int, map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("x-biometrid-key", "k")
	req.Header.Set("x-biometrid-secret", "s")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var body map[string]any
	err = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body, err
}

// A kill -9 in the middle of a burst of writes loses nothing that was
// acknowledged: every user whose creation was answered is there after a
// restart.
func TestSandboxKill9KeepsAcknowledgedWrites(t *testing.T) {
	apptest.NeedModels(t)
	db := filepath.Join(t.TempDir(), "durable.db")
	cmd, url := startSandboxProcess(t, db)

	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				code, body, err := call(ctx, "POST", fmt.Sprintf("%s/api/1.0/users?reference_id=w%d-%d", url, w, i))
				if err != nil || code != 200 {
					return // the server is gone
				}
				id, _ := body["data"].(map[string]any)["id"].(string)
				mu.Lock()
				acked = append(acked, id)
				mu.Unlock()
			}
		}(w)
	}
	time.Sleep(700 * time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	wg.Wait()
	cancel()
	require.NotEmpty(t, acked, "no write was acknowledged before the kill")

	cmd2, url2 := startSandboxProcess(t, db)
	defer func() { _ = cmd2.Process.Signal(syscall.SIGTERM); _ = cmd2.Wait() }()
	missing := 0
	for _, id := range acked {
		code, _, err := call(context.Background(), "GET", url2+"/api/1.0/users/"+id+"/enroll/status")
		require.NoError(t, err)
		if code != 200 {
			missing++
		}
	}
	t.Logf("%d acknowledged users before kill -9, %d missing after restart", len(acked), missing)
	assert.Zero(t, missing)
}
