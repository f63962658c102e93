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
	add := func(c Code) { p = append(p, c) }
	if len(a.Faces) == 0 {
		add(NoFace)
	} else {
		main := a.Faces[0].Box
		for _, f := range a.Faces[1:] {
			// A box mostly inside the main face is a part of it (seen on
			// washed-out frames), not another person.
			in := f.Box.Intersect(main)
			inside := float64(in.Dx()*in.Dy()) >= 0.5*float64(f.Box.Dx()*f.Box.Dy())
			if !inside && float64(f.Box.Dy()) >= cfg.SecondFaceShare*float64(main.Dy()) {
				add(MultipleFaces)
				break
			}
		}
		ied := a.IED
		if a.Reduced {
			// Without landmarks, estimate the IED from the Haar box: on
			// six test portraits it measured 0.32–0.38 of the box height
			// (mean 0.36).
			ied = 0.36 * float64(main.Dy())
		}
		if ied < cfg.MinIED || ied < cfg.MinIEDShare*float64(a.Height) {
			add(MoveCloser)
		}
		// Too close: the head (crown to chin, see portraitSpan) fills more
		// of the frame's height than a portrait may (ICAO: crown to chin
		// 70–80 % of the photo); moving up or down would not help then.
		top, bottom := portraitSpan(a)
		tooClose := bottom-top > cfg.MaxFaceHeight*float64(a.Height)
		if tooClose {
			add(MoveBack)
		}
		cx := float64(main.Min.X+main.Max.X) / 2 / float64(a.Width)
		// The camera sees the person unmirrored: a face left of the target
		// in the frame stands to the person's right, so they move left.
		switch {
		case cx < cfg.CenterX-cfg.CenterTolerance:
			add(MoveLeft)
		case cx > cfg.CenterX+cfg.CenterTolerance:
			add(MoveRight)
		}
		// Up and down, the face may sit anywhere the portrait's crop
		// around it fits: a seated, short or tall person whose photo can
		// be cut is not asked to move (see portraitSpan).
		switch {
		case tooClose:
		case top < 0:
			add(MoveDown)
		case bottom > float64(a.Height):
			add(MoveUp)
		}
		if a.PoseKnown {
			// Yaw is positive to the person's left, pitch positive up:
			// each code asks for the move back to frontal.
			switch {
			case a.Pose.Yaw < -cfg.MaxYaw:
				add(TurnLeft)
			case a.Pose.Yaw > cfg.MaxYaw:
				add(TurnRight)
			}
			switch {
			case a.Pose.Pitch < -cfg.MaxPitch:
				add(ChinUp)
			case a.Pose.Pitch > cfg.MaxPitch:
				add(ChinDown)
			}
		}
		if a.Landmarks != nil && math.Abs(a.Pose.Roll) > cfg.MaxRoll {
			add(HeadTilted)
		}
		switch {
		case a.Photo.Brightness < cfg.MinBrightness:
			add(TooDark)
		case a.Photo.Brightness > cfg.MaxBrightness || a.Photo.OverExposed > cfg.MaxOverExposed:
			add(TooBright)
		}
		if a.Photo.Uniformity < cfg.MinUniformity {
			add(UnevenLight)
		}
		if a.Photo.Sharpness < cfg.MinSharpness || a.Motion > cfg.MaxMotion {
			add(HoldStill)
		}
		if a.Landmarks != nil && (a.Eyes.OpenLeft < cfg.MinEyeOpen || a.Eyes.OpenRight < cfg.MinEyeOpen) {
			add(EyesClosed)
		}
		if a.Liveness >= 0 && cfg.MinLiveness > 0 && a.Liveness < cfg.MinLiveness {
			add(NotLive)
		}
	}
	a.Problems = p
	a.Guidance = OK
	if len(p) > 0 {
		a.Guidance = p[0]
	}
	a.Score = quality(a, cfg)
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
