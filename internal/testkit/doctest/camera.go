package doctest

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"biokiosk/internal/testkit/docsynth"

	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// Camera writes an image sequence in which a rendered document
// is held up to a 1280×720 camera, tilted a little, front first and then
// (for an ID card) turned over, and returns its camera spec. Each side is
// shown for 40 frames: more than the dwell at the sequence's frame rate.
// The document spans 80 % of the frame's width, or less when that would
// make it taller than 90 % of the frame: a passport page (aspect 1.42)
// at 80 % is 721 px tall, cut off by the frame, and never found.
func Camera(t testing.TB, sides ...[]byte) string {
	t.Helper()
	bg := docsynth.Background(1280, 720, 5)
	defer bg.Close()
	dir := t.TempDir()
	n := 0
	for _, side := range sides {
		img, err := gocv.IMDecode(side, gocv.IMReadColor)
		require.NoError(t, err)
		aspect := float64(img.Cols()) / float64(img.Rows())
		pose := docsynth.Pose{CX: 0.5, CY: 0.5, Width: math.Min(0.8, 0.9*720/1280*aspect), Roll: 1.5, TiltX: 4}
		mask := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(255, 0, 0, 0), img.Rows(), img.Cols(), gocv.MatTypeCV8U)
		card := &docsynth.Card{Image: img, Mask: mask}
		frame, _ := docsynth.Scene(bg, card, pose)
		card.Close()
		for i := 0; i < 40; i++ {
			require.True(t, gocv.IMWrite(filepath.Join(dir, fmt.Sprintf("%03d.png", n)), frame))
			n++
		}
		frame.Close()
	}
	return filepath.Join(dir, "%03d.png")
}
