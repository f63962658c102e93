package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"biokiosk/internal/testkit/apptest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSandboxCommandServesAndStops(t *testing.T) {
	apptest.NeedModels(t)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errb strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, &stdio{in: strings.NewReader(""), out: pw, err: &errb},
			[]string{"sandbox", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "s.db"), "--key", "k", "--secret", "s"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(line, "listening on http://127.0.0.1:"), line)
	url := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	req, _ := http.NewRequest("GET", url+"/api/1.0/languages", nil)
	req.Header.Set("x-biometrid-key", "k")
	req.Header.Set("x-biometrid-secret", "s")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, errb.String())
	case <-time.After(10 * time.Second):
		t.Fatal("sandbox did not stop")
	}
	code, _, _ := runCLI(t, "sandbox", "--key", "only")
	assert.Equal(t, 2, code)
}

// startSandboxCLI runs `biokiosk sandbox args…` until it listens, stops
// it, and returns what it printed on stderr.
func startSandboxCLI(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var errb strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, &stdio{in: strings.NewReader(""), out: pw, err: &errb}, append([]string{"sandbox", "--addr", "127.0.0.1:0"}, args...))
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(line, "listening on "), line)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code, errb.String())
	case <-time.After(10 * time.Second):
		t.Fatal("sandbox did not stop")
	}
	return errb.String()
}

// The generated secret, the Verifik JWT, the BioPass ID key and the
// liveness app token are printed on the start that creates them, not on
// every start (issue 27, item 9); --show-credentials prints them again.
func TestSandboxPrintsCredentialsOnceCreated(t *testing.T) {
	apptest.NeedModels(t)
	db := filepath.Join(t.TempDir(), "s.db")
	first := startSandboxCLI(t, "--db", db)
	for _, want := range []string{"client credentials: key ", "secret ", "client JWT", "subscription key", "x-app-token"} {
		assert.Contains(t, first, want)
	}
	secret := strings.Fields(first[strings.Index(first, " secret ")+len(" secret "):])[0]
	require.Len(t, secret, 64)

	again := startSandboxCLI(t, "--db", db)
	for _, never := range []string{secret, "client JWT", "subscription key", "x-app-token"} {
		assert.NotContains(t, again, never)
	}
	assert.Contains(t, again, "--show-credentials")

	shown := startSandboxCLI(t, "--db", db, "--show-credentials")
	for _, want := range []string{secret, "client JWT", "subscription key", "x-app-token"} {
		assert.Contains(t, shown, want)
	}

	// A key and secret given on the command line: the secret is never
	// printed, the generated credentials of a new database are.
	given := startSandboxCLI(t, "--db", filepath.Join(t.TempDir(), "g.db"), "--key", "k", "--secret", "given-secret", "--show-credentials")
	assert.NotContains(t, given, "given-secret")
	assert.Contains(t, given, "subscription key")
}
