package faceresult

import "image"

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
	// Score is the 0–100 quality score (see package face's score.go).
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

// Detection is one face found in a frame.
type Detection struct {
	Box   image.Rectangle
	Score float32
}

// Point is a position in frame pixels.
type Point struct{ X, Y float64 }

// Landmarks are the 68 iBUG points of one face, in frame pixels. Index 0
// is the jaw at the person's right (image left in an unmirrored frame).
type Landmarks [68]Point

// RightEye is the centre of the person's right eye (image left).
func (l *Landmarks) RightEye() Point { return l.avg(37, 38, 40, 41) }

// LeftEye is the centre of the person's left eye (image right).
func (l *Landmarks) LeftEye() Point { return l.avg(43, 44, 46, 47) }

// Nose is the nose tip.
func (l *Landmarks) Nose() Point { return l[30] }

// MouthRight and MouthLeft are the mouth corners (person's right/left).
func (l *Landmarks) MouthRight() Point { return l.avg(48, 60) }

// MouthLeft is the person's left mouth corner.
func (l *Landmarks) MouthLeft() Point { return l.avg(54, 64) }

// Five are the eyes, nose tip and mouth corners, in the order the
// embedding's reference points use.
func (l *Landmarks) Five() [5]Point {
	return [5]Point{l.RightEye(), l.LeftEye(), l.Nose(), l.MouthRight(), l.MouthLeft()}
}

func (l *Landmarks) avg(idx ...int) Point {
	var p Point
	for _, i := range idx {
		p.X += l[i].X
		p.Y += l[i].Y
	}
	n := float64(len(idx))
	return Point{p.X / n, p.Y / n}
}

// Pose is the head's rotation in degrees: yaw (turn, positive to the
// person's left), pitch (nod, positive up) and roll (tilt).
type Pose struct {
	Yaw, Pitch, Roll float64
}

// EyeState is the eye model's verdict for both eyes; Open* are the
// softmax probabilities of "open".
type EyeState struct {
	OpenRight, OpenLeft float64
}

// Open says both eyes are more likely open than closed.
func (e EyeState) Open() bool { return e.OpenRight > 0.5 && e.OpenLeft > 0.5 }

// Photometry are the face region's light and focus figures.
type Photometry struct {
	// Brightness is the mean grey level of the inner face, 0–255.
	Brightness float64
	// UnderExposed and OverExposed are the shares of inner-face pixels at
	// or below 25 and at or above 247 (OFIQ's exposure bands).
	UnderExposed, OverExposed float64
	// Uniformity is the histogram intersection of the face's left and right
	// halves, 0–1 (OFIQ's IlluminationUniformity raw value); 1 is even.
	Uniformity float64
	// Sharpness is the variance of the Laplacian of the face resized to
	// 128×128, so it does not depend on how close the person stands.
	Sharpness float64
}
