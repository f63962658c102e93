package camera

import (
	"biokiosk/internal/testkit/bombs"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"biokiosk/imagesize"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// A still declaring 100 megapixels is refused from its header, before
// OpenCV decodes it.
func TestStillBombRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.png")
	require.NoError(t, os.WriteFile(path, bombs.BombPNG(10000, 10000), 0o600))
	_, err := Open(path, Options{})
	assert.ErrorIs(t, err, ErrUnavailable)
	assert.ErrorIs(t, err, imagesize.ErrTooLarge)
}

// Reading a still while Close frees it is safe (run under -race): a read
// after Close is ErrUnavailable.
func TestStillReadAndConcurrentClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "still.png")
	img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(10, 20, 30, 0), 48, 64, gocv.MatTypeCV8UC3)
	t.Cleanup(func() { img.Close() })
	require.True(t, gocv.IMWrite(path, img))
	s, err := Open(path, Options{})
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f := gocv.NewMat()
		defer f.Close()
		for s.Read(context.Background(), &f) == nil {
		}
	}()
	require.NoError(t, s.Close())
	wg.Wait()
	f := gocv.NewMat()
	t.Cleanup(func() { f.Close() })
	assert.ErrorIs(t, s.Read(context.Background(), &f), ErrUnavailable)
}
