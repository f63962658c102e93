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

	"biokiosk/internal/apptest"

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
