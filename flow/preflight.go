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

// preflight checks the camera, the microphone (when the voice step is
// on) and the back end, in that order; the first failure ends the step.
func (s *session) preflight() (string, int, error) {
	checks := []struct {
		port any
		code string
		what string
	}{
		{s.r.camera, CodeCameraUnavailable, "camera"},
		{s.r.mic, CodeMicUnavailable, "microphone"},
		{s.r.backend, CodeServerUnreachable, "server"},
	}
	for _, c := range checks {
		if c.port == nil || (c.what == "camera" && !s.r.cfg.Face) || (c.what == "microphone" && !s.r.cfg.Voice) {
			continue
		}
		ch, ok := c.port.(Checker)
		if !ok {
			continue
		}
		if err := ch.Check(s.ctx); err != nil {
			return c.what, 1, asError(StepPreflight, err, c.code)
		}
	}
	return "ready", 1, nil
}
