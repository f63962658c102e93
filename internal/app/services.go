package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/capture/audio"
	"biokiosk/capture/autocapture"
	"biokiosk/capture/camera"
	"biokiosk/capture/face"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/ui"
)

// Services implement ui.Services on an App.
type Services struct{ a *App }

var _ ui.Services = Services{}

// Services returns the App as the GUI's ui.Services.
func (a *App) Services() Services { return Services{a} }

// ErrBusy says another session holds the camera (one capture at a time).
var ErrBusy = errors.New("the camera is in use by another session")

// lockDevices takes the devices, waiting up to wait (and no longer than
// ctx) for a short holder (the kiosk's self-check) to let go; it returns
// busy() when they stay taken.
func (a *App) lockDevices(ctx context.Context, wait time.Duration) error {
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := a.devices.acquire(wctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return busy()
	}
	return nil
}

// busy is ErrBusy as the UI reads it (flow.CodeDeviceBusy).
func busy() error { return &flow.Error{Code: flow.CodeDeviceBusy, Detail: ErrBusy.Error()} }

// NewRunner implements ui.Services: a runner from App.NewRunner, on the
// devices of s, holding them until close.
func (g Services) NewRunner(s ui.Session) (*flow.Runner, func(), error) {
	a := g.a
	if err := a.lockDevices(context.Background(), 10*time.Second); err != nil {
		return nil, nil, err
	}
	probe, err := camera.Open(s.Camera, camera.Options{})
	if err != nil {
		a.devices.release()
		return nil, nil, &flow.Error{Code: flow.CodeCameraUnavailable, Detail: fmt.Sprintf("no camera at %q (%v). Set a camera in Settings: a device such as 0 or /dev/video0, an IP camera URL, a video file or an image", s.Camera, err)}
	}
	probe.Close()
	r, release, err := a.NewRunner(context.Background(), RunnerSpec{Session: s, Realtime: true})
	switch {
	case errors.Is(err, ErrNoMicrophone):
		a.devices.release()
		return nil, nil, &flow.Error{Code: flow.CodeMicUnavailable, Detail: fmt.Sprintf("%v. Set one in Settings (a device or a WAV file), or switch the voice step off", err)}
	case err != nil:
		a.devices.release()
		return nil, nil, err
	}
	return r, func() { release(); a.devices.release() }, nil
}

// Capabilities implements ui.Services: a field read, resolved at start-up
// and when the settings are saved.
func (g Services) Capabilities() flow.Capabilities { return g.a.Capabilities() }

// client is a BiometrID client on the configured server (look-ups,
// deletions and the server check are BiometrID calls).
func (g Services) client(ctx context.Context) (*biometrics.Client, error) {
	srv, _, err := g.a.Server(ctx)
	if err != nil {
		return nil, err
	}
	if srv.Backend != config.BackendBiometrID {
		return nil, fmt.Errorf("%w: look-ups, deletions and the server check use BiometrID calls; the configured back end is %s", ErrNotSupported, srv.Backend)
	}
	return g.a.newAPIClient(srv)
}

// EnrollStatus implements ui.Services.
func (g Services) EnrollStatus(ctx context.Context, userID string) (flow.EnrollStatus, error) {
	b, err := g.a.Backend(ctx, nil)
	if err != nil {
		return flow.EnrollStatus{}, err
	}
	return b.EnrollStatus(ctx, userID)
}

// ResolveCustomerNumber implements ui.Services.
func (g Services) ResolveCustomerNumber(ctx context.Context, ref string) (string, bool, error) {
	store, err := g.a.Records(ctx)
	if err != nil {
		return "", false, err
	}
	return store.Lookup(ctx, ref)
}

// CustomerNumber implements ui.Services: the directory read backwards
// (records' CustomerNumber).
func (g Services) CustomerNumber(ctx context.Context, userID string) (string, bool, error) {
	store, err := g.a.Records(ctx)
	if err != nil {
		return "", false, err
	}
	ref, ok, err := store.CustomerNumber(ctx, userID)
	if err != nil {
		return "", false, fmt.Errorf("customer number of user %s: %w", userID, err)
	}
	return ref, ok, nil
}

// Delete implements ui.Services. Deleting a user (on any back end) also
// frees its customer number in the directory, so it can be registered
// again; face and voice deletions are BiometrID calls.
func (g Services) Delete(ctx context.Context, what flow.DeletionKind, userID string) error {
	if what == flow.DeleteUser {
		return g.a.DeleteUser(ctx, userID)
	}
	c, err := g.client(ctx)
	if err != nil {
		return err
	}
	switch what {
	case flow.DeleteFace:
		_, err = c.DeleteFace(ctx, userID)
	case flow.DeleteVoice:
		_, err = c.DeleteVoice(ctx, userID, "")
	default:
		err = fmt.Errorf("unknown deletion %q", what)
	}
	return err
}

// CheckServer implements ui.Services: the back end's flow.Checker (an
// authenticated read that creates nothing). A failure that is not a
// refusal of the credentials means the server did not answer.
func (g Services) CheckServer(ctx context.Context) (ui.ServerCheck, error) {
	srv, sb, err := g.a.Server(ctx)
	if err != nil {
		return ui.ServerCheck{}, err
	}
	out := ui.ServerCheck{Backend: srv.Backend, URL: srv.URL, APIVersion: srv.APIVersion}
	if sb != nil {
		out.URL = ""
	}
	b, err := g.a.Backend(ctx, nil)
	if err != nil {
		return out, err
	}
	ch, ok := b.(flow.Checker)
	if !ok {
		return out, fmt.Errorf("%w: the %s back end has no server check", ErrNotSupported, srv.Backend)
	}
	a := g.a
	a.forgetServerCheck() // staff asked: ask the server, not the caches
	if err := ch.Check(ctx); err != nil {
		out.Reachable = !unreachable(err)
		return out, err
	}
	out.Reachable, out.CredentialsOK = true, true
	return out, nil
}

// CameraTest implements ui.Services: live analysis on the camera (looping
// file sources) until ctx ends.
func (g Services) CameraTest(ctx context.Context, source string, preview func(*autocapture.Preview)) error {
	a := g.a
	if err := a.lockDevices(ctx, 5*time.Second); err != nil {
		return err
	}
	defer a.devices.release()
	an, closeAn, err := a.Analyzer(face.DefaultConfig())
	if err != nil {
		return err
	}
	defer closeAn()
	for ctx.Err() == nil {
		src, err := camera.Open(source, camera.Options{Realtime: true})
		if err != nil {
			return fmt.Errorf("camera: %w", err)
		}
		_, err = autocapture.Run(ctx, src, an, autocapture.Config{Options: autocapture.Options{Timeout: time.Hour, Dwell: time.Hour}, Preview: preview})
		src.Close()
		if err != nil && ctx.Err() == nil {
			return fmt.Errorf("camera test: %w", err)
		}
	}
	return nil
}

// MicTest implements ui.Services.
func (g Services) MicTest(ctx context.Context, source string, level func(flow.Level)) (flow.VoiceSample, error) {
	a := g.a
	if err := a.lockDevices(ctx, 5*time.Second); err != nil {
		return flow.VoiceSample{}, err
	}
	defer a.devices.release()
	src, closeMic, err := a.Mic(source, true)
	if err != nil {
		return flow.VoiceSample{}, err
	}
	defer closeMic()
	return (&adapters.Mic{Source: src, Config: audio.RecordConfig{}}).RecordUtterance(ctx, level)
}
