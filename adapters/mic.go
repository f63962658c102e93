package adapters

import (
	"context"

	"biokiosk/capture/audio"
	"biokiosk/flow"
)

// Mic is a flow.Microphone over an audio source that stays open between
// utterances (a microphone, or a WAV file holding several utterances
// separated by pauses, read in order).
type Mic struct {
	Source audio.Source
	Config audio.RecordConfig
}

var _ flow.Microphone = (*Mic)(nil)

// RecordUtterance implements flow.Microphone.
func (m *Mic) RecordUtterance(ctx context.Context, level func(flow.Level)) (flow.VoiceSample, error) {
	rec, err := audio.Record(ctx, m.Source, m.Config, func(l audio.Level) {
		if level != nil {
			level(flow.Level{RMS: l.RMS, Peak: l.Peak})
		}
	})
	if err != nil {
		return flow.VoiceSample{}, err
	}
	return flow.VoiceSample{WAV: rec.WAV(), Code: string(rec.Quality.Code), SpeechSeconds: rec.Quality.Speech}, nil
}
