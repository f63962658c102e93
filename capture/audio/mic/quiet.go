package mic

import (
	"os"
	"syscall"
)

// quietStderr runs fn with file descriptor 2 pointed at /dev/null, to
// swallow the dozens of "ALSA lib …" and JACK lines that PortAudio's
// device probing prints on Linux. Errors still come back as values.
func quietStderr(fn func() error) error {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return fn()
	}
	defer null.Close()
	saved, err := syscall.Dup(2)
	if err != nil {
		return fn()
	}
	defer syscall.Close(saved)
	if err := syscall.Dup2(int(null.Fd()), 2); err != nil {
		return fn()
	}
	defer syscall.Dup2(saved, 2)
	return fn()
}
