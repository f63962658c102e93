package sandbox

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what one connection may hold of the sandbox
// (docs/sandbox.md): a client that drips its request or idles is cut
// off, and connections past MaxConns wait in the kernel's backlog.
type Limits struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxConns                                                  int
}

// DefaultLimits: a request (at most MaxBodyBytes) must arrive within
// 30 s, its answer leave within 60 s (a document pooling or voice
// analysis fits), an idle keep-alive lasts 60 s, and at most 128
// connections are served at once.
var DefaultLimits = Limits{ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
	WriteTimeout: 60 * time.Second, IdleTimeout: 60 * time.Second, MaxConns: 128}

// HTTPServer is an http.Server for h with l's timeouts.
func HTTPServer(h http.Handler, l Limits) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: l.ReadHeaderTimeout, ReadTimeout: l.ReadTimeout,
		WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout}
}

// LimitListener accepts at most n connections at once from ln; the
// others wait until one closes.
func LimitListener(ln net.Listener, n int) net.Listener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, n)}
}

type limitListener struct {
	net.Listener
	slots chan struct{}
}

func (l *limitListener) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
