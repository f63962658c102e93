package autocapture_test

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"testing"
	"time"

	. "biokiosk/capture/autocapture"
	"biokiosk/capture/face"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/internal/testkit/synth"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// On generated 720p and 1080p kiosk sessions (σ 6 noise, ±2 px sway, 30
// fps), whose far, off-centre, blurred and dark stretches each last
// longer than the dwell, the photo comes from the compliant stretch
// within dwell + 0.5 s of its start, and its IED is the source frame's
// (the crop is cut from the full frame, not the analysis copy). The far
// face has 136 px between the eyes at 1080p, so only the gate's share of
// the frame keeps it out.
func TestCapturesAtKioskResolutions(t *testing.T) {
	const fps, bad, good = 30, 40, 60
	an := facetest.Analyzer(t)
	p, err := synth.NewPlacer(an, testfiles.Path(t, "faces", "portraits", "obama.jpg"))
	require.NoError(t, err)
	t.Cleanup(p.Close)
	for i, size := range [][2]int{{1280, 720}, {1920, 1080}} {
		name := fmt.Sprintf("%d×%d", size[0], size[1])
		s := synth.KioskSession(p, synth.NewCamera(size[0], size[1], 6, 2, uint64(i)), fps, bad, good)
		start, end, err := s.Span(synth.Compliant)
		require.NoError(t, err)
		out, err := Run(context.Background(), s, an, Config{})
		require.NoError(t, err)
		require.True(t, out.Captured, "%s: reason %s, counts %v", name, out.Reason, out.GuidanceCounts)
		assert.GreaterOrEqual(t, out.FrameIndex, start, name)
		assert.Less(t, out.FrameIndex, end, name)
		// Each other stretch outlasts the dwell, yet none passed the gate.
		assert.LessOrEqual(t, out.GuidanceCounts[face.OK], out.Frames-start, name)
		doneAt := time.Duration(out.Frames-1-start) * time.Second / fps
		assert.LessOrEqual(t, doneAt, 1700*time.Millisecond, name)

		// The compliant face has IED 100 px per 480 lines of the source.
		want := 100 * float64(size[1]) / 480
		assert.InEpsilon(t, want, out.Analysis.IED, 0.05, name)
		assert.Equal(t, size, [2]int{out.Analysis.Width, out.Analysis.Height}, name)

		// The photo is the full-frame crop, downscaled only to its width
		// cap: its own IED is the source IED at that scale.
		img, err := jpeg.Decode(bytes.NewReader(out.JPEG))
		require.NoError(t, err)
		crop := PortraitRect(&out.Analysis)
		k := min(1, float64(MaxPhotoWidth)/float64(crop.Dx()))
		assert.Equal(t, int(float64(crop.Dx())*k), img.Bounds().Dx(), name)
		photo, err := gocv.IMDecode(out.JPEG, gocv.IMReadColor)
		require.NoError(t, err)
		t.Cleanup(func() { photo.Close() })
		pa, err := an.AnalyzeStill(photo)
		require.NoError(t, err)
		t.Logf("%s: frame %d, %v after the stretch began; source IED %.1f, crop %v, photo %v IED %.1f",
			name, out.FrameIndex, doneAt, out.Analysis.IED, crop, img.Bounds().Size(), pa.IED)
		assert.InEpsilon(t, out.Analysis.IED*k, pa.IED, 0.05, name)
		assert.GreaterOrEqual(t, pa.IED, 90.0, name)
	}
}
