package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"biokiosk/capture/audio"
	"biokiosk/internal/app"
)

// voiceJSON is the JSON form of a sample verdict.
type voiceJSON struct {
	File      string     `json:"file,omitempty"`
	OK        bool       `json:"ok"`
	Code      audio.Code `json:"code"`
	Duration  float64    `json:"duration_s"`
	Speech    float64    `json:"speech_s"`
	SNR       float64    `json:"snr_db"`
	Clipped   float64    `json:"clipped"`
	PeakDBFS  float64    `json:"peak_dbfs"`
	GainDB    float64    `json:"gain_db"`
	End       string     `json:"end,omitempty"`
	Overflows int        `json:"overflows,omitempty"`
	Error     string     `json:"error,omitempty"`
}

func verdict(q audio.Quality) voiceJSON {
	return voiceJSON{OK: q.OK, Code: q.Code, Duration: q.Duration, Speech: q.Speech, SNR: q.SNR, Clipped: q.Clipped, PeakDBFS: q.PeakDBFS, GainDB: q.GainDB}
}

func printVoice(st *stdio, v voiceJSON, asJSON bool) {
	if asJSON {
		_ = printJSON(st.out, v, true)
		return
	}
	fmt.Fprintf(st.out, "%s%s: %.2f s, speech %.2f s, SNR %.1f dB, clipped %.2f%%, peak %.1f dBFS, gain %+.1f dB\n",
		prefix(v.File), v.Code, v.Duration, v.Speech, v.SNR, 100*v.Clipped, v.PeakDBFS, v.GainDB)
}

func prefix(file string) string {
	if file == "" {
		return ""
	}
	return file + ": "
}

// cmdAnalyzeVoice judges WAV files as voice samples. It exits 2 when a
// file is unreadable or not a WAV, else 1 when a sample is refused.
func cmdAnalyzeVoice(_ context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("analyze-voice", flag.ContinueOnError)
	fs.SetOutput(st.err)
	asJSON := fs.Bool("json", false, "print JSON")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintln(st.err, "usage: biokiosk analyze-voice FILE.wav... [--json]")
		return 2
	}
	code := 0
	for _, name := range files {
		v := voiceJSON{File: name}
		src, err := audio.OpenWAV(name, false)
		if err != nil {
			v.Error, code = err.Error(), exitUsage
			if !*asJSON {
				fmt.Fprintf(st.err, "biokiosk analyze-voice: %s: %s\n", name, err)
				continue
			}
		} else {
			f := verdict(audio.Analyze(src.Clip(), audio.QualityConfig{}))
			f.File = name
			v = f
			if !v.OK {
				code = max(code, exitRefused)
			}
		}
		printVoice(st, v, *asJSON)
	}
	return code
}

// cmdRecord records one endpointed utterance from a microphone or a WAV.
func cmdRecord(ctx context.Context, st *stdio, args []string) int {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	fs.SetOutput(st.err)
	mic := fs.String("mic", "default", "microphone: default, an index, part of a name, or a .wav file (replayed in real time)")
	out := fs.String("out", "", "write the trimmed utterance to this WAV file (nothing is written otherwise)")
	maxDur := fs.Duration("max", 8*time.Second, "longest utterance")
	wait := fs.Duration("wait", 8*time.Second, "how long to wait for speech to start")
	fast := fs.Bool("fast", false, "replay a .wav source as fast as possible")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	a := newApp(st, app.ServerSettings{}, "", "")
	defer a.Close()
	src, closeSrc, err := openMic(a, *mic, !*fast)
	if err != nil {
		logErr(st, "record", err)
		return 1
	}
	defer closeSrc()
	if !*asJSON {
		fmt.Fprintln(st.err, "listening… say the prompt")
	}
	cfg := audio.RecordConfig{Endpoint: audio.EndpointConfig{MaxDuration: *maxDur, MaxWait: *wait}}
	rec, err := audio.Record(ctx, src, cfg, nil)
	if err != nil {
		logErr(st, "record", err)
		return 1
	}
	defer rec.Clip.Zero()
	v := verdict(rec.Quality)
	v.End, v.Overflows = string(rec.End), src.Overflows()
	if *out != "" && len(rec.Clip.Samples) > 0 {
		if err := os.WriteFile(*out, rec.WAV(), 0o600); err != nil {
			logErr(st, "record", err)
			return 1
		}
	}
	printVoice(st, v, *asJSON)
	return boolExit(v.OK)
}

// openMic opens a microphone by spec on a's audio host, or replays a
// .wav file.
func openMic(a *app.App, spec string, realtime bool) (audio.Source, func(), error) {
	src, closeFn, err := a.Mic(spec, realtime)
	if err != nil {
		return nil, nil, fmt.Errorf("%w\n(no microphone? record from a file instead: --mic sample.wav)", err)
	}
	return src, closeFn, nil
}
