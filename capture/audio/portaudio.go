package audio

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/gordonklaus/portaudio"
)

// Host is the PortAudio library, initialised once by main (Initialize)
// and terminated once at exit (Close).
type Host struct{}

// quietStderr runs fn with file descriptor 2 pointed at /dev/null, to
// swallow the dozens of "ALSA lib …" and JACK lines that PortAudio's
// device probing prints on Linux. Errors still come back as values.
func quietStderr(fn func() error) error {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return fn()
	}
	defer null.Close()
	saved, err := syscall.Dup(2)
	if err != nil {
		return fn()
	}
	defer syscall.Close(saved)
	if err := syscall.Dup2(int(null.Fd()), 2); err != nil {
		return fn()
	}
	defer syscall.Dup2(saved, 2)
	return fn()
}

// OpenHost initialises PortAudio. Call Close exactly once at exit.
func OpenHost() (*Host, error) {
	os.Setenv("JACK_NO_START_SERVER", "1") // never spawn a JACK daemon while probing
	if err := quietStderr(portaudio.Initialize); err != nil {
		return nil, fmt.Errorf("audio: initialise PortAudio: %w", err)
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
		return nil, fmt.Errorf("audio: list devices: %w", err)
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
var ErrNoMicrophone = errors.New("audio: no microphone")

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
		return nil, fmt.Errorf("audio: list devices: %w", err)
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

// Mic is a PortAudio input stream at 16 kHz mono, or at the device's own
// rate resampled to 16 kHz when it cannot open 16 kHz.
type Mic struct {
	stream    *portaudio.Stream
	ch        chan []int16
	overflows atomic.Int64
	rs        *streamResampler
	closeOnce sync.Once
	Name      string
	DevRate   float64
}

// micQueue holds about 5 s of 20 ms chunks before the callback drops:
// enough to ride out a stalled reader (GC, a busy UI) and virtual devices
// that deliver faster than real time (ALSA's file plugin on a null slave,
// as the tests use), for 160 KB.
const micQueue = 250

// OpenMic opens an input device by spec ("default", an index, or a name).
func (h *Host) OpenMic(spec string) (*Mic, error) {
	dev, err := h.find(spec)
	if err != nil {
		return nil, err
	}
	m := &Mic{ch: make(chan []int16, micQueue), Name: dev.Name, DevRate: Rate}
	p := portaudio.LowLatencyParameters(dev, nil)
	p.Input.Channels = 1
	p.SampleRate = Rate
	p.FramesPerBuffer = FrameSamples
	if quietStderr(func() error { return portaudio.IsFormatSupported(p, m.callback) }) != nil {
		p.SampleRate = dev.DefaultSampleRate
		p.FramesPerBuffer = int(dev.DefaultSampleRate / 50)
		m.DevRate = dev.DefaultSampleRate
		m.rs = newStreamResampler(int(dev.DefaultSampleRate), Rate)
	}
	err = quietStderr(func() error {
		var err error
		if m.stream, err = portaudio.OpenStream(p, m.callback); err != nil {
			return err
		}
		return m.stream.Start()
	})
	if err != nil {
		if m.stream != nil {
			m.stream.Close()
		}
		return nil, fmt.Errorf("audio: open microphone %q at %.0f Hz: %w", dev.Name, p.SampleRate, err)
	}
	return m, nil
}

// callback runs on PortAudio's thread: it copies the buffer (which
// aliases C memory) and never blocks.
func (m *Mic) callback(in []int16, _ portaudio.StreamCallbackTimeInfo, flags portaudio.StreamCallbackFlags) {
	if flags&portaudio.InputOverflow != 0 {
		m.overflows.Add(1)
	}
	c := append([]int16(nil), in...)
	select {
	case m.ch <- c:
	default:
		m.overflows.Add(1)
	}
}

// Read implements Source.
func (m *Mic) Read(ctx context.Context) ([]int16, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case s, ok := <-m.ch:
		if !ok {
			return nil, errors.New("audio: microphone closed")
		}
		if m.rs != nil {
			return m.rs.push(s), nil
		}
		return s, nil
	}
}

// Overflows implements Source.
func (m *Mic) Overflows() int { return int(m.overflows.Load()) }

// Close stops and closes the stream.
func (m *Mic) Close() error {
	var err error
	m.closeOnce.Do(func() {
		err = quietStderr(func() error {
			serr := m.stream.Stop()
			return errors.Join(serr, m.stream.Close())
		})
	})
	if err != nil {
		return fmt.Errorf("audio: close microphone: %w", err)
	}
	return nil
}

// streamResampler resamples a stream chunk by chunk, keeping enough
// history for the interpolation kernel across chunk edges.
type streamResampler struct {
	in, out int
	buf     []float64 // input not yet consumed, starting at input index base
	base    int
	next    int // next output sample index
}

func newStreamResampler(in, out int) *streamResampler { return &streamResampler{in: in, out: out} }

func (r *streamResampler) push(s []int16) []int16 {
	for _, v := range s {
		r.buf = append(r.buf, float64(v)/32768)
	}
	ratio := float64(r.out) / float64(r.in)
	half := float64(resampleTaps) / min(1, ratio)
	var y []float64
	for {
		t := float64(r.next) / ratio
		if t+half >= float64(r.base+len(r.buf)) {
			break
		}
		lo := int(t - half)
		var sum, wsum float64
		for i := max(lo, r.base); i <= int(t+half); i++ {
			d := float64(i) - t
			w := sinc(d*min(1, ratio)) * blackman(d/half)
			sum += r.buf[i-r.base] * w
			wsum += w
		}
		y = append(y, sum/wsum)
		r.next++
	}
	// Drop input the kernel will not reach again.
	keep := int(float64(r.next)/ratio-half) - 1
	if drop := keep - r.base; drop > 0 && drop <= len(r.buf) {
		r.buf = append(r.buf[:0], r.buf[drop:]...)
		r.base += drop
	}
	return toInt16(y)
}
