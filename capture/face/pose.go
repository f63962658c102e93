package face

import (
	"fmt"
	"image"

	"biokiosk/capture/face/faceresult"

	"gocv.io/x/gocv"
)

// Pose is the head's rotation in degrees.
type Pose = faceresult.Pose

// Pose runs the head-pose network (Hopenet-style, 66 bins of 3° from
// −99°) on a 224×224 RGB crop of the box grown by a quarter on each side,
// ImageNet-normalised (lib/fr_pose.js; OpenCV's blob takes one scale for
// all channels, so the std is the channels' mean, 0.226).
func (m *Models) Pose(frame gocv.Mat, box image.Rectangle) (Pose, error) {
	dx, dy := box.Dx()/4, box.Dy()/4
	r := image.Rect(box.Min.X-dx, box.Min.Y-dy, box.Max.X+dx, box.Max.Y+dy).Intersect(image.Rect(0, 0, frame.Cols(), frame.Rows()))
	if r.Dx() < 16 || r.Dy() < 16 {
		return Pose{}, fmt.Errorf("face: pose: face box %v too small", box)
	}
	blob := blobOf(frame, r, 1.0/(255*0.226), image.Pt(224, 224), gocv.NewScalar(0.485*255, 0.456*255, 0.406*255, 0), true)
	defer blob.Close()
	out, err := forwardFloats(&m.pose, blob, "output", "617", "618")
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
	return Pose{Yaw: angles[0], Pitch: angles[1], Roll: angles[2]}, nil
}
