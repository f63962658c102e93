package audio

import "time"

// EndpointConfig bounds one utterance.
type EndpointConfig struct {
	VAD VADConfig
	// PreRoll is audio kept from before speech starts (default 300 ms).
	PreRoll time.Duration
	// TrailingSilence after speech ends the utterance (default 700 ms).
	TrailingSilence time.Duration
	// MaxDuration of an utterance from its first speech (default 8 s).
	MaxDuration time.Duration
	// MaxWait for speech to start (default 8 s).
	MaxWait time.Duration
}

func (c EndpointConfig) withDefaults() EndpointConfig {
	if c.PreRoll == 0 {
		c.PreRoll = 300 * time.Millisecond
	}
	if c.TrailingSilence == 0 {
		c.TrailingSilence = 700 * time.Millisecond
	}
	if c.MaxDuration == 0 {
		c.MaxDuration = 8 * time.Second
	}
	if c.MaxWait == 0 {
		c.MaxWait = 8 * time.Second
	}
	return c
}

// EndReason says why an utterance ended.
type EndReason string

// End reasons.
const (
	EndSilence  EndReason = "trailing_silence"
	EndMaxLen   EndReason = "max_duration"
	EndNoSpeech EndReason = "no_speech"
	EndStream   EndReason = "end_of_stream"
)

// Endpointer finds one utterance in a live stream: it keeps a pre-roll,
// starts recording when speech starts, and stops after trailing silence,
// at the maximum duration, or when no speech came in time.
type Endpointer struct {
	cfg      EndpointConfig
	vad      *VAD
	pending  []int16 // samples not yet framed
	pre      []int16 // pre-roll ring (last PreRoll of audio before speech)
	rec      []int16
	started  bool
	seen     int // samples seen in total
	done     EndReason
	lastVoic int // sample index (in rec) where speech was last heard
}

// NewEndpointer returns an endpointer.
func NewEndpointer(cfg EndpointConfig) *Endpointer {
	cfg = cfg.withDefaults()
	return &Endpointer{cfg: cfg, vad: NewVAD(cfg.VAD)}
}

func samplesOf(d time.Duration) int { return int(d * Rate / time.Second) }

// Add feeds samples; it returns the end reason once the utterance is
// complete ("" while it goes on). Samples after the end are ignored.
func (e *Endpointer) Add(s []int16) EndReason {
	if e.done != "" {
		return e.done
	}
	e.pending = append(e.pending, s...)
	for len(e.pending) >= FrameSamples && e.done == "" {
		f := e.pending[:FrameSamples]
		e.frame(f)
		e.pending = e.pending[FrameSamples:]
	}
	if len(e.pending) == 0 {
		e.pending = e.pending[:0:0]
	}
	return e.done
}

func (e *Endpointer) frame(f []int16) {
	speech, _ := e.vad.Frame(f)
	e.seen += len(f)
	if !e.started {
		e.pre = append(e.pre, f...)
		if over := len(e.pre) - samplesOf(e.cfg.PreRoll) - e.vad.cfg.OnsetFrames*FrameSamples; over > 0 {
			e.pre = e.pre[over:]
		}
		if speech {
			e.started = true
			e.rec = append(e.rec, e.pre...)
			e.pre = nil
			e.lastVoic = len(e.rec)
		} else if e.seen >= samplesOf(e.cfg.MaxWait) {
			e.done = EndNoSpeech
		}
		return
	}
	e.rec = append(e.rec, f...)
	if e.vad.run > 0 {
		e.lastVoic = len(e.rec)
	}
	switch {
	case len(e.rec)-e.lastVoic >= samplesOf(e.cfg.TrailingSilence):
		e.done = EndSilence
	case len(e.rec) >= samplesOf(e.cfg.MaxDuration+e.cfg.PreRoll):
		e.done = EndMaxLen
	}
}

// Finish ends the utterance at the end of a stream.
func (e *Endpointer) Finish() EndReason {
	if e.done == "" {
		e.done = EndStream
	}
	return e.done
}

// Utterance returns what was recorded (pre-roll included), or nothing
// when speech never started.
func (e *Endpointer) Utterance() Clip { return Clip{Rate: Rate, Samples: e.rec} }

// Seen is how much audio the endpointer consumed.
func (e *Endpointer) Seen() time.Duration { return time.Duration(e.seen) * time.Second / Rate }
