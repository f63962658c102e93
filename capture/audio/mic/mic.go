package mic

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"biokiosk/capture/audio"

	"github.com/gordonklaus/portaudio"
)

// Mic is a PortAudio input stream at 16 kHz mono, or at the device's own
// rate resampled to 16 kHz when it cannot open 16 kHz.
type Mic struct {
	stream    *portaudio.Stream
	ch        chan []int16
	overflows atomic.Int64
	rs        *audio.StreamResampler
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
	m := &Mic{ch: make(chan []int16, micQueue), Name: dev.Name, DevRate: audio.Rate}
	p := portaudio.LowLatencyParameters(dev, nil)
	p.Input.Channels = 1
	p.SampleRate = audio.Rate
	p.FramesPerBuffer = audio.FrameSamples
	if quietStderr(func() error { return portaudio.IsFormatSupported(p, m.callback) }) != nil {
		p.SampleRate = dev.DefaultSampleRate
		p.FramesPerBuffer = int(dev.DefaultSampleRate / 50)
		m.DevRate = dev.DefaultSampleRate
		m.rs = audio.NewStreamResampler(int(dev.DefaultSampleRate), audio.Rate)
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
		return nil, fmt.Errorf("mic: open microphone %q at %.0f Hz: %w", dev.Name, p.SampleRate, err)
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

// Read implements audio.Source.
func (m *Mic) Read(ctx context.Context) ([]int16, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case s, ok := <-m.ch:
		if !ok {
			return nil, errors.New("mic: microphone closed")
		}
		if m.rs != nil {
			return m.rs.Push(s), nil
		}
		return s, nil
	}
}

// Overflows implements audio.Source.
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
		return fmt.Errorf("mic: close microphone: %w", err)
	}
	return nil
}
