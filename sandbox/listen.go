package sandbox

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what one connection, and one client address, may hold of
// the sandbox (docs/sandbox.md): a client that drips its request or
// idles is cut off, and sockets that send nothing cannot starve the
// others.
type Limits struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// MaxConns bounds the open connections; MaxConnsPerIP those of one
	// client address (0: MaxConns).
	MaxConns, MaxConnsPerIP int
	// Grace is how long a connection may wait for its request (a new
	// one) or its next one (an idle keep-alive) before it may be evicted
	// to make room.
	Grace time.Duration
}

// DefaultLimits: request headers within 10 s, a request (at most
// MaxBodyBytes) within 30 s, its answer within 60 s (a document pooling
// or voice analysis fits), an idle keep-alive 60 s; at most 2048
// connections open, 1024 of them from one address (a waiting
// connection costs a goroutine and a 4 KB buffer: 2048 of them about
// 30 MB), and a waiting one evictable after 100 ms (a request follows its
// connection within one round trip).
var DefaultLimits = Limits{ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
	WriteTimeout: 60 * time.Second, IdleTimeout: 60 * time.Second, MaxConns: 2048, MaxConnsPerIP: 1024,
	Grace: 100 * time.Millisecond}

// HTTPServer is an http.Server for h with l's timeouts. Serve it on
// LimitListener(ln, srv, l) for l's connection limits.
func HTTPServer(h http.Handler, l Limits) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: l.ReadHeaderTimeout, ReadTimeout: l.ReadTimeout,
		WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout}
}

// LimitListener wraps ln with l's connection limits for srv (it hooks
// srv.ConnState, to know which connections are waiting for a request).
// A connection is evictable once it has waited Grace for a request:
// new, before its request is read, or idle between keep-alive requests. When an
// accepted connection takes its address past MaxConnsPerIP, or all past
// MaxConns, the longest-waiting evictable connection — of that address,
// or of any — is closed, a new one before an idle one, as nginx reuses
// its keep-alive connections, but never one whose request bytes have
// arrived and wait to be read: sockets that connect and send nothing can
// take a slot only until a real request needs it. A connection whose
// address holds MaxConnsPerIP connections all busy with requests is
// closed at once; otherwise Accept waits until one is evictable, or
// (all MaxConns busy) until one ends or waits.
func LimitListener(ln net.Listener, srv *http.Server, l Limits) net.Listener {
	if l.MaxConnsPerIP <= 0 || l.MaxConnsPerIP > l.MaxConns {
		l.MaxConnsPerIP = l.MaxConns
	}
	cl := &connLimiter{Listener: ln, max: l.MaxConns, maxPerIP: l.MaxConnsPerIP, grace: l.Grace,
		conns: map[*limitConn]struct{}{}, perIP: map[string]int{}}
	cl.changed = sync.NewCond(&cl.mu)
	prev := srv.ConnState
	srv.ConnState = func(c net.Conn, st http.ConnState) {
		if lc, ok := c.(*limitConn); ok && lc.owner == cl {
			cl.state(lc, st)
		}
		if prev != nil {
			prev(c, st)
		}
	}
	return cl
}

type connLimiter struct {
	net.Listener
	max, maxPerIP int
	grace         time.Duration

	mu      sync.Mutex
	changed *sync.Cond // a connection closed or began to wait
	conns   map[*limitConn]struct{}
	perIP   map[string]int
	seq     uint64 // orders the waits: lower waited longer
}

// limitConn is an accepted connection; its fields but owner, ip and
// once are the limiter's, under its mutex.
type limitConn struct {
	net.Conn
	owner   *connLimiter
	ip      string
	once    sync.Once
	busy    bool      // reading or serving a request
	fresh   bool      // no request yet
	since   uint64    // when it began to wait (connLimiter.seq)
	at      time.Time // when it began to wait
	evicted bool
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.owner.remove(c) })
	return err
}

func hostOf(a net.Addr) string {
	if h, _, err := net.SplitHostPort(a.String()); err == nil {
		return h
	}
	return a.String()
}

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		lc := &limitConn{Conn: c, owner: l, ip: hostOf(c.RemoteAddr()), fresh: true}
		if l.admit(lc) {
			return lc, nil
		}
		_ = c.Close()
	}
}

// admit makes room for c, evicting or waiting as LimitListener says;
// false: c is refused.
func (l *connLimiter) admit(c *limitConn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		ipFull, allFull := l.perIP[c.ip] >= l.maxPerIP, len(l.conns) >= l.max
		if !ipFull && !allFull {
			break
		}
		ip := ""
		if ipFull {
			ip = c.ip
		}
		v, wait := l.victim(ip, time.Now())
		switch {
		case v != nil:
			l.evict(v)
		case wait > 0:
			l.mu.Unlock()
			time.Sleep(wait)
			l.mu.Lock()
		case ipFull:
			return false
		default:
			l.changed.Wait()
		}
	}
	l.seq++
	c.since, c.at = l.seq, time.Now()
	l.conns[c] = struct{}{}
	l.perIP[c.ip]++
	return true
}

// victim is the longest-waiting evictable connection (of ip, unless ""),
// a fresh one before an idle one, but none whose request has arrived
// and waits to be read. With none, wait is how long until a waiting one
// has waited Grace (0: every one is busy).
func (l *connLimiter) victim(ip string, now time.Time) (v *limitConn, wait time.Duration) {
	var skip map[*limitConn]bool // requests on their way in
	for {
		best, wait := l.evictable(ip, now, skip)
		if best == nil {
			if wait == 0 && len(skip) > 0 {
				wait = time.Millisecond
			}
			return nil, wait
		}
		if !pending(best.Conn) {
			return best, 0
		}
		if skip == nil {
			skip = map[*limitConn]bool{}
		}
		skip[best] = true
	}
}

// evictable is the first connection to evict (of ip, unless "") among
// those idle for Grace, not busy and not in skip; wait is how long until
// the next one has waited Grace (0: none is waiting).
func (l *connLimiter) evictable(ip string, now time.Time, skip map[*limitConn]bool) (best *limitConn, wait time.Duration) {
	for c := range l.conns {
		if c.busy || c.evicted || ip != "" && c.ip != ip || skip[c] {
			continue
		}
		if left := l.grace - now.Sub(c.at); left > 0 {
			if wait == 0 || left < wait {
				wait = left
			}
			continue
		}
		if best == nil || evictsBefore(c, best) {
			best = c
		}
	}
	return best, wait
}

// evictsBefore reports whether a goes before b: a fresh connection
// before an idle one, then the one waiting longest.
func evictsBefore(a, b *limitConn) bool {
	return a.fresh && !b.fresh || a.fresh == b.fresh && a.since < b.since
}

// evict forgets c and closes its socket (its server goroutine then
// ends); under l.mu, so the socket's own Close, not c.Close, which
// would take l.mu.
func (l *connLimiter) evict(c *limitConn) {
	c.evicted = true
	l.forget(c)
	_ = c.Conn.Close()
}

func (l *connLimiter) forget(c *limitConn) {
	if _, ok := l.conns[c]; !ok {
		return
	}
	delete(l.conns, c)
	if l.perIP[c.ip]--; l.perIP[c.ip] <= 0 {
		delete(l.perIP, c.ip)
	}
	l.changed.Broadcast()
}

func (l *connLimiter) remove(c *limitConn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.forget(c)
}

// state follows the server's view of c.
func (l *connLimiter) state(c *limitConn, st http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch st {
	case http.StateActive:
		c.busy, c.fresh = true, false
	case http.StateIdle:
		l.seq++
		c.busy, c.since, c.at = false, l.seq, time.Now()
		l.changed.Broadcast()
	case http.StateHijacked, http.StateClosed:
		l.forget(c)
	}
}
