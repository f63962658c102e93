package adapters_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"biokiosk/adapters"
	"biokiosk/biometrics"
	"biokiosk/biometrics/biopassid"
	"biokiosk/flow"
	"biokiosk/internal/testkit/facetest"
	"biokiosk/sandbox"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// calls records the requests a fake server got.
type calls struct {
	mu   sync.Mutex
	list []string
}

func (c *calls) add(r *http.Request) {
	c.mu.Lock()
	c.list = append(c.list, r.Method+" "+r.URL.Path)
	c.mu.Unlock()
}

func (c *calls) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.list...)
}

// TestBioPassIDPreflightNeverDeletes: the check is a verify without
// biometrics (no DELETE against production), cached; a server answering
// a delete with {} still lets a registration end ENROLLED and undo one.
func TestBioPassIDPreflightNeverDeletes(t *testing.T) {
	var seen calls
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.add(r)
		switch r.URL.Path {
		case "/multibiometrics/verify":
			w.WriteHeader(400)
			_, _ = w.Write([]byte("Invalid JSON format"))
		case "/multibiometrics/enroll":
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"Person":{"ClientID":"c","CustomID":"` + bpUser + `","BioPassID":"bp"}}`))
		case "/multibiometrics/delete":
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{}`))
		}
	}))
	t.Cleanup(hs.Close)
	c, err := biopassid.New(hs.URL, "sub-key")
	require.NoError(t, err)
	b := adapters.BioPassID{C: c, Checks: &adapters.CheckCache{}}
	require.NoError(t, b.Check(t.Context()))
	require.NoError(t, b.Check(t.Context()))
	assert.Equal(t, []string{"POST /multibiometrics/verify"}, seen.all(), "one read, then the cached success")

	r, err := b.EnrollFace(t.Context(), bpUser, flow.Photo{JPEG: []byte{0xFF, 0xD8}}, "")
	require.NoError(t, err)
	assert.True(t, r.Enrolled)
	require.NoError(t, b.DeleteUser(t.Context(), bpUser), "a delete answered {} is a deletion")
}

// TestBioPassIDEchoMismatchIsNotEnrolled: an enrolment answer naming
// another CustomID is MALFORMED_RESPONSE; nothing is kept.
func TestBioPassIDEchoMismatchIsNotEnrolled(t *testing.T) {
	ids := &adapters.BioPassIDs{}
	b := adapters.BioPassID{C: bpStub(t, 200, `{"Person":{"ClientID":"c","CustomID":"1234","BioPassID":"someone-else"}}`), IDs: ids}
	r, err := b.EnrollFace(t.Context(), bpUser, flow.Photo{JPEG: []byte{0xFF, 0xD8}}, "")
	require.Error(t, err)
	assert.False(t, r.Enrolled)
	assert.Equal(t, "MALFORMED_RESPONSE", flowCode(err))
	_, ok := ids.Get(bpUser)
	assert.False(t, ok)
}

// TestBiometrIDPreflightIsADocumentedRead: Find UserId by MacAddress, not
// a per-user call on a made-up id; cached; a refused key is not cached.
func TestBiometrIDPreflightIsADocumentedRead(t *testing.T) {
	var seen calls
	refuse := false
	var mu sync.Mutex
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.add(r)
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if refuse {
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"status":false,"data":{"message":"INVALID_AUTHENTICATION_HEADERS"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":true,"data":{"message":"DEVICE_NOT_ASSOCIATED_TO_USER"}}`))
	}))
	t.Cleanup(hs.Close)
	c, err := biometrics.New(hs.URL, biometrics.WithCredentials("k", "s"), biometrics.WithRetry(biometrics.NoRetry))
	require.NoError(t, err)
	now := time.Unix(1_000_000, 0)
	cache := &adapters.CheckCache{TTL: time.Minute, Now: func() time.Time { return now }}
	b := adapters.BiometrID{C: c, Checks: cache}
	require.NoError(t, b.Check(t.Context()))
	require.NoError(t, b.Check(t.Context()))
	assert.Equal(t, []string{"GET /api/1.0/users/find-by-address"}, seen.all())

	mu.Lock()
	refuse = true
	mu.Unlock()
	now = now.Add(2 * time.Minute)
	assert.Error(t, b.Check(t.Context()), "past the TTL the server is asked again")
	assert.Error(t, b.Check(t.Context()), "a failure is not remembered")
	assert.Len(t, seen.all(), 3)
}

// TestBioPassIDDerivedCustomIDs: with a site key the CustomID is derived
// from the customer number (the same on every kiosk, opaque to the
// vendor), and a CustomID the server holds already is ALREADY_REGISTERED.
func TestBioPassIDDerivedCustomIDs(t *testing.T) {
	key := []byte("site-key-0123456789abcdef")
	b := adapters.BioPassID{C: bpStub(t, 409, "CustomID already exists"), IDKey: key}
	id1, err := b.CreateUser(t.Context(), "dupX", "")
	require.NoError(t, err)
	id2, err := adapters.BioPassID{IDKey: key}.CreateUser(t.Context(), "dupX", "")
	require.NoError(t, err)
	assert.Equal(t, id1, id2, "every kiosk of the site derives the same CustomID")
	assert.Regexp(t, `^[0-9a-f]{24}$`, id1)
	assert.NotContains(t, id1, "dupX")
	other, _ := adapters.BioPassID{IDKey: []byte("another-site-key-0123456789")}.CreateUser(t.Context(), "dupX", "")
	assert.NotEqual(t, id1, other)
	assert.True(t, b.CreatesOnEnrolment())

	_, err = b.EnrollFace(t.Context(), id1, flow.Photo{JPEG: []byte{0xFF, 0xD8}}, "")
	assert.Equal(t, string(flow.CodeAlreadyRegistered), flowCode(err))

	random := adapters.BioPassID{C: bpStub(t, 409, "CustomID already exists")}
	assert.False(t, random.CreatesOnEnrolment())
	_, err = random.EnrollFace(t.Context(), bpUser, flow.Photo{JPEG: []byte{0xFF, 0xD8}}, "")
	assert.Equal(t, biopassid.CodeCustomIDExists, flowCode(err), "a random id's collision is no registration")
	_, err = adapters.BioPassID{IDKey: []byte("short")}.CreateUser(t.Context(), "dupX", "")
	assert.Error(t, err)
}

// TestTwoKiosksOneBioPassNumber: two kiosks, each with its own directory,
// on one BioPass ID account with the site's key: the second registration
// of dupX (another face) ends ALREADY_REGISTERED, and the first person's
// enrolment is untouched (an impostor cannot take the number).
func TestTwoKiosksOneBioPassNumber(t *testing.T) {
	facetest.Analyzer(t) // the sandbox's face engine needs the models
	sb, err := sandbox.New(context.Background(), sandbox.Config{DB: filepath.Join(t.TempDir(), "s.db"), Key: "k", Secret: "s"})
	require.NoError(t, err)
	hs := httptest.NewServer(sb.Handler())
	t.Cleanup(func() { hs.Close(); sb.Close() })
	subKey, err := sb.BioPassKey(context.Background())
	require.NoError(t, err)
	c, err := biopassid.New(hs.URL, subKey)
	require.NoError(t, err)
	key := []byte("the-site-key-0123456789")
	kiosk := func(face string) (flow.Result, *memJournal) {
		b := adapters.BioPassID{C: c, IDKey: key}
		r, err := flow.New(b, still(t, face), nil, nil, flow.Config{Face: true}, nil)
		require.NoError(t, err)
		j := &memJournal{}
		r.SetJournal(j)
		return r.Register(context.Background(), flow.RegisterRequest{CustomerNumber: "dupX", Consent: true}), j
	}
	first, _ := kiosk("obama.jpg")
	require.Equal(t, flow.OutcomeEnrolled, first.Outcome, "%+v", first.Error)
	second, j := kiosk("biden.jpg")
	assert.Equal(t, flow.OutcomeAlreadyRegistered, second.Outcome, "%+v", second.Error)
	assert.Empty(t, j.pending())

	m, err := c.Verify(context.Background(), biopassid.Person{CustomID: first.UserID, Face: facetest.JPEG(t, "obama2.jpg")})
	require.NoError(t, err, "the first person's enrolment is still there")
	assert.True(t, m.Match)
}
