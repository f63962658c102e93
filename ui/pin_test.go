package ui

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"biokiosk/assets"
	"biokiosk/flow"
	"biokiosk/staffpin"
	"biokiosk/ui/i18n"

	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastPINs is a PIN store whose hashes are cheap (600 000 iterations take
// seconds under the race detector); path "" keeps it in memory.
func fastPINs(path string) *staffpin.Store {
	return &staffpin.Store{Path: path, Iterations: 1000}
}

// The exit PIN is kept as a salted hash, never in plain preferences; a
// PIN from an older version (plain, or hashed in the preferences) moves
// to the PIN store.
func TestPINIsStoredHashed(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	st := NewSettings(a.Preferences(), nopStore{})
	require.NoError(t, st.UsePINStore(fastPINs("")))
	assert.True(t, st.DefaultPINInUse())
	assert.True(t, st.CheckPIN(DefaultPIN))

	require.NoError(t, st.Save(Values{PIN: "1357", IdleSeconds: 60}))
	assert.False(t, st.DefaultPINInUse())
	assert.True(t, st.CheckPIN("1357"))
	assert.False(t, st.CheckPIN(DefaultPIN))
	assert.False(t, st.CheckPIN("13570"))
	assert.Empty(t, a.Preferences().String(keyPIN))
	assert.Empty(t, a.Preferences().String(keyPINHash), "in the PIN store, not the preferences")
	assert.Empty(t, st.Values().PIN, "never read back")

	require.NoError(t, st.Save(Values{IdleSeconds: 60}))
	assert.True(t, st.CheckPIN("1357"), "an empty PIN in the form keeps the current one")

	old := NewSettings(test.NewApp().Preferences(), nopStore{})
	old.p.SetString(keyPIN, "8642") // as an older version stored it
	assert.False(t, old.DefaultPINInUse())
	require.NoError(t, old.UsePINStore(fastPINs("")))
	assert.Empty(t, old.p.String(keyPIN), "migrated to the hash")
	assert.True(t, old.CheckPIN("8642"))
}

// Five wrong PINs lock the prompt, and restarting the kiosk (new
// Settings on the same PIN file) neither reopens it nor gives five more
// guesses; a hash an older version kept in the preferences still opens.
func TestPINLockoutSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), staffpin.FileName)
	prefs := test.NewApp().Preferences()
	st := NewSettings(prefs, nopStore{})
	require.NoError(t, st.UsePINStore(fastPINs(path)))
	require.NoError(t, st.Save(Values{PIN: "1357", IdleSeconds: 60}))
	for range staffpin.MaxFailures - 1 {
		ok, locked, err := st.TryPIN("0000")
		require.NoError(t, err)
		assert.False(t, ok)
		assert.Zero(t, locked)
	}

	restarted := NewSettings(prefs, nopStore{})
	require.NoError(t, restarted.UsePINStore(fastPINs(path)))
	ok, locked, err := restarted.TryPIN("0000")
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, staffpin.FirstLockout, locked, "the fifth guess locks, restart or not")

	restarted = NewSettings(prefs, nopStore{})
	require.NoError(t, restarted.UsePINStore(fastPINs(path)))
	assert.Greater(t, restarted.PINLocked(), 50*time.Second)
	ok, locked, err = restarted.TryPIN("1357")
	require.NoError(t, err)
	assert.False(t, ok, "locked: not even the right PIN")
	assert.Positive(t, locked)
}

// lockedBuffer is a log destination safe for the UI goroutine and the
// test's.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// captureLog sends the default slog logger (which package ui writes to:
// the CLI makes it the app's) to a buffer for the test.
func captureLog(t *testing.T) *lockedBuffer {
	var buf lockedBuffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}

// A PIN store the kiosk cannot read is an error in the app's log (a
// level the journal's "-p err" finds, with the field names the rest of
// the app uses), never the PIN typed; the prompt stays closed.
func TestKioskLogsAnUnreadablePINStoreAsAnError(t *testing.T) {
	logs := captureLog(t)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	tr, err := i18n.NewTranslator(assets.Translations, "en")
	require.NoError(t, err)
	do, wait := serialLoop(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	st := NewSettings(a.Preferences(), nopStore{})
	st.pins = fastPINs(t.TempDir()) // a folder where the file should be: unreadable
	left := false
	var k *Kiosk
	wait(func() { k = NewKiosk(w, do, capsServices{flow.AllCapabilities}, tr, st, nil, func() { left = true }) })
	typePIN(w, k, wait, "9753")
	assert.False(t, left)
	out := logs.String()
	assert.Contains(t, out, "level=ERROR msg=\"staff PIN store\" err=")
	assert.NotContains(t, out, "9753")
	assert.NotContains(t, out, "biokiosk:", "a structured line, not a plain one")
}

// Speech that cannot start is an error in the app's log, without the
// text that was to be said.
func TestSpeechThatCannotStartIsLogged(t *testing.T) {
	logs := captureLog(t)
	e := &Espeak{bin: filepath.Join(t.TempDir(), "no-espeak-ng")}
	e.Say("en", "Number so far: 4, 2, 0, 0, 7")
	assert.False(t, e.Speaking())
	out := logs.String()
	assert.Contains(t, out, "level=ERROR msg=\"speech output\" err=")
	assert.NotContains(t, out, "4, 2, 0")
}

// An older version's plain PIN that is the default moves nowhere: the
// kiosk still counts as having the default PIN (full screen refuses it),
// rather than as having had one set.
func TestAnOldPlainDefaultPINStaysTheDefault(t *testing.T) {
	prefs := test.NewApp().Preferences()
	st := NewSettings(prefs, nopStore{})
	prefs.SetString(keyPIN, DefaultPIN)
	require.NoError(t, st.UsePINStore(fastPINs("")))
	assert.Empty(t, prefs.String(keyPIN))
	assert.True(t, st.DefaultPINInUse())
	assert.True(t, st.CheckPIN(DefaultPIN), "a windowed trial still opens with it")
	assert.True(t, st.DefaultPINInUse())
}
