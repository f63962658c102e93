package flow

// DeletionKind is what a staff deletion removes: the whole user, or only
// their face or voice enrolment.
type DeletionKind string

// The deletion kinds.
const (
	DeleteUser  DeletionKind = "user"
	DeleteFace  DeletionKind = "face"
	DeleteVoice DeletionKind = "voice"
)
