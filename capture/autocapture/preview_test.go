package autocapture

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// TestPreviewPool: two buffers at the frame's size; a third frame while
// the UI holds both is skipped; a buffer put back is reused; the pool
// mirrors only when asked.
func TestPreviewPool(t *testing.T) {
	m := gocv.NewMatWithSizeFromScalar(gocv.NewScalar(0, 0, 0, 0), 4, 6, gocv.MatTypeCV8UC3)
	defer m.Close()
	m.SetUCharAt(0, 2, 255) // top-left pixel red (BGR)

	for _, mirror := range []bool{false, true} {
		p := NewPreviewPool(mirror)
		a, b := p.Convert(m), p.Convert(m)
		require.NotNil(t, a)
		require.NotNil(t, b)
		assert.Equal(t, 6, a.Rect.Dx())
		assert.Equal(t, 4, a.Rect.Dy())
		assert.Nil(t, p.Convert(m), "both buffers held: skipped")
		red := a.Pix[:4]
		if mirror {
			red = a.Pix[5*4 : 6*4]
		}
		assert.Equal(t, []uint8{255, 0, 0, 255}, red, "mirror %v", mirror)
		p.Put(a)
		p.Put(nil)
		c := p.Convert(m)
		assert.Same(t, a, c, "the buffer put back is reused")
		p.Close()
		p.Put(b) // after Close: harmless
		p.Put(c)
		p.Put(c) // beyond the pool's two: dropped
	}
	var none *PreviewPool
	none.Put(nil)
	(&Preview{}).Release()
}
