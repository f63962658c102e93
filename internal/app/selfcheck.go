package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/flow"
	"biokiosk/ui"
)

// SelfCheck implements ui.Services: the camera gives a frame, the
// microphone opens (when s.Voice), the back end answers and accepts the
// credentials (flow.Checker), in that order; nothing is created. Its
// error is a *flow.Error with the detail for staff. A camera held by a
// running session counts as working.
func (g Services) SelfCheck(ctx context.Context, s ui.Session) error {
	a := g.a
	if a.devices.TryLock() {
		err := g.checkDevices(ctx, s)
		a.devices.Unlock()
		if err != nil {
			return err
		}
	}
	b, err := a.Backend(ctx, nil)
	if err != nil {
		return &flow.Error{Code: flow.CodeServerUnreachable, Detail: err.Error()}
	}
	if ch, ok := b.(flow.Checker); ok {
		if err := ch.Check(ctx); err != nil {
			return &flow.Error{Code: flow.CodeServerUnreachable, Detail: err.Error()}
		}
	}
	return nil
}

// checkDevices opens the camera (one frame) and, with s.Voice, the
// microphone.
func (g Services) checkDevices(ctx context.Context, s ui.Session) error {
	if err := (&adapters.Camera{Source: s.Camera}).Check(ctx); err != nil {
		return &flow.Error{Code: flow.CodeCameraUnavailable, Detail: fmt.Sprintf("camera %q: %v", s.Camera, err)}
	}
	if !s.Voice {
		return nil
	}
	_, closeMic, err := g.a.Mic(s.Microphone, false)
	if err != nil {
		return &flow.Error{Code: flow.CodeMicUnavailable, Detail: fmt.Sprintf("microphone %q: %v", s.Microphone, err)}
	}
	closeMic()
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
