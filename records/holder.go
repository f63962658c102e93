package records

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// holderPrefix marks a holder that names its install (instance id) and
// boot; tokens without it come from before instance ids (host/pid/start)
// and wait for ReservationTTL.
const holderPrefix = "k:"

// Holder names this process in reservations, journal entries and its
// lease: "k:INSTANCE:BOOT:PID:START", where INSTANCE is the install's
// random instance id (two kiosks cloned from one image, with one host
// name, have two), BOOT the kernel's boot id and START the process's
// start time in clock ticks since boot (from /proc), so a reused pid is
// not mistaken for it. A registration's token is its Holder followed by
// "/" and a random part.
func Holder(instance string) string {
	pid := os.Getpid()
	return fmt.Sprintf("%s%s:%s:%d:%s", holderPrefix, instance, bootID(), pid, procStart(pid))
}

// LeaseOf is the holder a token belongs to (its lease's key), or "" for
// a token from before instance ids.
func LeaseOf(token string) string {
	h, _, _ := strings.Cut(token, "/")
	if !strings.HasPrefix(h, holderPrefix) {
		return ""
	}
	return h
}

// holder is a parsed Holder.
type holder struct {
	instance, boot, start string
	pid                   int
}

func parseHolder(token string) (holder, bool) {
	h := LeaseOf(token)
	if h == "" {
		return holder{}, false
	}
	f := strings.Split(strings.TrimPrefix(h, holderPrefix), ":")
	if len(f) != 4 {
		return holder{}, false
	}
	pid, err := strconv.Atoi(f[2])
	if err != nil || pid <= 0 || f[0] == "" {
		return holder{}, false
	}
	return holder{instance: f[0], boot: f[1], pid: pid, start: f[3]}, true
}

// DeadHere reports, for the install instance, whether a token names a
// process that is proven gone without waiting for its lease: one of this
// install, on this boot, whose pid no longer runs (or runs another
// program). Tokens of other installs (another kiosk, even one with this
// host name), of another boot, and from before instance ids are never
// dead here: they are released when their lease runs out (LeaseTTL) or,
// without one, after ReservationTTL.
func DeadHere(instance string) func(token string) bool {
	boot := bootID()
	return func(token string) bool {
		h, ok := parseHolder(token)
		if !ok || h.instance != instance || boot == "" || h.boot != boot {
			return false
		}
		if err := syscall.Kill(h.pid, 0); err != nil && err != syscall.EPERM {
			return true // no such process
		}
		if start := procStart(h.pid); start != "" && h.start != "" && start != h.start {
			return true // the pid was reused
		}
		return false
	}
}

// GoneHere reports, for the install instance, whether the process a
// holder names cannot be running any more as far as this install's own
// state is concerned (the audit spool): another boot, another install
// (a copied state dir), or a pid that no longer runs. Holders that do
// not parse are gone too: nothing running writes them.
func GoneHere(instance string) func(holder string) bool {
	boot := bootID()
	dead := DeadHere(instance)
	return func(token string) bool {
		h, ok := parseHolder(token)
		if !ok || h.instance != instance || h.boot != boot {
			return true
		}
		return dead(token)
	}
}

// bootID is the kernel's boot id (12 hex digits of it), or "".
func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	id := strings.ReplaceAll(strings.TrimSpace(string(b)), "-", "")
	if len(id) > 12 {
		id = id[:12]
	}
	return id
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
