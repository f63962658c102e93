package flow

import "context"

// Checker is implemented by ports that can check, cheaply, that they
// work: a camera that opens and yields a frame, a microphone that opens,
// a server that answers and accepts the credentials. A registration
// checks them before it creates anything, so a missing device or a wrong
// key never leaves a user behind on the server.
type Checker interface {
	Check(ctx context.Context) error
}

// preflight checks the camera (with the face step), the microphone (with
// the voice step) and the back end, in that order; the first failure ends
// the step. A port that is not a Checker passes.
func (s *session) preflight() (StepResult, int, error) {
	for _, c := range []struct {
		on   bool
		port any
		code Code
		what StepResult
	}{
		{s.r.cfg.Face, s.r.camera, CodeCameraUnavailable, ResultCamera},
		{s.r.cfg.Voice, s.r.mic, CodeMicUnavailable, ResultMicrophone},
		{true, s.r.backend, CodeServerUnreachable, ResultServer},
	} {
		ch, ok := c.port.(Checker)
		if !c.on || !ok {
			continue
		}
		if err := ch.Check(s.ctx); err != nil {
			return c.what, 1, asError(StepPreflight, err, c.code)
		}
	}
	return ResultReady, 1, nil
}
