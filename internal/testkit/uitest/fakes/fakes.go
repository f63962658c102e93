// Package fakes holds the core.Services the tests of ui's packages run
// screens on.
package fakes

import (
	"context"

	"biokiosk/capture/preview"
	"biokiosk/flow"
	"biokiosk/ui/core"
)

// Services reports fixed capabilities and answers every call with
// nothing; the screens under test never start a session (NewRunner
// fails).
type Services struct{ Caps flow.Capabilities }

// NewRunner fails: no session starts.
func (c Services) NewRunner(core.Session) (*flow.Runner, func(), error) {
	return nil, nil, context.Canceled
}

// Capabilities are c.Caps.
func (c Services) Capabilities() flow.Capabilities { return c.Caps }

// EnrollStatus is nothing enrolled.
func (c Services) EnrollStatus(context.Context, string) (flow.EnrollStatus, error) {
	return flow.EnrollStatus{}, nil
}

// ResolveCustomerNumber finds none.
func (c Services) ResolveCustomerNumber(context.Context, string) (string, bool, error) {
	return "", false, nil
}

// CustomerNumber finds none.
func (c Services) CustomerNumber(context.Context, string) (string, bool, error) {
	return "", false, nil
}

// Delete deletes nothing.
func (c Services) Delete(context.Context, flow.DeletionKind, string) error { return nil }

// CheckServer finds nothing.
func (c Services) CheckServer(context.Context) (core.ServerCheck, error) {
	return core.ServerCheck{}, nil
}

// SelfCheck passes.
func (c Services) SelfCheck(context.Context, core.Session) error { return nil }

// CameraTest ends at once.
func (c Services) CameraTest(context.Context, string, func(*preview.Face)) error {
	return nil
}

// MicTest records nothing.
func (c Services) MicTest(context.Context, string, func(flow.Level)) (flow.VoiceSample, error) {
	return flow.VoiceSample{}, nil
}
