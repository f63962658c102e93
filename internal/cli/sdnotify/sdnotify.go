// Package sdnotify speaks systemd's notify protocol (sd_notify(3)): a
// datagram of "KEY=VALUE" lines to the unix socket in $NOTIFY_SOCKET, for
// a unit with Type=notify (READY=1 once started) and WatchdogSec=
// (WATCHDOG=1 at least every $WATCHDOG_USEC, else systemd kills and
// restarts the service). A few lines instead of a dependency.
package sdnotify

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"time"
)

// Messages of the protocol.
const (
	Ready    = "READY=1"
	Stopping = "STOPPING=1"
	Watchdog = "WATCHDOG=1"
)

// Notify sends state to systemd. Without $NOTIFY_SOCKET (not started by
// systemd, or not Type=notify) it does nothing and returns false.
func Notify(getenv func(string) string, state string) (bool, error) {
	path := getenv("NOTIFY_SOCKET")
	if path == "" {
		return false, nil
	}
	if path[0] == '@' { // abstract namespace
		path = "\x00" + path[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return false, fmt.Errorf("sd_notify: %w", err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(state)); err != nil {
		return false, fmt.Errorf("sd_notify: %w", err)
	}
	return true, nil
}

// Status is a STATUS= message (shown by systemctl status).
func Status(s string) string { return "STATUS=" + s }

// WatchdogInterval is how often systemd expects WATCHDOG=1: half of
// $WATCHDOG_USEC, as sd_watchdog_enabled(3) advises; 0 when the unit has
// no watchdog or it is meant for another process ($WATCHDOG_PID). A
// watchdog meant for the parent counts too: the locked kiosk session's
// unit starts cage, which starts biokiosk (NotifyAccess=all).
func WatchdogInterval(getenv func(string) string) time.Duration {
	usec, err := strconv.ParseInt(getenv("WATCHDOG_USEC"), 10, 64)
	if err != nil || usec <= 0 {
		return 0
	}
	if p := getenv("WATCHDOG_PID"); p != "" && p != strconv.Itoa(os.Getpid()) && p != strconv.Itoa(os.Getppid()) {
		return 0
	}
	return time.Duration(usec) * time.Microsecond / 2
}
