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
		if float64(main.Dy()) > cfg.MaxFaceHeight*float64(a.Height) {
			add(MoveBack)
		}
		cx := float64(main.Min.X+main.Max.X) / 2 / float64(a.Width)
		cy := float64(main.Min.Y+main.Max.Y) / 2 / float64(a.Height)
		// The camera sees the person unmirrored: a face left of the target
		// in the frame stands to the person's right, so they move left.
		switch {
		case cx < cfg.CenterX-cfg.CenterTolerance:
			add(MoveLeft)
		case cx > cfg.CenterX+cfg.CenterTolerance:
			add(MoveRight)
		}
		switch {
		case cy < cfg.CenterY-cfg.CenterTolerance:
			add(MoveDown)
		case cy > cfg.CenterY+cfg.CenterTolerance:
			add(MoveUp)
		}
		if a.PoseKnown && (math.Abs(a.Pose.Yaw) > cfg.MaxYaw || math.Abs(a.Pose.Pitch) > cfg.MaxPitch) {
			add(LookStraight)
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
