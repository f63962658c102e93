package logging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONLinesWithLevelsAndFields(t *testing.T) {
	var buf bytes.Buffer
	log, err := New(&buf, Options{Format: "json", Level: "warn"})
	require.NoError(t, err)
	log.Info("dropped below the level")
	log.With(Kiosk, "branch-1").Error("audit log", Session, "s1", Step, "face", Code, "SERVER_UNREACHABLE")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 1, buf.String())
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &m))
	assert.Equal(t, "ERROR", m["level"])
	assert.Equal(t, "branch-1", m[Kiosk])
	assert.Equal(t, "s1", m[Session])
	assert.Equal(t, "face", m[Step])
	assert.Equal(t, "SERVER_UNREACHABLE", m[Code])
}

func TestJournalPriorityPrefix(t *testing.T) {
	var buf bytes.Buffer
	log, err := New(&buf, Options{Journal: true, Level: "debug"})
	require.NoError(t, err)
	log.Debug("d")
	log.Info("i")
	log.With(Kiosk, "k").Warn("w")
	log.Error("e")
	var prefixes []string
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		prefixes = append(prefixes, l[:3])
		assert.Contains(t, l, "level=", "text after the prefix: %q", l)
	}
	assert.Equal(t, []string{"<7>", "<6>", "<4>", "<3>"}, prefixes)
}

func TestBadOptions(t *testing.T) {
	_, err := New(&bytes.Buffer{}, Options{Format: "xml"})
	assert.Error(t, err)
	_, err = New(&bytes.Buffer{}, Options{Level: "loud"})
	assert.Error(t, err)
}

func TestPathsLoseTheirIDs(t *testing.T) {
	var buf bytes.Buffer
	log, err := New(&buf, Options{Format: "json"})
	require.NoError(t, err)
	AtLeast(log, slog.LevelWarn).Info("request", "path", "/users/8812/face")
	AtLeast(log, slog.LevelWarn).Error("sandbox: handler panic", "path", "/api/1.0/users/8812/face")
	assert.NotContains(t, buf.String(), "8812")
	assert.NotContains(t, buf.String(), `"request"`, "below the floor")
	assert.Contains(t, buf.String(), `/api/1.0/users/:id/face`)
}

// Only the stream $JOURNAL_STREAM names is the journal: a file the
// process writes to instead (a unit's script redirecting stderr), with
// the variable inherited, gets no priority prefixes.
func TestOnJournalOnlyForTheNamedStream(t *testing.T) {
	dir := t.TempDir()
	open := func(name string) *os.File {
		f, err := os.Create(filepath.Join(dir, name))
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	journal, other := open("journal"), open("other")
	st, err := journal.Stat()
	require.NoError(t, err)
	dev, ino, ok := devIno(st)
	require.True(t, ok)
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "JOURNAL_STREAM" {
				return v
			}
			return ""
		}
	}
	named := fmt.Sprintf("%d:%d", dev, ino)
	assert.True(t, OnJournal(journal, env(named)))
	assert.False(t, OnJournal(other, env(named)), "inherited, but stderr is a file of its own")
	assert.False(t, OnJournal(journal, env("")))
	assert.False(t, OnJournal(journal, env("garbage")))
}
