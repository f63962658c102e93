//go:build !unix

package sandbox

import "net"

// pending cannot peek at a socket here: every waiting connection is
// evictable.
func pending(net.Conn) bool { return false }
