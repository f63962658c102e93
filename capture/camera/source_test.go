package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"path/filepath"
	"sync"
	"testing"

	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

func TestParseKind(t *testing.T) {
	for spec, want := range map[string]Kind{
		"0": Device, "2": Device, "/dev/video0": Device,
		"rtsp://10.0.0.5/stream": Stream, "http://cam/mjpg": Stream,
		"frames/%03d.jpg": Sequence, "clip.mp4": Video, "clip.avi": Video,
		"face.jpg": Still, "FACE.PNG": Still,
	} {
		k, err := ParseKind(spec)
		require.NoError(t, err, spec)
		assert.Equal(t, want, k, spec)
	}
	_, err := ParseKind("")
	assert.Error(t, err)
	_, err = ParseKind("ftp://x/y")
	assert.ErrorContains(t, err, "ftp")
	assert.True(t, Device.Live())
	assert.False(t, Video.Live())
}

func TestVideoFileEndsCleanly(t *testing.T) {
	clip := testfiles.Path(t, "video", "short_hamilton_clip.mp4")
	var states []State
	s, err := Open(clip, Options{OnState: func(st State) { states = append(states, st) }})
	require.NoError(t, err)
	info := s.Info()
	assert.Equal(t, Video, info.Kind)
	assert.Equal(t, 640, info.Width)
	assert.Equal(t, 360, info.Height)
	assert.InDelta(t, 29.97, info.FPS, 0.1)
	frame := gocv.NewMat()
	defer frame.Close()
	n := 0
	for {
		err := s.Read(context.Background(), &frame)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 275, n)
	require.NoError(t, s.Close())
	require.NoError(t, s.Close())
	assert.Equal(t, []State{StateOpen, StateEnded, StateClosed}, states)
	assert.ErrorIs(t, s.Read(context.Background(), &frame), ErrUnavailable)
}

func TestSequenceAndStill(t *testing.T) {
	dir := t.TempDir()
	img := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(10, 20, 30, 0), 48, 64, gocv.MatTypeCV8UC3)
	defer img.Close()
	for i := 0; i < 5; i++ {
		require.True(t, gocv.IMWrite(filepath.Join(dir, fmt.Sprintf("%03d.png", i)), img))
	}
	s, err := Open(filepath.Join(dir, "%03d.png"), Options{})
	require.NoError(t, err)
	defer s.Close()
	frame := gocv.NewMat()
	defer frame.Close()
	n := 0
	for s.Read(context.Background(), &frame) == nil {
		assert.Equal(t, image.Pt(64, 48), image.Pt(frame.Cols(), frame.Rows()))
		n++
	}
	assert.Equal(t, 5, n)

	st, err := Open(filepath.Join(dir, "002.png"), Options{})
	require.NoError(t, err)
	defer st.Close()
	for i := 0; i < 3; i++ {
		require.NoError(t, st.Read(context.Background(), &frame))
	}
	assert.Equal(t, Still, st.Info().Kind)
	assert.Equal(t, 30.0, st.Info().FPS)
}

func TestMissingSources(t *testing.T) {
	_, err := Open("/dev/video97", Options{})
	assert.ErrorIs(t, err, ErrUnavailable)
	assert.ErrorContains(t, err, "plugged in")
	_, err = Open(filepath.Join(t.TempDir(), "none.mp4"), Options{})
	assert.ErrorIs(t, err, ErrUnavailable)
	_, err = Open(filepath.Join(t.TempDir(), "none.jpg"), Options{})
	assert.ErrorIs(t, err, ErrUnavailable)
	_, err = Open("97", Options{})
	assert.ErrorIs(t, err, ErrUnavailable)
}

func TestReadCancelledAndConcurrentClose(t *testing.T) {
	clip := testfiles.Path(t, "video", "short_hamilton_clip.mp4")
	s, err := Open(clip, Options{Realtime: true})
	require.NoError(t, err)
	frame := gocv.NewMat()
	defer frame.Close()
	require.NoError(t, s.Read(context.Background(), &frame))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, s.Read(ctx, &frame), context.Canceled)

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
}
