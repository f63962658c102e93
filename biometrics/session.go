package biometrics

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sync"
)

// sessionJar is the client's cookie jar: set once on the http.Client, it
// swaps its inner jar under a lock on reset, so ResetSession never writes
// the http.Client while a request reads it.
type sessionJar struct {
	mu  sync.Mutex
	jar http.CookieJar
}

func newSessionJar() *sessionJar {
	j := &sessionJar{}
	j.reset()
	return j
}

// reset forgets every cookie.
func (j *sessionJar) reset() {
	jar, _ := cookiejar.New(nil) // never fails without options
	j.mu.Lock()
	j.jar = jar
	j.mu.Unlock()
}

func (j *sessionJar) current() http.CookieJar {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.jar
}

// SetCookies stores cookies in the current jar.
func (j *sessionJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	j.current().SetCookies(u, cookies)
}

// Cookies returns the current jar's cookies for u.
func (j *sessionJar) Cookies(u *url.URL) []*http.Cookie { return j.current().Cookies(u) }
