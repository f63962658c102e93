package audio

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// RecordConfig configures Record.
type RecordConfig struct {
	Endpoint EndpointConfig
	Quality  QualityConfig
	// Margin kept around the speech when trimming (default 0.15 s).
	Margin float64
}

// Recording is one endpointed, trimmed utterance and its verdict.
type Recording struct {
	Clip    Clip
	Quality Quality
	End     EndReason
}

// WAV encodes the recording (empty when nothing was said).
func (r Recording) WAV() []byte { return WAVBytes(r.Clip) }

// Record reads src until one utterance is complete, reporting meter
// levels to level (may be nil), and returns it trimmed to the speech plus
// margins with its quality verdict. A stream that ends early still
// returns what it had, judged.
func Record(ctx context.Context, src Source, cfg RecordConfig, level func(Level)) (Recording, error) {
	if cfg.Margin == 0 {
		cfg.Margin = 0.15
	}
	cfg.Endpoint.VAD = cfg.Quality.VAD
	ep := NewEndpointer(cfg.Endpoint)
	meter := NewMeter()
	var end EndReason
	for end == "" {
		s, err := src.Read(ctx)
		if errors.Is(err, io.EOF) {
			end = ep.Finish()
			break
		}
		if err != nil {
			return Recording{}, fmt.Errorf("audio: record: %w", err)
		}
		meter.Add(s, level)
		end = ep.Add(s)
	}
	// What is judged is what is submitted: the utterance at the
	// normalised level, trimmed, with margins of silence left for the
	// noise estimate.
	u, gain := Normalize(ep.Utterance(), cfg.Quality.withDefaults().MaxGainDB)
	q := Analyze(u, cfg.Quality)
	out := Recording{Clip: Trim(u, q.Segments, cfg.Margin), Quality: q, End: end}
	if len(out.Clip.Samples) > 0 {
		out.Quality = Analyze(out.Clip, cfg.Quality)
	}
	out.Quality.GainDB = round1(gain + out.Quality.GainDB)
	return out, nil
}
