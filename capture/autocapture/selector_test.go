package autocapture

import (
	"errors"
	"testing"
	"time"

	"biokiosk/capture/face"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// fakeAnalysis is a frame's analysis with one face and the given guidance.
func fakeAnalysis(g face.Code, score float64) face.Analysis {
	a := face.Analysis{Width: 64, Height: 48, Guidance: g, Score: score, Liveness: -1}
	if g != face.NoFace {
		a.Faces = []face.Detection{{Score: 1}}
	}
	if g != face.OK {
		a.Problems = []face.Code{g}
	}
	return a
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestSelectorDwellsThenTakesTheBest(t *testing.T) {
	frame := gocv.NewMatWithSize(48, 64, gocv.MatTypeCV8UC3)
	defer frame.Close()
	s := NewSelector(Options{Dwell: ms(1000)}, nil)
	defer s.Close()
	assert.False(t, s.Push(0, frame, fakeAnalysis(face.MoveCloser, 40)).Dwelling)
	st := s.Push(ms(100), frame, fakeAnalysis(face.OK, 80))
	assert.True(t, st.Dwelling)
	assert.Equal(t, ms(1000), st.Countdown)
	st = s.Push(ms(600), frame, fakeAnalysis(face.OK, 95)) // the best
	assert.Equal(t, ms(500), st.Countdown)
	st = s.Push(ms(1000), frame, fakeAnalysis(face.OK, 85))
	assert.False(t, st.Done)
	st = s.Push(ms(1100), frame, fakeAnalysis(face.OK, 70))
	require.True(t, st.Done)
	r := s.Result()
	require.NotNil(t, r)
	defer r.Frame.Close()
	assert.True(t, r.Captured)
	assert.Equal(t, 2, r.FrameIndex)
	assert.Equal(t, 95.0, r.Analysis.Score)
	assert.Equal(t, 5, r.Frames)
	assert.Equal(t, 4, r.GuidanceCounts[face.OK])
}

func TestSelectorResetsOnABadFrameAndTimesOut(t *testing.T) {
	frame := gocv.NewMatWithSize(48, 64, gocv.MatTypeCV8UC3)
	defer frame.Close()
	s := NewSelector(Options{Dwell: ms(500), Timeout: ms(3000)}, nil)
	defer s.Close()
	for i := 0; ; i++ {
		at := ms(100 * i)
		g := face.OK
		if i%4 == 3 { // the gate never holds 500 ms
			g = face.HoldStill
		}
		if i%8 == 7 {
			g = face.TooDark
		}
		if s.Push(at, frame, fakeAnalysis(g, 90)).Done {
			break
		}
		require.Less(t, i, 100)
	}
	r := s.Result()
	assert.False(t, r.Captured)
	assert.Equal(t, face.HoldStill, r.Reason)
	assert.Equal(t, 31, r.Frames)
}

func TestSelectorRestartsWhenConfirmationFails(t *testing.T) {
	frame := gocv.NewMatWithSize(48, 64, gocv.MatTypeCV8UC3)
	defer frame.Close()
	calls := 0
	confirm := func(_ gocv.Mat, a *face.Analysis) error {
		calls++
		if calls == 1 {
			a.Guidance, a.Problems = face.TurnLeft, []face.Code{face.TurnLeft}
			return nil
		}
		if calls == 2 {
			return errors.New("model failed")
		}
		return nil
	}
	s := NewSelector(Options{Dwell: ms(200)}, confirm)
	defer s.Close()
	var done bool
	for i := 0; !done; i++ {
		done = s.Push(ms(100*i), frame, fakeAnalysis(face.OK, 90)).Done
		require.Less(t, i, 50)
	}
	r := s.Result()
	defer r.Frame.Close()
	assert.True(t, r.Captured)
	assert.Equal(t, 3, calls)
	assert.GreaterOrEqual(t, r.FrameIndex, 6)
	assert.Equal(t, 1, r.GuidanceCounts[face.TurnLeft])
}

func TestManualCaptureTakesTheBestRecentFace(t *testing.T) {
	frame := gocv.NewMatWithSize(48, 64, gocv.MatTypeCV8UC3)
	defer frame.Close()
	s := NewSelector(Options{}, nil)
	defer s.Close()
	assert.False(t, s.Capture(), "no face yet")
	s.Push(0, frame, fakeAnalysis(face.NoFace, 0))
	s.Push(ms(100), frame, fakeAnalysis(face.TurnLeft, 70))
	s.Push(ms(200), frame, fakeAnalysis(face.TooDark, 50))
	require.True(t, s.Capture())
	r := s.Result()
	defer r.Frame.Close()
	assert.True(t, r.Captured)
	assert.Equal(t, 1, r.FrameIndex)
	assert.True(t, s.Push(ms(300), frame, fakeAnalysis(face.OK, 90)).Done)
}

func TestStopReportsTheMostFrequentBlocker(t *testing.T) {
	frame := gocv.NewMatWithSize(48, 64, gocv.MatTypeCV8UC3)
	defer frame.Close()
	s := NewSelector(Options{}, nil)
	defer s.Close()
	s.Push(0, frame, fakeAnalysis(face.NoFace, 0))
	s.Push(ms(100), frame, fakeAnalysis(face.NoFace, 0))
	s.Push(ms(200), frame, fakeAnalysis(face.TooDark, 50))
	s.Stop()
	assert.Equal(t, face.NoFace, s.Result().Reason)
	s2 := NewSelector(Options{}, nil)
	s2.Stop()
	assert.Equal(t, Timeout, s2.Result().Reason)
}
