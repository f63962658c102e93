package core

import (
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"strings"
	"sync"
	"unicode/utf8"

	"biokiosk/logging"
	"biokiosk/ui/i18n"
)

// Speaker says texts aloud through the kiosk's audio output. A new text
// cuts off the one being said. The kiosk never records while it speaks:
// the voice step waits for Wait before the flow opens the microphone.
type Speaker interface {
	// Say starts saying text in lang (a shipped language code) and
	// returns at once.
	Say(lang, text string)
	// Speaking says whether a text is being said now.
	Speaking() bool
	// Wait returns once nothing is being said, or with ctx's error.
	Wait(ctx context.Context) error
	// Stop cuts off what is being said.
	Stop()
	// SetVolume sets the loudness of what is said from now on, in
	// percent of the usual (MinVolume to MaxVolume).
	SetVolume(percent int)
}

// The volume a customer can choose, in percent of espeak-ng's usual
// amplitude; each session starts at 100.
const (
	MinVolume  = 40
	MaxVolume  = 200
	VolumeStep = 20
)

// SpeechRate is espeak-ng's speed in words a minute: slower than its
// default 175, for older listeners and a noisy branch.
const SpeechRate = 150

// Espeak speaks with espeak-ng on the system's audio output (the device
// family the microphone uses: ALSA/PulseAudio), with the voice of the
// person's language: pt-br, pt (European), es, en.
type Espeak struct {
	bin    string
	volume int // percent; 0 is 100
	mu     sync.Mutex
	cur    *exec.Cmd
	done   chan struct{} // closed when cur has ended
}

// NewEspeak finds espeak-ng; the error says it is missing.
func NewEspeak() (*Espeak, error) {
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		return nil, fmt.Errorf("ui: speech output needs espeak-ng: %w", err)
	}
	return &Espeak{bin: bin}, nil
}

// espeakVoice is espeak-ng's voice for a language ("pt" is European).
func espeakVoice(lang string) string {
	if i18n.Canonical(lang) == "pt-BR" {
		return "pt-br"
	}
	if i18n.Canonical(lang) == "pt-PT" {
		return "pt"
	}
	return strings.ToLower(i18n.Canonical(lang))
}

// Say cuts off what is being said and starts text. The text goes on
// espeak-ng's standard input, never its command line (a customer number
// is not for ps), and is never logged.
func (e *Espeak) Say(lang, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stopLocked()
	vol := e.volume
	if vol == 0 {
		vol = 100
	}
	cmd := exec.Command(e.bin, "-v", espeakVoice(lang), "-s", fmt.Sprint(SpeechRate), "-a", fmt.Sprint(vol))
	cmd.Stdin = strings.NewReader(text)
	if err := cmd.Start(); err != nil {
		slog.Error("speech output", logging.Err, err) // the error, never the text
		return
	}
	done := make(chan struct{})
	e.cur, e.done = cmd, done
	go func() { _ = cmd.Wait(); close(done) }()
}

func (e *Espeak) stopLocked() {
	if e.cur != nil && e.cur.Process != nil {
		_ = e.cur.Process.Kill()
	}
	e.cur = nil
}

// SetVolume sets espeak-ng's amplitude (its 100 is the usual loudness).
func (e *Espeak) SetVolume(percent int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.volume = min(MaxVolume, max(MinVolume, percent))
}

// Stop cuts off what is being said.
func (e *Espeak) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stopLocked()
}

// Speaking says whether espeak-ng is still saying the last text.
func (e *Espeak) Speaking() bool {
	e.mu.Lock()
	done := e.done
	e.mu.Unlock()
	if done == nil {
		return false
	}
	select {
	case <-done:
		return false
	default:
		return true
	}
}

// Wait returns when the last text (and any said meanwhile) has ended.
func (e *Espeak) Wait(ctx context.Context) error {
	for {
		e.mu.Lock()
		done := e.done
		e.mu.Unlock()
		if done == nil {
			return nil
		}
		select {
		case <-done:
		case <-ctx.Done():
			return ctx.Err()
		}
		e.mu.Lock()
		same := e.done == done
		e.mu.Unlock()
		if same {
			return nil
		}
	}
}

// SpokenDigits spells a number digit by digit ("4 2 0 0 7"), as a
// speech synthesiser would otherwise read "forty-two thousand…".
func SpokenDigits(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteRune(r)
	}
	return b.String()
}

// JoinSpoken joins sentences for speech, skipping empty ones.
func JoinSpoken(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			if last, _ := utf8.DecodeLastRuneInString(s); !strings.ContainsRune(".?!:…", last) {
				s += "."
			}
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}
