package records

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Holder names this process in reservations and journal entries:
// host/pid/start, where start is the process's start time in clock ticks
// since boot (from /proc), so a reused pid is not mistaken for it.
func Holder() string {
	host, _ := os.Hostname()
	pid := os.Getpid()
	return fmt.Sprintf("%s/%d/%s", host, pid, procStart(pid))
}

// Dead reports whether token (a Holder, optionally followed by /…) names
// a process of this host that no longer runs. Tokens of other hosts are
// never dead here: their entries wait for ReservationTTL.
func Dead(token string) bool {
	parts := strings.SplitN(token, "/", 4)
	if len(parts) < 3 {
		return false
	}
	if host, _ := os.Hostname(); parts[0] != host {
		return false
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil || pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && err != syscall.EPERM {
		return true // no such process
	}
	if start := procStart(pid); start != "" && parts[2] != "" && start != parts[2] {
		return true // the pid was reused
	}
	return false
}

// procStart is field 22 of /proc/PID/stat (start time), or "".
func procStart(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return ""
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 20 {
		return ""
	}
	return f[19]
}
