package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"

	"biokiosk/biometrics"
	"biokiosk/flow"
	"biokiosk/ui"
)

// SelfCheck implements ui.Services: the camera gives a frame, the
// microphone opens (when s.Flow.Voice), the back end answers and accepts the
// credentials (flow.Checker), in that order; nothing is created. Its
// error is a *flow.Error with the detail for staff. A camera held by a
// running session counts as working. The devices checked are the ones
// /healthz checks from then on.
func (g Services) SelfCheck(ctx context.Context, s ui.Session) error {
	a := g.a
	a.useDevices(s.Camera, s.Microphone, s.Flow.Voice)
	if a.devices.try() {
		camErr, micErr := a.checkDevices(ctx, s.Camera, s.Microphone, s.Flow.Voice)
		a.devices.release()
		if camErr != nil {
			return &flow.Error{Code: flow.CodeCameraUnavailable, Detail: fmt.Sprintf("camera %q: %v", s.Camera, camErr)}
		}
		if micErr != nil {
			return &flow.Error{Code: flow.CodeMicUnavailable, Detail: fmt.Sprintf("microphone %q: %v", s.Microphone, micErr)}
		}
	}
	if err := a.checkServer(ctx); errors.Is(err, ErrNoServer) {
		return &flow.Error{Code: flow.CodeServerNotConfigured, Detail: err.Error()}
	} else if err != nil {
		return &flow.Error{Code: flow.CodeServerUnreachable, Detail: err.Error()}
	}
	return nil
}

// unreachable says err is a failure to reach the server or read its
// answer (rather than an answer refusing the credentials).
func unreachable(err error) bool {
	var te *biometrics.TransportError
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &te) || errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded)
}
