package face

import "math"

// Pose filter settings. At 30 fps with a pose pass every fourth frame,
// 6 passes are 0.8 s; a pass more than poseJump from the estimate on
// either angle is a real head movement (a still face's passes stay
// within ±2.3° of their mean at σ 6 noise), so it restarts the window
// and is reported at once.
const (
	poseWindow = 6
	poseJump   = 5.0
)

// poseFilter smooths a tracked face's pose measures: the mean of the
// recent ones, restarted by a jump. The analyzer keeps one for the pose
// network's yaw and pitch (a pass every fourth frame) and one for the
// landmarks' roll (every frame). The zero value is empty.
type poseFilter struct {
	passes []Pose
}

// reset forgets the passes (the face was lost or the source changed).
func (f *poseFilter) reset() { f.passes = f.passes[:0] }

// add takes one pass and returns the filtered pose.
func (f *poseFilter) add(p Pose) Pose {
	if len(f.passes) > 0 && jumped(f.mean(), p) {
		f.reset()
	}
	if len(f.passes) == poseWindow {
		copy(f.passes, f.passes[1:])
		f.passes = f.passes[:poseWindow-1]
	}
	f.passes = append(f.passes, p)
	return f.mean()
}

// with returns the filtered pose as if p were added, without keeping it.
func (f *poseFilter) with(p Pose) Pose {
	if len(f.passes) == 0 || jumped(f.mean(), p) {
		return p
	}
	g := poseFilter{passes: append(append(make([]Pose, 0, poseWindow+1), f.passes...), p)}
	if len(g.passes) > poseWindow {
		g.passes = g.passes[1:]
	}
	return g.mean()
}

func (f *poseFilter) mean() Pose {
	var m Pose
	for _, p := range f.passes {
		m.Yaw += p.Yaw
		m.Pitch += p.Pitch
		m.Roll += p.Roll
	}
	n := float64(len(f.passes))
	return Pose{Yaw: m.Yaw / n, Pitch: m.Pitch / n, Roll: m.Roll / n}
}

func jumped(a, b Pose) bool {
	return math.Abs(a.Yaw-b.Yaw) > poseJump || math.Abs(a.Pitch-b.Pitch) > poseJump || math.Abs(a.Roll-b.Roll) > poseJump
}
