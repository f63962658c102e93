package audio

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

// Source delivers 16 kHz mono samples: a microphone or a WAV file.
type Source interface {
	// Read returns the next chunk of samples, blocking until one is
	// ready; io.EOF at the end of a file. The slice is the caller's.
	Read(ctx context.Context) ([]int16, error)
	// Overflows counts chunks dropped because the reader was too slow.
	Overflows() int
	// Close stops the source.
	Close() error
}

// FileSource replays a clip, in real time or as fast as possible.
type FileSource struct {
	clip     Clip
	pos      int
	realtime bool
	next     time.Time
}

// chunk is what a file source hands out per Read: 20 ms.
const chunk = FrameSamples

// NewFileSource replays c; realtime paces it like a microphone.
func NewFileSource(c Clip, realtime bool) *FileSource {
	return &FileSource{clip: c, realtime: realtime}
}

// OpenWAV opens a WAV file as a source.
func OpenWAV(path string, realtime bool) (*FileSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audio: open %s: %w", path, err)
	}
	defer f.Close()
	c, err := DecodeWAV(f)
	if err != nil {
		return nil, fmt.Errorf("audio: %s: %w", path, err)
	}
	return NewFileSource(c, realtime), nil
}

// Read implements Source.
func (s *FileSource) Read(ctx context.Context) ([]int16, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.pos >= len(s.clip.Samples) {
		return nil, io.EOF
	}
	if s.realtime {
		now := time.Now()
		if s.next.IsZero() {
			s.next = now
		}
		if d := s.next.Sub(now); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, ctx.Err()
			case <-t.C:
			}
		}
		s.next = s.next.Add(time.Second * chunk / Rate)
	}
	end := min(s.pos+chunk, len(s.clip.Samples))
	out := append([]int16(nil), s.clip.Samples[s.pos:end]...)
	s.pos = end
	return out, nil
}

// Overflows implements Source; a file never overflows.
func (s *FileSource) Overflows() int { return 0 }

// Close implements Source.
func (s *FileSource) Close() error { return nil }

// Clip returns the whole clip the source replays.
func (s *FileSource) Clip() Clip { return s.clip }
