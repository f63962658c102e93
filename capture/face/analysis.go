package face

import (
	"image"
	"math"
)

// Analysis is everything measured on one frame. Positions are in the
// source frame's pixels (not mirrored).
type Analysis struct {
	// Width and Height are the frame's size.
	Width, Height int
	// Faces are all faces found, largest first; the first is the main face.
	Faces []Detection
	// Landmarks of the main face; nil when the face was not found or the
	// models are missing (Haar fallback).
	Landmarks *Landmarks
	// IED is the main face's inter-eye distance in pixels.
	IED float64
	// Pose is the head pose; PoseKnown says whether the pose network
	// produced it (on this frame, or the frame before in live mode).
	Pose      Pose
	PoseKnown bool
	// Eyes is the eye model's verdict.
	Eyes EyeState
	// Photo holds brightness, exposure, uniformity and sharpness.
	Photo Photometry
	// Motion is how far the eye midpoint moved since the previous frame,
	// as a share of the IED (live mode only).
	Motion float64
	// Liveness is the live-person probability, or −1 when not assessed.
	Liveness float64
	// Reduced says only the Haar fallback ran: no landmarks, pose, eyes or
	// liveness.
	Reduced bool
	// Score is the 0–100 quality score (see score.go).
	Score float64
	// Problems lists every failed check, in Codes order; Guidance is the
	// first of them, or OK.
	Problems []Code
	Guidance Code
}

// Box is the main face's box, or the empty rectangle.
func (a *Analysis) Box() image.Rectangle {
	if len(a.Faces) == 0 {
		return image.Rectangle{}
	}
	return a.Faces[0].Box
}

// OK says the frame passes every check.
func (a *Analysis) OK() bool { return a.Guidance == OK }

// evaluate fills Problems, Guidance and Score from the measures.
func (a *Analysis) evaluate(cfg Config) {
	var p []Code
	add := func(c Code) { p = append(p, c) }
	if len(a.Faces) == 0 {
		add(NoFace)
	} else {
		main := a.Faces[0].Box
		for _, f := range a.Faces[1:] {
			if float64(f.Box.Dy()) >= cfg.SecondFaceShare*float64(main.Dy()) {
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
		if ied < cfg.MinIED {
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
