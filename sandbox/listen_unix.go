//go:build unix

package sandbox

import (
	"net"
	"syscall"
)

// pending reports whether bytes have arrived on c that nobody has read
// yet (a request on its way to the server), by peeking at the socket
// without waiting and without taking the read lock the server's own
// blocked Read holds.
func pending(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	n := 0
	_ = rc.Control(func(fd uintptr) {
		var b [1]byte
		n, _, _ = syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	})
	return n > 0
}
