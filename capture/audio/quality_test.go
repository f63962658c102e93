package audio

import (
	"context"
	"testing"
	"time"

	"biokiosk/internal/testkit/testfiles"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const prompt = "zero six five three"

func TestSpeechWithSilenceIsFoundAndTrimmed(t *testing.T) {
	bare := speech(t, prompt)
	bareSegs := Segments(bare, VADConfig{})
	require.NotEmpty(t, bareSegs)
	bareEnd := float64(bareSegs[len(bareSegs)-1].End) / Rate
	c := speech(t, prompt, "pad", "1", "1.5")
	q := Analyze(c, QualityConfig{})
	assert.Equal(t, CodeOK, q.Code, "%+v", q)
	require.NotEmpty(t, q.Segments)
	// The speech starts after the 1 s pad and ends before the last 1.5 s.
	assert.InDelta(t, 1.0, float64(q.Segments[0].Start)/Rate, 0.1)
	assert.InDelta(t, 1.0+bareEnd, float64(q.Segments[len(q.Segments)-1].End)/Rate, 0.05)
	assert.Greater(t, q.Speech, 0.6*bareEnd)
	assert.LessOrEqual(t, q.Speech, bareEnd+0.05)

	rec, err := Record(t.Context(), NewFileSource(c, false), RecordConfig{}, nil)
	require.NoError(t, err)
	assert.Equal(t, CodeOK, rec.Quality.Code)
	assert.Equal(t, EndSilence, rec.End)
	// Trimmed to the speech plus 0.15 s margins, give or take a frame.
	span := float64(q.Segments[len(q.Segments)-1].End-q.Segments[0].Start) / Rate
	assert.InDelta(t, span+0.3, rec.Clip.Seconds(), 0.08)
	wav := rec.WAV()
	back, err := ParseWAV(wav)
	require.NoError(t, err)
	assert.Equal(t, rec.Clip.Samples, back.Samples)
}

func TestSilenceIsNoSpeech(t *testing.T) {
	c := Clip{Rate: Rate, Samples: make([]int16, 2*Rate)}
	assert.Equal(t, CodeNoSpeech, Analyze(c, QualityConfig{}).Code)
	rec, err := Record(t.Context(), NewFileSource(c, false), RecordConfig{}, nil)
	require.NoError(t, err)
	assert.Equal(t, CodeNoSpeech, rec.Quality.Code)
	assert.Empty(t, rec.Clip.Samples)
}

// Quiet but clear speech is raised by the gain normalisation and
// accepted; only speech too weak for the full +30 dB is TOO_QUIET.
func TestQuietSpeech(t *testing.T) {
	q := Analyze(speech(t, prompt, "pad", "0.5", "0.5", "gain", "-32"), QualityConfig{})
	assert.Equal(t, CodeOK, q.Code, "%+v", q)
	assert.InDelta(t, -34.6, q.PeakDBFS, 1, "the peak as recorded")
	assert.InDelta(t, 30, q.GainDB, 0.1)
	q = Analyze(speech(t, prompt, "pad", "0.5", "0.5", "gain", "-55"), QualityConfig{})
	assert.Equal(t, CodeTooQuiet, q.Code, "%+v", q)
	q = Analyze(speech(t, prompt, "pad", "0.5", "0.5", "gain", "-32"), QualityConfig{MaxGainDB: -1})
	assert.Equal(t, CodeTooQuiet, q.Code, "no normalisation: %+v", q)
}

// The normalisation raises loud frames to about -16 dBFS, by at most the
// bound, and never clips or lowers a clip.
func TestNormalizeBoundsTheGain(t *testing.T) {
	c := Clip{Rate: Rate, Samples: toInt16(tone(Rate, 300, 0.01, 1))} // -40 dBFS peak, -43 RMS
	n, g := Normalize(c, 30)
	assert.InDelta(t, 27, g, 0.2)
	rms, _ := rmsPeak(n.Samples)
	assert.InDelta(t, -16, dBFS(rms), 0.2)
	_, g = Normalize(c, 10)
	assert.InDelta(t, 10, g, 0.01)
	loud := Clip{Rate: Rate, Samples: toInt16(tone(Rate, 300, 0.5, 1))}
	n, g = Normalize(loud, 30)
	assert.Zero(t, g, "never lowered")
	assert.Equal(t, loud.Samples, n.Samples)
	spiky := Clip{Rate: Rate, Samples: toInt16(tone(Rate, 300, 0.01, 1))}
	spiky.Samples[100] = 16000 // a click at -6 dBFS
	_, g = Normalize(spiky, 30)
	assert.InDelta(t, -1-dBFS(16000.0/32768), g, 0.05, "the peak stays at -1 dBFS")
}

func TestBoostedSpeechClips(t *testing.T) {
	q := Analyze(speech(t, prompt, "pad", "0.5", "0.5", "gain", "18"), QualityConfig{})
	assert.Equal(t, CodeClipping, q.Code, "%+v", q)
	assert.Greater(t, q.Clipped, 0.001)
	assert.InDelta(t, 0, q.PeakDBFS, 0.1)
}

func TestNoiseOnlyIsNoSpeech(t *testing.T) {
	q := Analyze(soxClip(t, "synth", "3", "whitenoise", "vol", "0.05"), QualityConfig{})
	assert.Equal(t, CodeNoSpeech, q.Code, "%+v", q)
}

func TestSpeechInNoiseBySNR(t *testing.T) {
	s := speech(t, prompt, "pad", "1", "1")
	noise := soxClip(t, "synth", "10", "pinknoise")
	// sox's pink noise scaled by 0.03 sits at about -47 dBFS, by 0.3 at
	// -27 dBFS, against speech at about -19.5 dBFS RMS: SNRs of ~28 and ~8 dB.
	clean := Analyze(mix(s, noise, 0.03), QualityConfig{})
	assert.Equal(t, CodeOK, clean.Code, "%+v", clean)
	assert.Greater(t, clean.SNR, 20.0)
	noisy := Analyze(mix(s, noise, 0.3), QualityConfig{})
	assert.Equal(t, CodeNoisy, noisy.Code, "%+v", noisy)
	assert.InDelta(t, 8, noisy.SNR, 2)
}

func TestTooShort(t *testing.T) {
	q := Analyze(speech(t, "oh", "pad", "1", "1"), QualityConfig{})
	assert.Equal(t, CodeTooShort, q.Code, "%+v", q)
}

// TestEndOfSpeechLatency measures, in audio time, how long after the last
// word the endpointer decides the utterance is over.
func TestEndOfSpeechLatency(t *testing.T) {
	bare := speech(t, prompt)
	trueEnd := Segments(bare, VADConfig{})
	require.NotEmpty(t, trueEnd)
	c := speech(t, prompt, "pad", "1", "3")
	lastWord := 1.0 + float64(trueEnd[len(trueEnd)-1].End)/Rate
	ep := NewEndpointer(EndpointConfig{})
	var endAt float64
	for i := 0; i < len(c.Samples); i += 160 { // 10 ms pushes, like a live callback
		if ep.Add(c.Samples[i:min(i+160, len(c.Samples))]) != "" {
			endAt = float64(min(i+160, len(c.Samples))) / Rate
			break
		}
	}
	require.NotZero(t, endAt, "the utterance must end on trailing silence")
	latency := endAt - lastWord
	t.Logf("end of speech detected %.0f ms after the last word", latency*1000)
	assert.LessOrEqual(t, latency, 0.8)
	assert.GreaterOrEqual(t, latency, 0.6, "not before the configured 700 ms of silence (less a frame)")
}

func TestEndpointMaxWaitAndMaxDuration(t *testing.T) {
	silence := Clip{Rate: Rate, Samples: make([]int16, 3*Rate)}
	ep := NewEndpointer(EndpointConfig{MaxWait: time.Second})
	assert.Equal(t, EndNoSpeech, ep.Add(silence.Samples))
	assert.InDelta(t, 1.0, ep.Seen().Seconds(), 0.03)

	long := speech(t, "zero one two three four five six seven eight nine zero one two three")
	ep = NewEndpointer(EndpointConfig{MaxDuration: time.Second})
	assert.Equal(t, EndMaxLen, ep.Add(long.Samples))
	assert.InDelta(t, 1.3, ep.Utterance().Seconds(), 0.1, "max duration plus pre-roll")
}

func TestMeterReportsEvery50ms(t *testing.T) {
	m := NewMeter()
	var levels []Level
	x := toInt16(tone(Rate, 500, 0.5, 0.5))
	for i := 0; i < len(x); i += 123 {
		m.Add(x[i:min(i+123, len(x))], func(l Level) { levels = append(levels, l) })
	}
	require.Len(t, levels, 10)
	assert.Equal(t, 500*time.Millisecond, levels[9].At)
	assert.InDelta(t, -9.0, levels[3].RMS, 0.2, "0.5 FS sine: -6 dB peak, -9 dB RMS")
	assert.InDelta(t, -6.0, levels[3].Peak, 0.2)
}

func TestRecordCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := Record(ctx, NewFileSource(Clip{Rate: Rate, Samples: make([]int16, Rate)}, true), RecordConfig{}, nil)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestRealSpeech runs the detector on 60 s of real read speech. The
// reference is the share of 20 ms frames whose energy is more than 15 dB
// above the recording's 10th-percentile frame energy — the loud, clearly
// voiced part — which any sensible detector must cover (lower bound),
// while pauses between phrases keep it below the whole length.
func TestRealSpeech(t *testing.T) {
	for _, name := range []string{"en.wav", "de.wav"} {
		t.Run(name, func(t *testing.T) {
			c := readClip(t, testfiles.Path(t, "voice", name))
			require.InDelta(t, 60, c.Seconds(), 1)
			q := Analyze(c, QualityConfig{})
			voiced := voicedSeconds(c, 15)
			t.Logf("%s: detected %.1f s of speech, clearly voiced %.1f s, SNR %.1f dB", name, q.Speech, voiced, q.SNR)
			assert.GreaterOrEqual(t, q.Speech, voiced, "covers every clearly voiced frame")
			assert.Less(t, q.Speech, 0.97*c.Seconds(), "leaves the pauses out")
			assert.Equal(t, CodeOK, q.Code)
		})
	}
}

// voicedSeconds counts 20 ms frames more than margin dB above the 10th
// percentile of frame energies.
func voicedSeconds(c Clip, margin float64) float64 {
	var es []float64
	for i := 0; i+FrameSamples <= len(c.Samples); i += FrameSamples {
		rms, _ := rmsPeak(c.Samples[i : i+FrameSamples])
		es = append(es, dBFS(rms))
	}
	sorted := append([]float64(nil), es...)
	for i := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			if sorted[j] < sorted[i] {
				sorted[i], sorted[j] = sorted[j], sorted[i]
			}
		}
	}
	floor := sorted[len(sorted)/10]
	n := 0
	for _, e := range es {
		if e > floor+margin {
			n++
		}
	}
	return float64(n) * FrameSamples / Rate
}
