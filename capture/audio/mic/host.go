// Package mic is the kiosk's microphone: PortAudio input devices read
// as an audio.Source at 16 kHz mono. It is apart from capture/audio so
// that decoding or analysing a WAV does not link PortAudio.
package mic

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/gordonklaus/portaudio"
)

// Host is the PortAudio library, initialised once by main (Initialize)
// and terminated once at exit (Close).
type Host struct{}

// OpenHost initialises PortAudio. Call Close exactly once at exit.
func OpenHost() (*Host, error) {
	os.Setenv("JACK_NO_START_SERVER", "1") // never spawn a JACK daemon while probing
	if err := quietStderr(portaudio.Initialize); err != nil {
		return nil, fmt.Errorf("mic: initialise PortAudio: %w", err)
	}
	return &Host{}, nil
}

// Close terminates PortAudio.
func (h *Host) Close() error { return portaudio.Terminate() }

// Device is an input device.
type Device struct {
	Index       int     `json:"index"`
	Name        string  `json:"name"`
	HostAPI     string  `json:"host_api"`
	Channels    int     `json:"max_input_channels"`
	DefaultRate float64 `json:"default_rate"`
	Default     bool    `json:"default"`
}

// Devices lists the input devices.
func (h *Host) Devices() ([]Device, error) {
	var all []*portaudio.DeviceInfo
	var def *portaudio.DeviceInfo
	err := quietStderr(func() error {
		var err error
		if all, err = portaudio.Devices(); err != nil {
			return err
		}
		def, _ = portaudio.DefaultInputDevice()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mic: list devices: %w", err)
	}
	var out []Device
	for i, d := range all {
		if d.MaxInputChannels < 1 {
			continue
		}
		api := ""
		if d.HostApi != nil {
			api = d.HostApi.Name
		}
		out = append(out, Device{Index: i, Name: d.Name, HostAPI: api, Channels: d.MaxInputChannels,
			DefaultRate: d.DefaultSampleRate, Default: def != nil && d.Name == def.Name && d.HostApi == def.HostApi})
	}
	return out, nil
}

// ErrNoMicrophone says no input device matched.
var ErrNoMicrophone = errors.New("mic: no microphone")

// find resolves a device spec: "" or "default", an index, or part of a name.
func (h *Host) find(spec string) (*portaudio.DeviceInfo, error) {
	var all []*portaudio.DeviceInfo
	var def *portaudio.DeviceInfo
	var derr error
	err := quietStderr(func() error {
		var err error
		all, err = portaudio.Devices()
		def, derr = portaudio.DefaultInputDevice()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("mic: list devices: %w", err)
	}
	var names []string
	for _, d := range all {
		if d.MaxInputChannels > 0 {
			names = append(names, d.Name)
		}
	}
	tried := fmt.Sprintf("input devices: %q", names)
	if len(names) == 0 {
		tried = "PortAudio found no input device"
	}
	if spec == "" || spec == "default" {
		if derr != nil || def == nil || def.MaxInputChannels < 1 {
			return nil, fmt.Errorf("%w: no default input device (%s); plug in a microphone or use a .wav file", ErrNoMicrophone, tried)
		}
		return def, nil
	}
	if i, err := strconv.Atoi(spec); err == nil {
		if i >= 0 && i < len(all) && all[i].MaxInputChannels > 0 {
			return all[i], nil
		}
		return nil, fmt.Errorf("%w: no input device with index %d (%s)", ErrNoMicrophone, i, tried)
	}
	for _, d := range all {
		if d.MaxInputChannels > 0 && strings.Contains(strings.ToLower(d.Name), strings.ToLower(spec)) {
			return d, nil
		}
	}
	return nil, fmt.Errorf("%w: no input device named like %q (%s)", ErrNoMicrophone, spec, tried)
}
