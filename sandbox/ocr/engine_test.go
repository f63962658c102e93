package ocr

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A read after Close is refused, not left waiting for a client.
func TestReadAfterCloseIsRefused(t *testing.T) {
	e := New(1, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.Close()
	e.Close()
	_, err := e.read(context.Background(), nil)
	assert.ErrorIs(t, err, ErrClosed)
}
