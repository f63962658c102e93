package onnxsplit_test

import (
	"os"
	"path/filepath"
	"testing"

	"biokiosk/capture/face"
	"biokiosk/capture/face/onnxsplit"
	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocv.io/x/gocv"
)

// poseModel is the pose network's ONNX file, or the test skips (fails
// under BIOKIOSK_REQUIRE_TESTDATA=1).
func poseModel(t *testing.T) []byte {
	t.Helper()
	dir, err := face.FindModelsDir(os.Getenv)
	if err != nil {
		testfiles.Missing(t, "face models unavailable (%v): run make models", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "fr_pose.onnx"))
	require.NoError(t, err)
	return b
}

func net(t *testing.T, model []byte) gocv.Net {
	t.Helper()
	n, err := gocv.ReadNetFromONNXBytes(model)
	require.NoError(t, err)
	t.Cleanup(func() { n.Close() })
	return n
}

// The two halves, run one after the other, give bit for bit what the
// whole network gives.
func TestHalvesGiveTheWholeResult(t *testing.T) {
	model := poseModel(t)
	in := gocv.NewMatWithSizes([]int{1, 3, 224, 224}, gocv.MatTypeCV32F)
	t.Cleanup(func() { in.Close() })
	gocv.RandN(&in, gocv.NewScalar(0, 0, 0, 0), gocv.NewScalar(1, 0, 0, 0))
	outputs := []string{"output", "617", "618"}

	whole := net(t, model)
	whole.SetInput(in, "")
	want := whole.ForwardLayers(outputs)
	t.Cleanup(func() {
		for _, m := range want {
			m.Close()
		}
	})

	first, second, err := onnxsplit.Split(model, "464", []int64{1, 232, 14, 14})
	require.NoError(t, err)
	assert.Less(t, len(first)+len(second), len(model)+len(model)/10, "each half keeps only its own weights")
	a, b := net(t, first), net(t, second)
	a.SetInput(in, "")
	mid := a.Forward("")
	t.Cleanup(func() { mid.Close() })
	assert.Equal(t, []int{1, 232, 14, 14}, mid.Size())
	b.SetInput(mid, "")
	got := b.ForwardLayers(outputs)
	t.Cleanup(func() {
		for _, m := range got {
			m.Close()
		}
	})
	require.Len(t, got, len(want))
	for i := range want {
		w, err := want[i].DataPtrFloat32()
		require.NoError(t, err)
		g, err := got[i].DataPtrFloat32()
		require.NoError(t, err)
		assert.Equal(t, w, g, outputs[i])
	}
}

// A cut that another branch crosses, a tensor no node makes and a file
// that is not a model are refused with an error (OpenCV would abort the
// process on a broken graph).
func TestBadCutsAreRefused(t *testing.T) {
	model := poseModel(t)
	_, _, err := onnxsplit.Split(model, "366", []int64{1, 58, 28, 28})
	assert.ErrorContains(t, err, "needed after the cut")
	_, _, err = onnxsplit.Split(model, "no such tensor", []int64{1})
	assert.ErrorContains(t, err, "no node makes")
	_, _, err = onnxsplit.Split([]byte("not a model at all"), "464", []int64{1})
	assert.Error(t, err)
	_, _, err = onnxsplit.Split(nil, "464", []int64{1})
	assert.ErrorContains(t, err, "no graph")
}
