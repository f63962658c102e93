// Package ocr reads the machine-readable zone (MRZ) of a document side
// with Tesseract (through gosseract): the zone's band is found and cut
// into glyphs, chevrons are told by shape, Tesseract reads the rest, and
// the lines are searched for a zone whose check digits pass. It also
// grades a side's image quality.
package ocr

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"
)

// mrzCharset is what Tesseract may read in a machine-readable zone.
const mrzCharset = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

// ErrUnavailable says Tesseract cannot read (answered 503
// OCR_ENGINE_UNAVAILABLE).
var ErrUnavailable = errors.New("OCR engine unavailable")

// ErrClosed is a read after (or while waiting during) the engine's
// close: the server is stopping.
var ErrClosed = fmt.Errorf("%w: the server is closing", ErrUnavailable)

// Engine is a pool of Tesseract clients. A client is not safe for
// concurrent use, so each is lent to one goroutine at a time; clients are
// created on first use (Tesseract loads its language data then, tens of
// milliseconds) and kept for the server's life.
type Engine struct {
	slots chan *gosseract.Client
	size  int
	log   *slog.Logger
	// tessdata is Tesseract's data folder ("" for its default).
	tessdata string

	mu     sync.Mutex
	broken error // set once when Tesseract cannot start

	// closed is closed by close: waiting readers give up, later ones are
	// refused.
	closed    chan struct{}
	closeOnce sync.Once
}

// New makes a pool of size Tesseract clients reading with the data in
// tessdata ("" for Tesseract's default); log receives the one line said
// when Tesseract cannot start.
func New(size int, tessdata string, log *slog.Logger) *Engine {
	e := &Engine{slots: make(chan *gosseract.Client, size), size: size, tessdata: tessdata, log: log, closed: make(chan struct{})}
	for range size {
		e.slots <- nil
	}
	return e
}

// newClient configures a client for MRZ text: the MRZ alphabet, a block
// of uniform lines, no dictionaries (the zone holds no words).
func newClient(tessdata string) (*gosseract.Client, error) {
	c := gosseract.NewClient()
	c.TessdataPrefix = tessdata
	for _, set := range []func() error{
		func() error { return c.SetLanguage("eng") },
		func() error { return c.SetPageSegMode(gosseract.PSM_SINGLE_BLOCK) },
		func() error { return c.SetWhitelist(mrzCharset) },
		func() error { return c.SetVariable("load_system_dawg", "0") },
		func() error { return c.SetVariable("load_freq_dawg", "0") },
		func() error { return c.SetVariable("user_defined_dpi", "300") },
	} {
		if err := set(); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// read returns the characters Tesseract reads in a PNG, with their boxes. When Tesseract cannot
// start (its English language data missing) it logs that once and every
// call returns ErrUnavailable naming the package to install.
func (e *Engine) read(ctx context.Context, png []byte) ([]symbol, error) {
	var c *gosseract.Client
	select {
	case c = <-e.slots:
	case <-ctx.Done():
		return nil, fmt.Errorf("ocr: waiting for a Tesseract client: %w", ctx.Err())
	case <-e.closed:
		return nil, ErrClosed
	}
	defer func() { e.slots <- c }()
	select {
	case <-e.closed: // close is waiting for this client
		return nil, ErrClosed
	default:
	}
	if err := e.Unavailable(); err != nil {
		return nil, err
	}
	if c == nil {
		nc, err := newClient(e.tessdata)
		if err != nil {
			return nil, fmt.Errorf("ocr: tesseract client: %w", err)
		}
		c = nc
	}
	if err := c.SetImageFromBytes(png); err != nil {
		return nil, fmt.Errorf("ocr: tesseract image: %w", err)
	}
	boxes, err := c.GetBoundingBoxes(gosseract.RIL_SYMBOL)
	if err != nil && strings.Contains(err.Error(), "initialize") {
		return nil, e.disable(err)
	}
	if err != nil {
		return nil, fmt.Errorf("ocr: tesseract: %w", err)
	}
	syms := make([]symbol, 0, len(boxes))
	for _, b := range boxes {
		if len(b.Word) == 1 && strings.IndexByte(mrzCharset, b.Word[0]) >= 0 {
			syms = append(syms, symbol{box: b.Box, c: b.Word[0]})
		}
	}
	return syms, nil
}

// Unavailable is the error every call returns once Tesseract failed to
// start, or nil.
func (e *Engine) Unavailable() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.broken
}

// disable records that Tesseract cannot start (gosseract reports a failed
// initialisation, which is missing language data) and logs it once.
func (e *Engine) disable(cause error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.broken == nil {
		e.broken = fmt.Errorf("%w: install tesseract-ocr-eng: Tesseract cannot start (%v)", ErrUnavailable, cause)
		e.log.Error("ocr: OCR disabled", "err", e.broken)
	}
	return e.broken
}

// Close refuses further reads and frees the clients once every one is
// back in the pool (reads in progress finish first). It may be called
// more than once, and concurrently: every call returns when the clients
// are freed.
func (e *Engine) Close() {
	e.closeOnce.Do(func() {
		close(e.closed)
		for range e.size {
			if c := <-e.slots; c != nil {
				c.Close()
			}
		}
	})
}
