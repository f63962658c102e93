package adapters

import (
	"context"
	"errors"

	"biokiosk/biometrics"
	"biokiosk/flow"
)

// BiometrID is a flow.Backend over the BiometrID client. Errors keep the
// client's types, whose Code() is the API's message constant (or
// SERVER_UNREACHABLE / MALFORMED_RESPONSE).
type BiometrID struct {
	C *biometrics.Client
	// Checks remembers successful server checks (nil: none).
	Checks *CheckCache
}

var _ flow.Backend = BiometrID{}

// CreateUser implements flow.Backend.
func (b BiometrID) CreateUser(ctx context.Context, ref, mac string) (string, error) {
	r, err := b.C.CreateUser(ctx, biometrics.CreateUserParams{ReferenceID: ref, MacAddress: mac})
	return r.ID, err
}

// EnrollFace implements flow.Backend.
func (b BiometrID) EnrollFace(ctx context.Context, userID string, p flow.Photo, livenessID string) (flow.FaceEnrollment, error) {
	r, err := b.C.EnrollFace(ctx, userID, biometrics.FaceRequest{Photo: p.JPEG, LivenessID: livenessID})
	if err != nil {
		return flow.FaceEnrollment{}, err
	}
	out := flow.FaceEnrollment{Enrolled: r.Enrolled && r.OK(), Confidence: float64(r.Confidence)}
	switch {
	case r.Duplicate():
		out.DuplicateOf = r.DetectedID
	case !r.OK():
		out.Refused, out.Reason = flow.Code(r.Message), r.Reason
	}
	return out, nil
}

// AdaptFace implements flow.Backend.
func (b BiometrID) AdaptFace(ctx context.Context, userID string, p flow.Photo, livenessID string) (flow.FaceEnrollment, error) {
	r, err := b.C.AdaptFace(ctx, userID, biometrics.FaceRequest{Photo: p.JPEG, LivenessID: livenessID})
	if err != nil {
		return flow.FaceEnrollment{}, err
	}
	out := flow.FaceEnrollment{Enrolled: r.OK() && r.Adapted}
	if !r.OK() {
		out.Refused, out.Reason = flow.Code(r.Message), r.Reason
	}
	return out, nil
}

func toMatch(r biometrics.MatchResult) flow.Match {
	m := flow.Match{Matched: r.OK() && r.Verified, UserID: r.UserID, Confidence: float64(r.Confidence)}
	if r.Refused() {
		m.Refused, m.Reason = flow.Code(r.Message), r.Reason
	}
	return m
}

// VerifyFace implements flow.Backend.
func (b BiometrID) VerifyFace(ctx context.Context, userID string, p flow.Photo, livenessID string) (flow.Match, error) {
	r, err := b.C.VerifyFace(ctx, userID, biometrics.FaceRequest{Photo: p.JPEG, LivenessID: livenessID})
	if err != nil {
		return flow.Match{}, err
	}
	return toMatch(r), nil
}

// FindByFace implements flow.Backend.
func (b BiometrID) FindByFace(ctx context.Context, p flow.Photo, livenessID string) (flow.Match, error) {
	r, err := b.C.FindByFace(ctx, biometrics.FaceRequest{Photo: p.JPEG, LivenessID: livenessID})
	if err != nil {
		return flow.Match{}, err
	}
	return toMatch(r), nil
}

// ValidateLiveness implements flow.Backend: the burst (or the photo
// alone) goes as the audit-trail frames.
func (b BiometrID) ValidateLiveness(ctx context.Context, p flow.Photo) (string, error) {
	frames := p.Burst
	if len(frames) == 0 {
		frames = [][]byte{p.JPEG}
	}
	r, err := b.C.ValidateLiveness(ctx, biometrics.LivenessValidation{AuditTrailImages: frames})
	if err != nil {
		return "", err
	}
	return r.LivenessID, nil
}

// PendingDialogue implements flow.Backend.
func (b BiometrID) PendingDialogue(ctx context.Context, userID string) (bool, error) {
	r, err := b.C.PendingDialogue(ctx, userID)
	return r.Pending, err
}

// RestartState implements flow.Backend.
func (b BiometrID) RestartState(ctx context.Context, userID string) error {
	_, err := b.C.RestartState(ctx, userID)
	return err
}

func voiceMode(m flow.VoiceMode) biometrics.VoiceMode {
	switch m {
	case flow.VoiceVerify:
		return biometrics.VoiceVerify
	case flow.VoiceAdapt:
		return biometrics.VoiceAdapt
	}
	return biometrics.VoiceEnroll
}

// StartVoice implements flow.Backend. A 1.1 verify or adapt is
// single-shot: nothing is opened, and like every 1.1 step it has no
// prompt (the empty Prompt: the person says the phrase).
func (b BiometrID) StartVoice(ctx context.Context, userID string, mode flow.VoiceMode, lang string) (flow.Prompt, error) {
	m := voiceMode(mode)
	if !b.C.HasStart(m) {
		return flow.Prompt{}, nil
	}
	a, err := b.C.StartVoice(ctx, userID, m, lang)
	return flow.Prompt{Code: a.PromptCode, Text: a.PromptCodeText}, err
}

// SubmitVoice implements flow.Backend. A dialogue that goes on always
// gets a next prompt: the answer's (1.0), the empty one (1.1, whose
// VALID_ATTEMPT and refusals name none), or, for a 1.0 answer that names
// none, the open dialogue's current prompt from Has Pending Dialogue.
func (b BiometrID) SubmitVoice(ctx context.Context, userID string, mode flow.VoiceMode, lang string, wav []byte) (flow.VoiceStep, error) {
	a, err := b.C.SubmitVoice(ctx, userID, voiceMode(mode), lang, wav)
	if err != nil {
		return flow.VoiceStep{}, err
	}
	st := flow.VoiceStep{Done: a.Done(), Success: a.Succeeded()}
	if a.Refused() {
		st.Refused = flow.Code(a.Reason)
		if st.Refused == "" {
			st.Refused = flow.Code(a.Message)
		}
	}
	switch {
	case st.Done:
	case a.Prompted():
		st.Next = &flow.Prompt{Code: a.PromptCode, Text: a.PromptCodeText}
	case b.C.APIVersion() == "1.1":
		st.Next = &flow.Prompt{}
	default:
		p, err := b.C.PendingDialogue(ctx, userID)
		if err != nil {
			return flow.VoiceStep{}, err
		}
		if p.Pending && p.PromptCode != "" {
			st.Next = &flow.Prompt{Code: p.PromptCode, Text: p.PromptCodeText}
		}
	}
	return st, nil
}

// EnrollStatus implements flow.Backend.
func (b BiometrID) EnrollStatus(ctx context.Context, userID string) (flow.EnrollStatus, error) {
	r, err := b.C.EnrollStatus(ctx, userID)
	if errors.Is(err, biometrics.ErrUserNotFound) {
		return flow.EnrollStatus{}, nil // an unknown user has nothing enrolled, as on Verifik
	}
	if err != nil {
		return flow.EnrollStatus{}, err
	}
	var st flow.EnrollStatus
	for _, e := range r.Engines {
		switch e.Type {
		case "face":
			st.Face = e.Enrolled
		case "voice":
			st.Voice = e.Enrolled
		}
	}
	return st, nil
}
