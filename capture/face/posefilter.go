package face

import "math"

// Pose filter settings. At 30 fps with a pose pass every fourth frame,
// 6 passes are 0.8 s; a pass more than poseJump from the estimate on
// either angle is a real head movement (a still face's passes stay
// within ±2.3° of their mean at σ 6 noise), so it restarts the window
// and is reported at once. A pass whose face is more than poseLight
// brighter or darker than the window's first pass's, or in focus when
// they were not (or the reverse), restarts the window too (see view).
const (
	poseWindow = 6
	poseJump   = 5.0
	poseLight  = 0.1
)

// view is how a pass's frame showed the face: the inner face's
// brightness and whether it was in focus (the gate's sharpness). The
// pose network reads the same still head differently in other light or
// blurred (labelled faces placed at 640×480 σ 3: up to 1.1° of pitch
// 10 % darker, 2.4° 20 % darker, 4° at a quarter of the light, 5.6° blurred
// by 4 px; docs/capture.md), so passes of different views are not
// averaged: a face that steps out of a shadow or stops moving is
// reported from the passes of its new view only.
type view struct {
	brightness float64
	sharp      bool
}

// viewOf is the view of a frame's analysis under cfg.
func viewOf(a *Analysis, cfg Config) view {
	return view{brightness: a.Photo.Brightness, sharp: a.Photo.Sharpness >= cfg.MinSharpness}
}

// differs reports whether w is another view than v: focus changed, or
// the brightness by more than poseLight of v's.
func (v view) differs(w view) bool {
	return v.sharp != w.sharp || math.Abs(w.brightness-v.brightness) > poseLight*v.brightness
}

// poseFilter smooths a tracked face's pose measures: the mean of the
// recent ones of one view, restarted by a jump or a new view. The
// analyzer keeps one for the pose network's yaw and pitch (a pass every
// fourth frame) and one for the landmarks' roll (every frame). The zero
// value is empty.
type poseFilter struct {
	passes []Pose
	view   view // the window's first pass's
}

// reset forgets the passes (the face was lost or the source changed).
func (f *poseFilter) reset() { f.passes = f.passes[:0] }

// restarts reports whether a pass p of view v starts a new window.
func (f *poseFilter) restarts(p Pose, v view) bool {
	return len(f.passes) == 0 || jumped(f.mean(), p) || f.view.differs(v)
}

// add takes one pass, seen in view v, and returns the filtered pose.
func (f *poseFilter) add(p Pose, v view) Pose {
	if f.restarts(p, v) {
		f.reset()
		f.view = v
	}
	if len(f.passes) == poseWindow {
		copy(f.passes, f.passes[1:])
		f.passes = f.passes[:poseWindow-1]
	}
	f.passes = append(f.passes, p)
	return f.mean()
}

// with returns the filtered pose as if p, seen in view v, were added,
// without keeping it.
func (f *poseFilter) with(p Pose, v view) Pose {
	if f.restarts(p, v) {
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
