package biometrics

import (
	"context"
	"fmt"
)

// FaceRequest is the body of the face calls.
type FaceRequest struct {
	// Photo is a JPEG or PNG of at most 1 MB holding one face.
	Photo []byte
	// LivenessID (API 1.1) is the id from ValidateLiveness; required when
	// liveness is switched on for the client.
	LivenessID string
	// Liveness (API 1.0) is the client-asserted liveness flag.
	Liveness bool
}

func (c *Client) faceForm(r FaceRequest) func() ([]byte, string, error) {
	return func() ([]byte, string, error) {
		f := newForm().photo("photo", r.Photo)
		if c.version == "1.1" {
			f.field("livenessId", r.LivenessID)
		} else if r.Liveness {
			f.field("liveness", "true")
		}
		return f.done()
	}
}

// EnrollFaceResult is Enroll Face's answer. A refused sample is an
// outcome, not an error: Status is false and Message is
// FACE_ENROLLMENT_FAILED (with Reason), MULTIPLE_FACES_DETECTED, or
// FACE_ALREADY_DETECTED_ON_GALLERY (with DetectedID and Confidence: the
// face already belongs to that enrolled user).
type EnrollFaceResult struct {
	Answer
	Enrolled      bool       `json:"enrolled"`
	Reason        string     `json:"reason,omitempty"`
	DetectedID    string     `json:"detectedId,omitempty"`
	Confidence    Confidence `json:"confidence,omitempty"`
	AlreadyExists bool       `json:"alreadyExists,omitempty"`
}

func (r *EnrollFaceResult) serverIDs() []string { return []string{r.DetectedID} }

// Duplicate reports a deduplication hit.
func (r EnrollFaceResult) Duplicate() bool { return r.Message == MsgFaceAlreadyDetectedOnGallery }

// EnrollFace enrolls a face sample for a user. Not retried on transport
// errors: a lost success would make the repeat a duplicate.
func (c *Client) EnrollFace(ctx context.Context, userID string, r FaceRequest) (EnrollFaceResult, error) {
	var out EnrollFaceResult
	err := c.userCall(ctx, "enroll face", "dialogue/enroll/face", userID, false, c.faceForm(r), &out,
		MsgFaceEnrollmentFailed, MsgFaceAlreadyDetectedOnGallery, MsgMultipleFacesDetected)
	return out, err
}

// MatchResult is the answer of Verify Face (1:1) and Find User Id by Face
// (1:N). Verified is the verdict; UserID is the match of a 1:N search. A
// refused photo is an outcome: Status false with FACE_ENROLLMENT_FAILED
// (Reason "No faces found on 'photo'") or MULTIPLE_FACES_DETECTED. A
// FACE_COMPARISON_FAILED (Status false) is a verdict: not the same face.
type MatchResult struct {
	Answer
	Verified   bool       `json:"verified"`
	UserID     string     `json:"userId,omitempty"`
	Confidence Confidence `json:"confidence,omitempty"`
	Reason     string     `json:"reason,omitempty"`
}

func (r *MatchResult) serverIDs() []string { return []string{r.UserID} }

// Refused reports that the photo itself was refused (no verdict).
func (r MatchResult) Refused() bool { return !r.Status && r.Message != MsgFaceComparisonFailed }

// verifyFaceOutcomes are the status:false answers Verify Face may give.
// Its responses are not documented (spec §3.2), so these are the face
// engine's documented 1:1 refusals: the photo's (as Find-by-face's and
// Enroll Face's) and the comparison's (as Verify document photo's).
var verifyFaceOutcomes = []Message{MsgFaceEnrollmentFailed, MsgMultipleFacesDetected, MsgFaceComparisonFailed}

// VerifyFace compares a photo with the user's enrolled face. Retried: a
// comparison changes nothing on the server.
func (c *Client) VerifyFace(ctx context.Context, userID string, r FaceRequest) (MatchResult, error) {
	var out MatchResult
	err := c.userCall(ctx, "verify face", "dialogue/verify/face", userID, true, c.faceForm(r), &out, verifyFaceOutcomes...)
	return out, err
}

// FindByFace searches every enrolled user for the face (1:N). Only the
// 1.0 page exists, so it uses the 1.0 path and body on any client: a 1.1
// client's LivenessID (a validated liveness session) is sent as the 1.0
// liveness flag. Retried.
func (c *Client) FindByFace(ctx context.Context, r FaceRequest) (MatchResult, error) {
	var out MatchResult
	build := func() ([]byte, string, error) {
		f := newForm().photo("photo", r.Photo)
		if r.Liveness || r.LivenessID != "" {
			f.field("liveness", "true")
		}
		return f.done()
	}
	err := c.call(ctx, request{op: "find by face", method: "POST", path: "users/find-by-face", idempotent: true, version: "1.0"},
		build, &out, MsgFaceEnrollmentFailed, MsgMultipleFacesDetected)
	return out, err
}

// UserMatch is one user found by FindByMultiple.
type UserMatch struct {
	UserID     string     `json:"userId"`
	Confidence Confidence `json:"confidence"`
}

// MultipleResult is Find Multiple Id by Face's answer.
type MultipleResult struct {
	Answer
	Verified   bool        `json:"verified"`
	UsersFound []UserMatch `json:"usersFound"`
	Reason     string      `json:"reason,omitempty"`
}

func (r *MultipleResult) serverIDs() []string {
	ids := make([]string, 0, len(r.UsersFound))
	for _, u := range r.UsersFound {
		ids = append(ids, u.UserID)
	}
	return ids
}

// FindByMultiple searches for every face in the photo (1:N each). It is
// documented for API 1.1 only, so it always uses the 1.1 path. Retried.
func (c *Client) FindByMultiple(ctx context.Context, r FaceRequest) (MultipleResult, error) {
	var out MultipleResult
	err := c.call(ctx, request{op: "find by multiple", method: "POST", path: "users/find-by-multiple", idempotent: true, version: "1.1"},
		func() ([]byte, string, error) {
			return newForm().photo("photo", r.Photo).field("livenessId", r.LivenessID).done()
		}, &out, MsgFaceEnrollmentFailed)
	return out, err
}

// AdaptFaceResult is Adapt Face's answer. Refusals are outcomes:
// FACE_ADAPT_FAILED (Reason), FACE_NOT_REALIABLE_TO_ADAPT,
// MULTIPLE_FACES_DETECTED.
type AdaptFaceResult struct {
	Answer
	Adapted       bool   `json:"adapted"`
	FaceImg       string `json:"faceImg,omitempty"`
	Reason        string `json:"reason,omitempty"`
	AlreadyExists bool   `json:"alreadyExists,omitempty"`
}

// AdaptFace replaces the user's enrolled face sample. Not retried on
// transport errors.
func (c *Client) AdaptFace(ctx context.Context, userID string, r FaceRequest) (AdaptFaceResult, error) {
	var out AdaptFaceResult
	err := c.userCall(ctx, "adapt face", "dialogue/adapt/face", userID, false, c.faceForm(r), &out,
		MsgFaceAdaptFailed, MsgFaceNotRealiableToAdapt, MsgMultipleFacesDetected)
	return out, err
}

// DeleteFace deletes the user's face enrolment (1.0 path; the 1.1 page is
// not documented). Retried.
func (c *Client) DeleteFace(ctx context.Context, userID string) (Answer, error) {
	return c.simple(ctx, "delete face", "DELETE", userID, "face/delete", "1.0")
}

// FaceProperties is an age, gender and emotions estimate.
type FaceProperties struct {
	Age      float64  `json:"age"`
	Gender   string   `json:"gender"`
	Emotions []string `json:"emotions"`
}

// PropertiesResult is Find Face Properties' answer; refusals
// (FACE_PROPERTIES_FAILED, MULTIPLE_FACES_DETECTED) are outcomes.
type PropertiesResult struct {
	Answer
	Properties FaceProperties `json:"properties"`
	Reason     string         `json:"reason,omitempty"`
}

// FindFaceProperties estimates age, gender and emotions. Retried.
func (c *Client) FindFaceProperties(ctx context.Context, r FaceRequest) (PropertiesResult, error) {
	var out PropertiesResult
	err := c.call(ctx, request{op: "find face properties", method: "POST", path: "users/find-face-properties", idempotent: true},
		c.faceForm(r), &out, MsgFacePropertiesFailed, MsgMultipleFacesDetected)
	return out, err
}

// userCall is a POST on users/:id/<rest>.
func (c *Client) userCall(ctx context.Context, op, rest, userID string, idempotent bool, build func() ([]byte, string, error), out result, outcomes ...Message) error {
	path, err := userPath(userID, rest)
	if err != nil {
		return fmt.Errorf("biometrics: %s: %w", op, err)
	}
	return c.call(ctx, request{op: op, method: "POST", path: path, idempotent: idempotent}, build, out, outcomes...)
}
