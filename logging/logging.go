// Package logging builds biokiosk's structured logger (log/slog): text or
// JSON lines on stderr, with a level, and the field names every part of
// the app shares, so the journal and a log shipper can filter on them.
//
// Under systemd (stderr connected to the journal: $JOURNAL_STREAM) each
// line starts with its syslog priority ("<3>" for an error), which
// journald takes as the entry's PRIORITY, so `journalctl -p err` finds
// the errors.
//
// What is logged never holds biometric data (images, audio, templates),
// a person's ids (reference id, user id) or a secret: only codes, steps,
// outcomes, the kiosk and the session's own random id.
package logging

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"sync"
)

// Field names shared by every log line that has them.
const (
	// Session is a flow session's random id (the audit log's uid).
	Session = "session"
	// Kiosk is the kiosk's name (the audit log's kiosk id).
	Kiosk = "kiosk"
	// Instance is the install's random instance id.
	Instance = "instance"
	// Step is a flow step (consent, face, voice, …).
	Step = "step"
	// Code is an outcome or error code (ENROLLED, SERVER_UNREACHABLE, …).
	Code = "code"
	// Err is an error's text (never with a secret: errors redact them).
	Err = "err"
)

// Formats are the accepted --log-format values.
var Formats = []string{"text", "json"}

// EnvFormat and EnvLevel give the defaults of --log-format and --log-level.
const (
	EnvFormat = "BIOKIOSK_LOG_FORMAT"
	EnvLevel  = "BIOKIOSK_LOG_LEVEL"
)

// Options configure New.
type Options struct {
	// Format is "text" (the default) or "json".
	Format string
	// Level is the lowest level written: debug, info (the default),
	// warn or error.
	Level string
	// Journal prefixes each line with its syslog priority (<N>) for
	// journald; set it when $JOURNAL_STREAM is set.
	Journal bool
}

// New returns a logger writing to w.
func New(w io.Writer, o Options) (*slog.Logger, error) {
	var lvl slog.Level
	if o.Level != "" {
		if err := lvl.UnmarshalText([]byte(o.Level)); err != nil {
			return nil, fmt.Errorf("log level %q: debug, info, warn or error", o.Level)
		}
	}
	hopts := &slog.HandlerOptions{Level: lvl, ReplaceAttr: redact}
	if o.Journal {
		pw := &priorityWriter{w: w}
		var inner slog.Handler
		switch o.Format {
		case "", "text":
			inner = slog.NewTextHandler(pw, hopts)
		case "json":
			inner = slog.NewJSONHandler(pw, hopts)
		default:
			return nil, fmt.Errorf("log format %q: %s", o.Format, strings.Join(Formats, " or "))
		}
		return slog.New(&journalHandler{inner: inner, pw: pw}), nil
	}
	switch o.Format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, hopts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, hopts)), nil
	}
	return nil, fmt.Errorf("log format %q: %s", o.Format, strings.Join(Formats, " or "))
}

// OnJournal says whether f (the process's stderr) is the journal stream
// systemd connected it to: $JOURNAL_STREAM ("device:inode") names f's
// own device and inode. A process that inherited the variable but writes
// to a file or a pipe of its own (a unit's script redirecting stderr)
// is not on the journal, and its lines get no priority prefix
// (systemd.exec(5), $JOURNAL_STREAM).
func OnJournal(f *os.File, getenv func(string) string) bool {
	var dev, ino uint64
	if _, err := fmt.Sscanf(getenv("JOURNAL_STREAM"), "%d:%d", &dev, &ino); err != nil {
		return false
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	d, i, ok := devIno(st)
	return ok && d == dev && i == ino
}

// Discard is a logger that drops everything.
func Discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Priority is a level's syslog priority: error 3, warning 4, info 6,
// debug 7.
func Priority(l slog.Level) int {
	switch {
	case l >= slog.LevelError:
		return 3
	case l >= slog.LevelWarn:
		return 4
	case l >= slog.LevelInfo:
		return 6
	}
	return 7
}

// priorityWriter writes each record (one Write per record, as slog's
// handlers do) with the prefix the journalHandler set for it.
type priorityWriter struct {
	mu     sync.Mutex // held by journalHandler.Handle around the inner handler's Write
	w      io.Writer
	prefix string
}

func (p *priorityWriter) Write(b []byte) (int, error) {
	var buf bytes.Buffer
	buf.WriteString(p.prefix)
	buf.Write(b)
	if _, err := p.w.Write(buf.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}

// journalHandler sets the priority prefix of each record.
type journalHandler struct {
	inner slog.Handler
	pw    *priorityWriter
}

func (h *journalHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *journalHandler) Handle(ctx context.Context, r slog.Record) error {
	h.pw.mu.Lock()
	defer h.pw.mu.Unlock()
	h.pw.prefix = fmt.Sprintf("<%d>", Priority(r.Level))
	return h.inner.Handle(ctx, r)
}

func (h *journalHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &journalHandler{inner: h.inner.WithAttrs(as), pw: h.pw}
}

func (h *journalHandler) WithGroup(name string) slog.Handler {
	return &journalHandler{inner: h.inner.WithGroup(name), pw: h.pw}
}

// AtLeast is log with the records below min dropped (the sandbox's
// request lines under a kiosk, say).
func AtLeast(log *slog.Logger, min slog.Level) *slog.Logger {
	return slog.New(floor{h: log.Handler(), min: min})
}

type floor struct {
	h   slog.Handler
	min slog.Level
}

func (f floor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.h.Enabled(ctx, l)
}
func (f floor) Handle(ctx context.Context, r slog.Record) error { return f.h.Handle(ctx, r) }
func (f floor) WithAttrs(as []slog.Attr) slog.Handler {
	return floor{h: f.h.WithAttrs(as), min: f.min}
}
func (f floor) WithGroup(name string) slog.Handler { return floor{h: f.h.WithGroup(name), min: f.min} }

// routeWord is a path segment that is part of a route: a lower-case word
// with dashes ("users", "find-by-face") or a version ("1.0", "v2"). A
// segment of digits alone is an id (ids are opaque), not a version.
var routeWord = regexp.MustCompile(`^(?:[a-z][a-z-]*|[0-9]+\.[0-9]+|v[0-9]+)$`)

// RedactPath is a URL path with every segment that is not a route word
// (a user id, a person, a registration) replaced by ":id", so that no
// log line or metric label names anyone.
func RedactPath(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if p != "" && !routeWord.MatchString(p) {
			parts[i] = ":id"
		}
	}
	return strings.Join(parts, "/")
}

// redact is the handlers' ReplaceAttr: a "path" attribute (the sandbox's
// request lines) loses its ids.
func redact(_ []string, a slog.Attr) slog.Attr {
	if a.Key == "path" && a.Value.Kind() == slog.KindString {
		return slog.String(a.Key, RedactPath(a.Value.String()))
	}
	return a
}
