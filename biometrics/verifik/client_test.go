package verifik

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"biokiosk/biometrics/httpcore"
)

// jwtExpiring is an unsigned-looking JWT whose exp is d from now (the
// client reads exp only).
func jwtExpiring(d time.Duration) string {
	enc := base64.RawURLEncoding.EncodeToString
	payload, _ := json.Marshal(map[string]any{"sub": "acct", "exp": time.Now().Add(d).Unix()})
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(payload) + ".c2ln"
}

var jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 200)...)

func newTest(t *testing.T, h http.HandlerFunc, opts ...Option) *Client {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	c, err := New(hs.URL, append([]Option{WithToken(jwtExpiring(30 * 24 * time.Hour)), WithProject("p"), WithProjectFlow("f")}, opts...)...)
	require.NoError(t, err)
	return c
}

func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func TestParseMessageForms(t *testing.T) {
	for _, c := range []struct {
		in       string
		code     string
		score    float64
		hasScore bool
	}{
		{"409:liveness_failed@0.45", "liveness_failed", 0.45, true},
		{"liveness_failed@0.45", "liveness_failed", 0.45, true},
		{" 409 : liveness_failed @ 0.5 ", "liveness_failed", 0.5, true},
		{"409:person_already_set", "person_already_set", 0, false},
		{"person_already_set", "person_already_set", 0, false},
		{"404:appRegistration_not_found", "appRegistration_not_found", 0, false},
		{"liveness_failed@", "liveness_failed", 0, false},
		{"liveness_failed@abc", "liveness_failed", 0, false},
		{"Needs an email or a phone at least", "", 0, false},
		{`"image" is required`, "", 0, false},
		{"", "", 0, false},
		{"500:", "", 0, false},
	} {
		code, score, has := ParseMessage(c.in)
		assert.Equal(t, c.code, code, c.in)
		assert.Equal(t, c.hasScore, has, c.in)
		assert.InDelta(t, c.score, score, 1e-9, c.in)
	}
}

func TestErrorCodes(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		code   string
	}{
		{409, `{"code":"liveness_failed","message":"409:liveness_failed@0.45"}`, "LIVENESS_FAILED"},
		{409, `{"code":"liveness_failed","message":"liveness_failed@0.45"}`, "LIVENESS_FAILED"},
		{409, `{"code":"person_already_set","message":"409:person_already_set"}`, "PERSON_ALREADY_SET"},
		{409, `{"code":"collection_not_set","message":"409:collection_not_set"}`, "COLLECTION_NOT_SET"},
		{404, `{"code":"appRegistration_not_found","message":"404:appRegistration_not_found"}`, "APP_REGISTRATION_NOT_FOUND"},
		{404, `{"message":"AppRegistration_not_found","code":"NotFound"}`, "APP_REGISTRATION_NOT_FOUND"},
		{412, `{"message":"only_images_in_base64","code":"ERROR"}`, "ONLY_IMAGES_IN_BASE64"},
		{409, `{"message":"Needs an email or a phone at least","code":"MissingParameter","status":409}`, "MISSING_PARAMETER"},
		{409, `{"message":"\"image\" is required","code":"MissingParameter"}`, "MISSING_PARAMETER"},
		{401, `{"message":"Authentication required","code":"UNAUTHORIZED"}`, "UNAUTHORIZED"},
		{403, `{"message":"token_expired","code":"FORBIDDEN"}`, "TOKEN_EXPIRED"},
		{404, `{"error":"Person not found","message":"PERSON_NOT_FOUND"}`, "PERSON_NOT_FOUND"},
		{500, `{"code":42}`, "HTTP_500"},
	} {
		c := c
		t.Run(c.code, func(t *testing.T) {
			cl := newTest(t, answer(c.status, c.body))
			_, err := cl.Person(context.Background(), "x")
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, c.status, e.HTTPStatus)
			assert.Equal(t, c.code, e.Code())
		})
	}
	cl := newTest(t, answer(409, `{"code":"liveness_failed","message":"409:liveness_failed@0.45"}`))
	_, err := cl.Liveness(context.Background(), jpeg)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.True(t, e.HasScore)
	assert.InDelta(t, 0.45, e.Score, 1e-9)
	assert.Equal(t, "liveness_failed", e.Vendor)
	assert.Contains(t, e.Error(), "0.45")
}

func TestBothEnvelopes(t *testing.T) {
	for name, body := range map[string]string{
		"biometrics": `{"id":"JQ4RM","data":{"passed":true,"min_score":0.6,"liveness_score":0.98},"signature":{"message":"Certified by Verifik.co","dateTime":"January 16, 2024 3:44 PM"}}`,
		"resource":   `{"data":{"passed":true,"min_score":0.6,"liveness_score":0.98}}`,
		"bare":       `{"passed":true,"min_score":0.6,"liveness_score":0.98}`,
	} {
		cl := newTest(t, answer(200, body))
		l, err := cl.Liveness(context.Background(), jpeg)
		require.NoError(t, err, name)
		assert.True(t, l.Passed, name)
		assert.InDelta(t, 0.98, l.LivenessScore, 1e-9, name)
	}
}

func TestMalformedAnswers(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(*Client) error{
		"liveness": func(c *Client) error { _, err := c.Liveness(ctx, jpeg); return err },
		"verify":   func(c *Client) error { _, err := c.Verify(ctx, "p1", jpeg); return err },
		"search":   func(c *Client) error { _, err := c.SearchLiveFace(ctx, jpeg); return err },
		"person":   func(c *Client) error { _, err := c.Person(ctx, "p1"); return err },
		"lookup":   func(c *Client) error { _, err := c.LookupPersons(ctx, "abcdef"); return err },
		"create": func(c *Client) error {
			_, err := c.CreateAppRegistration(ctx, NewAppRegistration{Email: "a@b.co"})
			return err
		},
		"get registration": func(c *Client) error { _, err := c.AppRegistration(ctx, "r1"); return err },
	}
	for _, body := range []string{``, `not json`, `{}`, `{"data":{}}`, `{"data":null}`, `[1,2]`, `{"data":{"persons":[{"score":1}]}}`,
		`{"data":{"appRegistration":{"_id":"r"},"token":"not-a-jwt"}}`, `{"data":{"match":{"score":0.9}}}`, `{"data":{"passed":"yes"}}`} {
		for name, call := range calls {
			err := call(newTest(t, answer(200, body)))
			var de *DecodeError
			require.ErrorAs(t, err, &de, "%s on %q", name, body)
			assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
		}
	}
}

func TestTransportErrorIsServerUnreachable(t *testing.T) {
	c, err := New("http://127.0.0.1:1", WithToken(jwtExpiring(time.Hour*24*30)), WithHTTPClient(&http.Client{Timeout: time.Second}))
	require.NoError(t, err)
	_, err = c.Person(context.Background(), "p")
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "SERVER_UNREACHABLE", te.Code())
}

func TestOptionsAreValidated(t *testing.T) {
	_, err := New("http://example.com")
	assert.Error(t, err, "plain http off loopback")
	_, err = New("ftp://x")
	assert.Error(t, err)
	_, err = New(DefaultURL, WithToken("abc"))
	assert.Error(t, err, "not a JWT")
	_, err = New(DefaultURL, WithToken(jwtExpiring(-time.Minute)))
	assert.ErrorIs(t, err, ErrTokenExpired)
	_, err = New(DefaultURL, WithThresholds(Thresholds{Liveness: 0.4, Search: 0.9, Verify: 0.85}))
	assert.Error(t, err)
	_, err = New(DefaultURL, WithThresholds(Thresholds{Liveness: 0.6, Search: 1.1, Verify: 0.85}))
	assert.Error(t, err)
	_, err = New(DefaultURL, WithRenewMargin(time.Second))
	assert.Error(t, err)
	_, err = New(DefaultURL, WithSearchMode("SLOW"))
	assert.Error(t, err)
	c, err := New(DefaultURL)
	require.NoError(t, err)
	assert.Equal(t, DefaultThresholds, c.Thresholds())
	_, err = c.Person(context.Background(), "p")
	assert.ErrorIs(t, err, ErrNoToken)
	_, err = c.CreateAppRegistration(context.Background(), NewAppRegistration{Email: "a@b.co"})
	assert.ErrorIs(t, err, ErrNotConfigured)
}

func TestImagesAreCheckedBeforeSending(t *testing.T) {
	var hits atomic.Int32
	c := newTest(t, func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) })
	_, err := c.Liveness(context.Background(), make([]byte, MaxImageBytes+1))
	assert.ErrorIs(t, err, ErrImageTooLarge)
	_, err = c.Verify(context.Background(), "p", []byte("\x89PNG...."))
	assert.ErrorIs(t, err, ErrNotJPEG)
	var coder interface{ Code() string }
	require.ErrorAs(t, err, &coder)
	assert.Equal(t, "IMAGE_NOT_JPEG", coder.Code())
	assert.Zero(t, hits.Load())
}

// A token with less than the margin left is renewed before the call; a
// server that serves the renewal only as POST gets the fallback; the
// new token is handed to the callback and used.
func TestTokenRenewal(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			old, fresh := jwtExpiring(2*24*time.Hour), jwtExpiring(30*24*time.Hour)
			var renewals atomic.Int32
			var seen []string
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v2/auth/session" {
					if r.Method != method {
						w.WriteHeader(http.StatusMethodNotAllowed)
						return
					}
					assert.Equal(t, "refresh", r.URL.Query().Get("origin"))
					assert.Equal(t, old, r.Header.Get("Authorization"), "the bare token, as documented")
					renewals.Add(1)
					fmt.Fprintf(w, `{"accessToken":%q,"tokenType":"bearer"}`, fresh)
					return
				}
				seen = append(seen, r.Header.Get("Authorization"))
				fmt.Fprint(w, `{"data":{"_id":"p1","name":"x"}}`)
			}))
			defer hs.Close()
			var got string
			c, err := New(hs.URL, WithToken(old), WithTokenRenewed(func(j string) { got = j }))
			require.NoError(t, err)
			_, err = c.Person(context.Background(), "p1")
			require.NoError(t, err)
			_, err = c.Person(context.Background(), "p1")
			require.NoError(t, err)
			assert.EqualValues(t, 1, renewals.Load(), "renewed once, then the fresh token has enough left")
			assert.Equal(t, fresh, got)
			assert.Equal(t, []string{"Bearer " + fresh, "Bearer " + fresh}, seen)
			assert.WithinDuration(t, time.Now().Add(30*24*time.Hour), c.TokenExpiry(), time.Minute)
		})
	}
}

// A renewal that fails leaves a still-valid token in use; a renewal
// answer that is not a usable JWT is a decode error on RenewToken.
func TestFailedRenewal(t *testing.T) {
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/auth/session" {
			fmt.Fprint(w, `{"accessToken":"nope"}`)
			return
		}
		fmt.Fprint(w, `{"data":{"_id":"p1"}}`)
	}, WithToken(jwtExpiring(time.Hour)))
	_, err := c.Person(context.Background(), "p1")
	require.NoError(t, err, "the old token still works")
	err = c.RenewToken(context.Background())
	var de *DecodeError
	require.ErrorAs(t, err, &de)

	c = newTest(t, answer(401, `{"code":"Unauthorized","message":"Invalid or expired token."}`))
	err = c.RenewToken(context.Background())
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "UNAUTHORIZED", e.Code())
}

// App-registration tokens are held per registration and sent on its
// calls only; an unknown registration fails before any request.
func TestRegistrationTokens(t *testing.T) {
	regTok := jwtExpiring(2 * time.Hour)
	var auths []string
	var bodies []map[string]any
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		var b map[string]any
		_ = json.NewDecoder(r.Body).Decode(&b)
		bodies = append(bodies, b)
		switch r.URL.Path {
		case "/v2/app-registrations":
			fmt.Fprintf(w, `{"data":{"appRegistration":{"_id":"r1","status":"STARTED"},"token":%q}}`, regTok)
		case "/v2/biometric-validations/app-registration":
			fmt.Fprint(w, `{"data":{"_id":"r1","status":"STARTED","person":"p1","biometricValidation":"b1","assignedCollection":"c1"}}`)
		case "/v2/app-registrations/r1/sync":
			fmt.Fprint(w, `{"data":{"token":"t","step":"end","status":"COMPLETED","appRegistrationId":"r1"}}`)
		}
	})
	ctx := context.Background()
	_, err := c.BiometricAppRegistration(ctx, "r1", jpeg, false)
	assert.ErrorIs(t, err, ErrNoRegistration)
	r, err := c.CreateAppRegistration(ctx, NewAppRegistration{Email: "id@kiosk.invalid", FullName: "id"})
	require.NoError(t, err)
	assert.Equal(t, "r1", r.ID)
	assert.True(t, c.HoldsRegistration("r1"))
	r, err = c.BiometricAppRegistration(ctx, "r1", jpeg, true)
	require.NoError(t, err)
	assert.Equal(t, "p1", r.Person)
	assert.Equal(t, "c1", r.AssignedCollection)
	s, err := c.Sync(ctx, "r1", "end", StatusCompleted)
	require.NoError(t, err)
	assert.Equal(t, StatusCompleted, s.Status)
	c.ForgetRegistration("r1")
	assert.False(t, c.HoldsRegistration("r1"))

	require.Len(t, auths, 3)
	assert.True(t, strings.HasSuffix(auths[0], "Bearer "+c.tok.jwt), "create uses the client JWT")
	assert.True(t, strings.HasSuffix(auths[1], "Bearer "+regTok))
	assert.True(t, strings.HasSuffix(auths[2], "Bearer "+regTok))
	assert.Equal(t, map[string]any{"project": "p", "projectFlow": "f", "email": "id@kiosk.invalid", "fullName": "id"}, bodies[0])
	assert.Equal(t, "DESKTOP", bodies[1]["os"])
	assert.Equal(t, true, bodies[1]["force"])
	assert.True(t, strings.HasPrefix(bodies[1]["image"].(string), "data:image/jpeg;base64,/9j/"))
}

// The populated person object and the id form both read.
func TestRegistrationPopulates(t *testing.T) {
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, []string{"person"}, r.URL.Query()["populates[]"])
		fmt.Fprint(w, `{"data":{"_id":"r1","status":"COMPLETED","person":{"_id":"p1","name":"abc","collections":[{"_id":"c1"}]}}}`)
	})
	r, err := c.AppRegistration(context.Background(), "r1", "person")
	require.NoError(t, err)
	assert.Equal(t, "p1", r.Person)
	require.NotNil(t, r.PersonObject)
	assert.Equal(t, "abc", r.PersonObject.Name)
	assert.Equal(t, []string{"c1"}, r.PersonObject.Collections)
}

func TestVerifyAndSearchAnswers(t *testing.T) {
	ctx := context.Background()
	c := newTest(t, answer(200, `{"id":"X","data":{"match":{"id":"p1","name":"abc","score":0.93}}}`))
	v, err := c.Verify(ctx, "p1", jpeg)
	require.NoError(t, err)
	assert.True(t, v.Matched)
	assert.Equal(t, "p1", v.Person.ID)
	assert.InDelta(t, 0.93, v.Score, 1e-9)

	c = newTest(t, answer(200, `{"id":"X","data":{"match":null,"score":0.12,"min_score":0.85}}`))
	v, err = c.Verify(ctx, "p1", jpeg)
	require.NoError(t, err)
	assert.False(t, v.Matched)
	assert.InDelta(t, 0.12, v.Score, 1e-9)

	c = newTest(t, answer(200, `{"data":{"persons":[{"id":"b","score":0.91},{"id":"a","score":0.97}],"liveness_score":0.9}}`))
	s, err := c.SearchLiveFace(ctx, jpeg)
	require.NoError(t, err)
	require.Len(t, s.Persons, 2)
	assert.Equal(t, "a", s.Persons[0].ID, "best first")

	c = newTest(t, answer(200, `{"data":[{"_id":"p1","name":"abcdef"}],"total":1,"limit":100,"page":1,"pages":1}`))
	ps, err := c.LookupPersons(ctx, "abcdef")
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, "abcdef", ps[0].Name)
	_, err = c.LookupPersons(ctx, "ab")
	assert.ErrorIs(t, err, ErrMissingArgument)
}

// An answer that echoes the request's Authorization header (or any JWT)
// leaves no token in the error text.
func TestErrorTextHoldsNoToken(t *testing.T) {
	tok := jwtExpiring(30 * 24 * time.Hour)
	other := jwtExpiring(time.Hour)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_ = json.NewEncoder(w).Encode(map[string]string{"code": "ERROR", "message": "bad header " + r.Header.Get("Authorization") + " and " + other})
	}))
	defer hs.Close()
	c, err := New(hs.URL, WithToken(tok))
	require.NoError(t, err)
	_, err = c.Person(context.Background(), "p")
	require.Error(t, err)
	assert.True(t, errors.As(err, new(*Error)))
	assert.Contains(t, err.Error(), "bad header", "the message is kept")
	assert.NotContains(t, err.Error(), tok)
	assert.NotContains(t, err.Error(), other)
	assert.NotContains(t, err.Error(), strings.Split(tok, ".")[1], "not even the payload")
}

// A failing automatic renewal is tried once, then not again for the
// backoff; the still-valid token keeps being used. A hung renewal does
// not hold up other calls.
func TestRenewalBacksOffAndDoesNotBlock(t *testing.T) {
	var renewals atomic.Int32
	hang := make(chan struct{})
	var hung atomic.Bool
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/auth/session" {
			renewals.Add(1)
			if hung.Load() {
				<-hang
			}
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"code":"ERROR","message":"internal_error"}`)
			return
		}
		fmt.Fprint(w, `{"data":{"_id":"p1"}}`)
	}, WithToken(jwtExpiring(time.Hour)))
	ctx := context.Background()
	for range 3 {
		_, err := c.Person(ctx, "p1")
		require.NoError(t, err)
	}
	assert.EqualValues(t, 1, renewals.Load(), "one failed renewal, then the backoff")

	// After the backoff, the next call renews again; this time the
	// renewal hangs, and another call meanwhile neither waits nor renews.
	c.mu.Lock()
	c.retryAt = time.Time{}
	c.mu.Unlock()
	hung.Store(true)
	done := make(chan error, 1)
	go func() { _, err := c.Person(ctx, "p1"); done <- err }()
	require.Eventually(t, func() bool { return renewals.Load() == 2 }, 5*time.Second, 5*time.Millisecond)
	start := time.Now()
	_, err := c.Person(ctx, "p1")
	require.NoError(t, err)
	assert.Less(t, time.Since(start), time.Second, "not blocked by the hung renewal")
	assert.EqualValues(t, 2, renewals.Load(), "single flight")
	wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, c.RenewToken(wctx), context.DeadlineExceeded, "RenewToken waits for the flight, within its ctx")
	close(hang)
	require.NoError(t, <-done)
}

// A renewed token that does not expire later than the current one is
// refused (and the callback not called); a 401 to the bare token is
// retried once with "Bearer ".
func TestRenewalAcceptsOnlyALaterTokenAndRetriesWithBearer(t *testing.T) {
	cur := jwtExpiring(3 * 24 * time.Hour)
	earlier := jwtExpiring(2 * 24 * time.Hour)
	called := 0
	c := newTest(t, answer(200, fmt.Sprintf(`{"accessToken":%q}`, earlier)), WithToken(cur), WithTokenRenewed(func(string) { called++ }))
	err := c.RenewToken(context.Background())
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Zero(t, called)
	c.mu.Lock()
	assert.Equal(t, cur, c.tok.jwt)
	c.mu.Unlock()

	fresh := jwtExpiring(30 * 24 * time.Hour)
	var auths []string
	c = newTest(t, func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"code":"Unauthorized","message":"Invalid or expired token."}`)
			return
		}
		fmt.Fprintf(w, `{"accessToken":%q}`, fresh)
	}, WithToken(cur), WithTokenRenewed(func(string) { called++ }))
	require.NoError(t, c.RenewToken(context.Background()))
	assert.Equal(t, []string{cur, "Bearer " + cur}, auths)
	assert.Equal(t, 1, called)
	assert.Equal(t, fresh, c.tok.jwt)
}

// Refused before any request: an empty registration id (it would go out
// without Authorization), person updates without a field.
func TestArgumentsCheckedBeforeSending(t *testing.T) {
	var hits atomic.Int32
	c := newTest(t, func(http.ResponseWriter, *http.Request) { hits.Add(1) })
	ctx := context.Background()
	_, err := c.BiometricAppRegistration(ctx, "", jpeg, false)
	assert.ErrorIs(t, err, ErrMissingArgument)
	_, err = c.UpdatePerson(ctx, "p1", PersonUpdate{})
	assert.ErrorIs(t, err, ErrMissingArgument)
	assert.Zero(t, hits.Load())
}

// UpdatePerson sends only the metadata fields given (no images); notes
// read back.
func TestUpdatePersonNotes(t *testing.T) {
	var body map[string]any
	c := newTest(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "PUT /v2/face-recognition/persons/p1", r.Method+" "+r.URL.Path)
		_ = json.NewDecoder(r.Body).Decode(&body)
		fmt.Fprint(w, `{"data":{"_id":"p1","name":"n","notes":"0123456789abcdef01234567"}}`)
	})
	p, err := c.UpdatePerson(context.Background(), "p1", PersonUpdate{Notes: "0123456789abcdef01234567"})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"notes": "0123456789abcdef01234567"}, body)
	assert.Equal(t, "0123456789abcdef01234567", p.Notes)
}

// A non-finite score after '@' and an out-of-range exp are refused.
func TestNonFiniteNumbersRefused(t *testing.T) {
	for _, m := range []string{"409:liveness_failed@NaN", "liveness_failed@Inf", "liveness_failed@-Inf"} {
		code, _, has := ParseMessage(m)
		assert.Equal(t, "liveness_failed", code, m)
		assert.False(t, has, m)
	}
	enc := base64.RawURLEncoding.EncodeToString
	for _, exp := range []string{"1e300", "-5", "9.3e18", "253402300800"} {
		_, err := TokenExpiry(enc([]byte(`{}`)) + "." + enc([]byte(`{"exp":`+exp+`}`)) + ".x")
		assert.Error(t, err, exp)
	}
}

// TestProxyPageIsNotARefusal: an error status whose body is not Verifik's
// {code,message} (a proxy's page) is MALFORMED_RESPONSE, not an *Error.
func TestProxyPageIsNotARefusal(t *testing.T) {
	for _, body := range []string{`<html><h1>502 Bad Gateway</h1></html>`, `Bad Gateway`, `{"error":"upstream"}`} {
		cl := newTest(t, answer(502, body))
		_, err := cl.Person(t.Context(), "x")
		var e *Error
		assert.False(t, errors.As(err, &e), body)
		var de *DecodeError
		require.ErrorAs(t, err, &de, body)
		assert.Equal(t, "MALFORMED_RESPONSE", de.Code())
		assert.Equal(t, 502, de.HTTPStatus)
		assert.ErrorIs(t, err, httpcore.ErrNotAPIAnswer)
	}
}
