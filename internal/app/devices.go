package app

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"biokiosk/capture/audio"
	"biokiosk/capture/audio/mic"
	"biokiosk/capture/face"
)

// audioHost returns the process's PortAudio host, initialised on first
// use and terminated by Close. Callers hold no lock.
func (a *App) audioHost() (*mic.Host, error) {
	a.resMu.Lock()
	defer a.resMu.Unlock()
	if a.host == nil {
		h, err := a.openHost()
		if err != nil {
			return nil, fmt.Errorf("microphones: %w", err)
		}
		a.host = h
	}
	return a.host, nil
}

// Mic opens a microphone by spec (default, an index or part of a name)
// on the shared audio host, or replays a .wav file (at its real rate when
// realtime). close releases the device, not the host.
func (a *App) Mic(spec string, realtime bool) (src audio.Source, close func(), err error) {
	if strings.HasSuffix(strings.ToLower(spec), ".wav") {
		s, err := audio.OpenWAV(spec, realtime)
		if err != nil {
			return nil, nil, fmt.Errorf("microphone: %w", err)
		}
		return s, func() {}, nil
	}
	host, err := a.audioHost()
	if err != nil {
		return nil, nil, err
	}
	m, err := host.OpenMic(spec)
	if err != nil {
		return nil, nil, fmt.Errorf("microphone: %w", err)
	}
	return m, func() { m.Close() }, nil
}

// Microphones lists the input devices on the shared audio host.
func (a *App) Microphones() ([]mic.Device, error) {
	host, err := a.audioHost()
	if err != nil {
		return nil, err
	}
	return host.Devices()
}

// Analyzer is a fresh face analyzer with gate cfg on the shared models,
// loaded on first use; without models it falls back to the Haar cascade
// (with one note on the log). close frees the analyzer, not the models.
func (a *App) Analyzer(cfg face.Config) (an *face.Analyzer, close func(), err error) {
	a.resMu.Lock()
	defer a.resMu.Unlock()
	if a.models == nil && !a.noModel {
		dir, err := face.FindModelsDir(os.Getenv)
		if err == nil {
			a.models, err = face.LoadModels(dir)
		}
		switch {
		case errors.Is(err, face.ErrNoModels):
			a.noModel = true
			a.log.Warn("face models not found, using the Haar cascade with reduced checks (no pose, eyes or liveness): run make models")
		case err != nil:
			return nil, nil, fmt.Errorf("face models: %w", err)
		}
	}
	if a.models != nil {
		an := face.NewAnalyzer(a.models, cfg)
		return an, an.Close, nil
	}
	an, err = face.NewFallbackAnalyzer(face.HaarCascade, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("face models missing (run make models) and no fallback: %w", err)
	}
	return an, an.Close, nil
}
