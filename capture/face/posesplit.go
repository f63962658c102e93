package face

import (
	"fmt"
	"os"

	"biokiosk/capture/face/onnxsplit"

	"gocv.io/x/gocv"
)

// poseCut is the tensor at which the pose network (a ShuffleNetV2) is cut
// in two: the output of the third block of its third stage, where each
// half costs about as much as the other (docs/capture.md); poseCutShape
// is its shape for one 224×224 input (OpenCV's importer wants every
// graph input and output shaped; onnxsplit's TestHalvesGiveTheWholeResult
// and the pose tests check it).
const poseCut = "464"

var poseCutShape = []int64{1, 232, 14, 14}

// loadPose loads the pose network at path as two halves cut at poseCut.
func (m *Models) loadPose(path string) error {
	model, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("face: load %s: %w", path, err)
	}
	first, second, err := onnxsplit.Split(model, poseCut, poseCutShape)
	if err != nil {
		return fmt.Errorf("face: %s: %w", path, err)
	}
	for i, half := range [][]byte{first, second} {
		n, err := gocv.ReadNetFromONNXBytes(half)
		if err == nil && n.Empty() {
			err = fmt.Errorf("OpenCV could not read it")
		}
		if err != nil {
			return fmt.Errorf("face: %s: half %d: %w", path, i+1, err)
		}
		if err := m.keep(&m.pose[i], n, "fr_pose"); err != nil {
			return err
		}
	}
	return nil
}

// poseFirst runs the pose network's first half on the landmark-anchored
// crop of frame (see PoseOf); the caller closes the returned tensor and
// hands it to poseSecond.
func (m *Models) poseFirst(frame gocv.Mat, lm *Landmarks) (gocv.Mat, error) {
	blob, err := poseBlobOf(frame, lm)
	if err != nil {
		return gocv.Mat{}, err
	}
	defer blob.Close()
	return m.poseHalf(blob), nil
}

// poseHalf is the first half's output for a pose blob.
func (m *Models) poseHalf(blob gocv.Mat) gocv.Mat {
	m.pose[0].SetInput(blob, "")
	return m.pose[0].Forward("")
}

// poseSecond finishes a pose pass from the first half's output.
func (m *Models) poseSecond(mid gocv.Mat) (Pose, error) {
	return poseAngles(&m.pose[1], mid)
}
