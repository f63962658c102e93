package face

import (
	"math"

	"biokiosk/capture/face/faceresult"
)

// Analysis is everything measured on one frame (see faceresult.Analysis).
type Analysis = faceresult.Analysis

// evaluate fills Problems, Guidance and Score from the measures.
func evaluate(a *Analysis, cfg Config) {
	var p []Code
	if len(a.Faces) == 0 {
		p = append(p, NoFace)
	} else {
		if anotherFace(a, cfg) {
			p = append(p, MultipleFaces)
		}
		p = append(p, placementProblems(a, cfg)...)
		p = append(p, poseProblems(a, cfg)...)
		p = append(p, lightProblems(a, cfg)...)
		p = append(p, subjectProblems(a, cfg)...)
	}
	a.Problems = p
	a.Guidance = OK
	if len(p) > 0 {
		a.Guidance = p[0]
	}
	a.Score = quality(a, cfg)
}

// anotherFace says a face besides the main one is in view, at least
// SecondFaceShare of its height. A box mostly inside the main face is a
// part of it (seen on washed-out frames), not another person.
func anotherFace(a *Analysis, cfg Config) bool {
	main := a.Faces[0].Box
	for _, f := range a.Faces[1:] {
		in := f.Box.Intersect(main)
		inside := float64(in.Dx()*in.Dy()) >= 0.5*float64(f.Box.Dx()*f.Box.Dy())
		if !inside && float64(f.Box.Dy()) >= cfg.SecondFaceShare*float64(main.Dy()) {
			return true
		}
	}
	return false
}

// placementProblems are the moves that bring the main face to the
// portrait's distance and place: closer, back, left or right, down or
// up.
func placementProblems(a *Analysis, cfg Config) []Code {
	var p []Code
	main := a.Faces[0].Box
	ied := a.IED
	if a.Reduced {
		// Without landmarks, estimate the IED from the Haar box: on
		// six test portraits it measured 0.32–0.38 of the box height
		// (mean 0.36).
		ied = 0.36 * float64(main.Dy())
	}
	if ied < cfg.MinIED || ied < cfg.MinIEDShare*float64(a.Height) {
		p = append(p, MoveCloser)
	}
	// Too close: the head (crown to chin, see portraitSpan) fills more
	// of the frame's height than a portrait may (ICAO: crown to chin
	// 70–80 % of the photo); moving up or down would not help then.
	top, bottom := portraitSpan(a)
	tooClose := bottom-top > cfg.MaxFaceHeight*float64(a.Height)
	if tooClose {
		p = append(p, MoveBack)
	}
	cx := float64(main.Min.X+main.Max.X) / 2 / float64(a.Width)
	// The camera sees the person unmirrored: a face left of the target
	// in the frame stands to the person's right, so they move left.
	switch {
	case cx < cfg.CenterX-cfg.CenterTolerance:
		p = append(p, MoveLeft)
	case cx > cfg.CenterX+cfg.CenterTolerance:
		p = append(p, MoveRight)
	}
	// Up and down, the face may sit anywhere the portrait's crop
	// around it fits: a seated, short or tall person whose photo can
	// be cut is not asked to move (see portraitSpan).
	switch {
	case tooClose:
	case top < 0:
		p = append(p, MoveDown)
	case bottom > float64(a.Height):
		p = append(p, MoveUp)
	}
	return p
}

// poseProblems are the head's turns back to frontal: yaw, pitch (when
// the pose is known) and roll (with landmarks).
func poseProblems(a *Analysis, cfg Config) []Code {
	var p []Code
	if a.PoseKnown {
		// Yaw is positive to the person's left, pitch positive up:
		// each code asks for the move back to frontal.
		switch {
		case a.Pose.Yaw < -cfg.MaxYaw:
			p = append(p, TurnLeft)
		case a.Pose.Yaw > cfg.MaxYaw:
			p = append(p, TurnRight)
		}
		switch {
		case a.Pose.Pitch < -cfg.MaxPitch:
			p = append(p, ChinUp)
		case a.Pose.Pitch > cfg.MaxPitch:
			p = append(p, ChinDown)
		}
	}
	if a.Landmarks != nil && math.Abs(a.Pose.Roll) > cfg.MaxRoll {
		p = append(p, HeadTilted)
	}
	return p
}

// lightProblems are the photo's exposure and evenness of light.
func lightProblems(a *Analysis, cfg Config) []Code {
	var p []Code
	switch {
	case a.Photo.Brightness < cfg.MinBrightness:
		p = append(p, TooDark)
	case a.Photo.Brightness > cfg.MaxBrightness || a.Photo.OverExposed > cfg.MaxOverExposed:
		p = append(p, TooBright)
	}
	if a.Photo.Uniformity < cfg.MinUniformity {
		p = append(p, UnevenLight)
	}
	return p
}

// subjectProblems are the person's: moving or blurred, eyes closed (with
// landmarks), not live (when liveness is measured and required).
func subjectProblems(a *Analysis, cfg Config) []Code {
	var p []Code
	if a.Photo.Sharpness < cfg.MinSharpness || a.Motion > cfg.MaxMotion {
		p = append(p, HoldStill)
	}
	if a.Landmarks != nil && (a.Eyes.OpenLeft < cfg.MinEyeOpen || a.Eyes.OpenRight < cfg.MinEyeOpen) {
		p = append(p, EyesClosed)
	}
	if a.Liveness >= 0 && cfg.MinLiveness > 0 && a.Liveness < cfg.MinLiveness {
		p = append(p, NotLive)
	}
	return p
}

// crownAbove is the crown's height above the eye line as a share of the
// eye line's height above the chin. On the kiosk-framed obama.jpg the
// skull's top is 0.9 of it above the eyes (170 px against 188 px, a
// broad smile); a bowed head or a dropped jaw lengthens the eye-to-chin
// distance (clapton-1.jpg: 197 px at the same IED), so 0.7: a crown
// estimated up to a fifth of that distance (about 40 px at IED 100) too
// low passes, and the frame's top may cut the hair, not the face.
const crownAbove = 0.7

// portraitSpan is the top and bottom, in frame rows, of the smallest
// portrait that holds a's main face's whole head: from the crown
// (crownAbove times the eye-line-to-chin distance above the eye line) to
// the chin. Its 3:4 crop is 0.75 as wide as it is tall (well inside
// every kiosk frame's width), so it fits when these rows are in the
// frame. Without landmarks (the Haar fallback) the eye line is taken at
// 40 % of the box and the chin at its bottom.
func portraitSpan(a *Analysis) (top, bottom float64) {
	box := a.Box()
	eye, chin := float64(box.Min.Y)+0.4*float64(box.Dy()), float64(box.Max.Y)
	if a.Landmarks != nil {
		r, l := a.Landmarks.RightEye(), a.Landmarks.LeftEye()
		eye, chin = (r.Y+l.Y)/2, a.Landmarks[8].Y
	}
	return eye - crownAbove*(chin-eye), chin
}
