package face

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"biokiosk/capture/face/faceresult"

	"gocv.io/x/gocv"
)

// Pose is the head's rotation in degrees.
type Pose = faceresult.Pose

// poseInput is the pose network's input side; poseRect its size.
const poseInput = 224

var poseRect = image.Pt(poseInput, poseInput)

// Pose runs the head-pose network (Hopenet-style, 66 bins of 3° from
// −99°) on a 224×224 RGB crop of the box grown by a quarter on each side,
// ImageNet-normalised (lib/fr_pose.js; OpenCV's blob takes one scale for
// all channels, so the std is the channels' mean, 0.226). Used where no
// landmarks are known; PoseOf is steadier.
func (m *Models) Pose(frame gocv.Mat, box image.Rectangle) (Pose, error) {
	dx, dy := box.Dx()/4, box.Dy()/4
	r := image.Rect(box.Min.X-dx, box.Min.Y-dy, box.Max.X+dx, box.Max.Y+dy).Intersect(image.Rect(0, 0, frame.Cols(), frame.Rows()))
	if r.Dx() < 16 || r.Dy() < 16 {
		return Pose{}, fmt.Errorf("face: pose: face box %v too small", box)
	}
	blob := blobOf(frame, r, 1.0/(255*0.226), poseRect, gocv.NewScalar(0.485*255, 0.456*255, 0.406*255, 0), true)
	defer blob.Close()
	return m.poseOfWhole(blob)
}

// PoseOf runs the pose network on a crop anchored on the landmarks
// rather than on a detector box: a square on the centre of the 68
// points' extent, 1.5 times its larger side, cut at sub-pixel precision
// (the region outside the frame is mid grey). The detector's box moves
// and changes size by pixels between passes on a still face, and the
// network follows where the face sits in its input more than the head's
// rotation (yaw SD 1.4–4.6° with a fixed box under ±2 px sway, 0.2–0.7°
// with this crop; docs/capture.md).
func (m *Models) PoseOf(frame gocv.Mat, lm *Landmarks) (Pose, error) {
	blob, err := poseBlobOf(frame, lm)
	if err != nil {
		return Pose{}, err
	}
	defer blob.Close()
	return m.poseOfWhole(blob)
}

// poseCrop places PoseOf's square: side times the landmarks' larger
// extent, its centre up (a share of the side) above theirs.
type poseCrop struct{ side, up float64 }

// thePoseCrop is the crop PoseOf uses.
var thePoseCrop = poseCrop{side: 1.5, up: 0}

// poseBlobOf is the pose network's input for PoseOf's crop.
func poseBlobOf(frame gocv.Mat, lm *Landmarks) (gocv.Mat, error) {
	return poseBlobWith(frame, lm, thePoseCrop)
}

func poseBlobWith(frame gocv.Mat, lm *Landmarks, c poseCrop) (gocv.Mat, error) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range lm {
		x0, y0, x1, y1 = math.Min(x0, p.X), math.Min(y0, p.Y), math.Max(x1, p.X), math.Max(y1, p.Y)
	}
	side := c.side * math.Max(x1-x0, y1-y0)
	if side < 16 {
		return gocv.Mat{}, fmt.Errorf("face: pose: landmarks span %.0f px, too small", side)
	}
	s := poseInput / side
	cx, cy := (x0+x1)/2, (y0+y1)/2-c.up*side
	mat := gocv.NewMatWithSize(2, 3, gocv.MatTypeCV64F)
	defer mat.Close()
	mat.SetDoubleAt(0, 0, s)
	mat.SetDoubleAt(0, 2, poseInput/2-cx*s)
	mat.SetDoubleAt(1, 1, s)
	mat.SetDoubleAt(1, 2, poseInput/2-cy*s)
	crop := gocv.NewMat()
	defer crop.Close()
	gocv.WarpAffineWithParams(frame, &crop, mat, poseRect, gocv.InterpolationLinear, gocv.BorderConstant, color.RGBA{128, 128, 128, 0})
	return gocv.BlobFromImage(crop, 1.0/(255*0.226), poseRect, gocv.NewScalar(0.485*255, 0.456*255, 0.406*255, 0), true, false), nil
}

// poseOfWhole runs both halves of the pose network on blob.
func (m *Models) poseOfWhole(blob gocv.Mat) (Pose, error) {
	mid := m.poseHalf(blob)
	defer mid.Close()
	return m.poseSecond(mid)
}

// pitchZero is the pose network's pitch for a level face looking into
// the camera: the mean of its readings on the labelled compliant faces
// of testdata/faces/labels.json placed as a kiosk camera sees them
// (−6.0°; per face −11…+3°, median −6°). The network reads a level head
// as bowed by that much whatever its crop (the landmark square at 1.3–2.1
// times the face, shifted up or down by 5–15 %, and the detector's box all
// read −4.6…−6.0° on average; docs/capture.md, "Head pose zero"): its
// training labels' convention, not the crop. Pitch is reported from it,
// so 0 is looking into the camera.
const pitchZero = -6.0

// poseAngles runs net (the second half) on its input and reads the
// angles: the expectation over each output's 66 bins; pitch is reported
// from pitchZero.
func poseAngles(net *gocv.Net, in gocv.Mat) (Pose, error) {
	out, err := forwardFloats(net, in, "output", "617", "618")
	if err != nil {
		return Pose{}, fmt.Errorf("face: pose: %w", err)
	}
	var angles [3]float64
	for i, o := range out {
		if len(o) != 66 {
			return Pose{}, fmt.Errorf("face: pose: output %d has %d bins, want 66", i, len(o))
		}
		var e float64
		for j, p := range softmax(o) {
			e += p * float64(j)
		}
		angles[i] = e*3 - 99
	}
	return Pose{Yaw: angles[0], Pitch: angles[1] - pitchZero, Roll: angles[2]}, nil
}
