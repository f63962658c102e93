package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"biokiosk/sandbox/face"
	"biokiosk/sandbox/voice"
)

// Config configures a sandbox.
type Config struct {
	// DB is the SQLite file ("" keeps everything in memory).
	DB string
	// Key and Secret are the client credentials to create or update on
	// start; when Key is empty and the database has no client, random ones
	// are generated (Credentials reports them).
	Key, Secret string
	// RequestLimit and UserLimit are the client's quotas (0 = unlimited).
	RequestLimit, UserLimit int
	// LivenessRequired makes 1.1 face calls need a livenessId.
	LivenessRequired bool
	// Models is the face models folder ("" finds it with
	// capture/face.FindModelsDir). The sandbox needs the models: without them it
	// fails to start rather than fake a face engine.
	Models string
	// Logger receives one line per request (no bodies); nil discards.
	Logger *slog.Logger
	// Faults, when set, are injected in front of every route.
	Faults *Faults
	// CheckPrompt makes the 1.0 voice dialogue refuse an English sample
	// that does not say its promptCode (AUDIO_RECOGNITION_FAILED, reason
	// PROMPT_MISMATCH): a replayed recording of another prompt. Off by
	// default (docs/sandbox.md says why).
	CheckPrompt bool
}

// Thresholds of the engines (docs/sandbox.md).
const (
	// FaceThreshold is the cosine similarity at which two faces match
	// (face.Threshold).
	FaceThreshold = face.Threshold
	// EnrollSamples is how many accepted voice samples enrol a voice.
	EnrollSamples = 3
	// VerifySamples is how many accepted voice samples a verification or
	// an adaptation takes: the first accepted sample ends it (a refused
	// one is asked again).
	VerifySamples = 1
	// MaxVoiceSample is the longest voice sample analysed; a longer one
	// is refused from its header (the API documents no limit:
	// docs/api-choices.md).
	MaxVoiceSample = 30 * time.Second
	// MaxBodyBytes caps request bodies.
	MaxBodyBytes = 8 << 20
	// livenessTTL is how long a livenessId stays valid.
	livenessTTL = 10 * time.Minute
	// livenessPass is the liveness score (0–100) a burst must reach.
	livenessPass = 50
)

// Server is a running sandbox's state: the database, the engines and the
// in-memory face gallery. Its Handler is safe for concurrent use.
type Server struct {
	cfg     Config
	db      *store
	faces   *face.Engine
	voice   *voice.Engine
	log     *slog.Logger
	creds   [2]string
	handler http.Handler
	// vkSecret signs the Verifik routes' JWTs (kept in the database).
	vkSecret []byte
	// docs is the OCR engine (Validate Document, Document Pooling).
	docs *documents
	// galleries serialise each client's duplicate check and store.
	galleries galleryLocks

	// fresh says which credentials this start created.
	fresh Fresh

	closeOnce sync.Once
	closeErr  error
}

// New opens the database, loads the models and the gallery, and makes
// sure a client exists.
func New(ctx context.Context, cfg Config) (*Server, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	db, err := openStore(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	fe, err := face.New(cfg.Models)
	if err != nil {
		db.close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	s := &Server{cfg: cfg, db: db, faces: fe, voice: voice.New(), log: log}
	if err := s.loadGallery(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.ensureClient(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.verifikInit(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.fresh.BioPass, err = s.bpEnsureAccount(ctx, s.creds[0]); err != nil {
		s.Close()
		return nil, err
	}
	if s.fresh.Liveness, err = s.ensureLivenessAppToken(ctx, s.creds[0]); err != nil {
		s.Close()
		return nil, err
	}
	docs, err := newDocuments(ctx, db, fe, "", log)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.docs = docs
	s.routes()
	return s, nil
}

// loadGallery puts every stored face in the face engine's gallery.
func (s *Server) loadGallery(ctx context.Context) error {
	all, err := s.db.faces(ctx)
	if err != nil {
		return fmt.Errorf("sandbox: load gallery: %w", err)
	}
	for id, f := range all {
		s.faces.Put(id, f.client, f.emb)
	}
	return nil
}

func (s *Server) ensureClient(ctx context.Context) error {
	c := client{Key: s.cfg.Key, Secret: s.cfg.Secret, RequestLimit: s.cfg.RequestLimit, UserLimit: s.cfg.UserLimit, LivenessRequired: s.cfg.LivenessRequired}
	if c.Key == "" {
		if existing, err := s.db.anyClient(ctx); err == nil {
			s.creds = [2]string{existing.Key, existing.Secret}
			return nil
		} else if !errors.Is(err, errNotFound) {
			return err
		}
		c.Key, c.Secret = randomHex(16), randomHex(32)
		s.fresh.Secret = true
	}
	if c.Secret == "" {
		return fmt.Errorf("sandbox: a key needs a secret")
	}
	if err := s.db.putClient(ctx, c); err != nil {
		return fmt.Errorf("sandbox: client: %w", err)
	}
	s.creds = [2]string{c.Key, c.Secret}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Fresh says which of the client's credentials a sandbox's start created
// (rather than found in its database): a command prints a credential on
// the start that creates it, not on every start.
type Fresh struct {
	// Secret: the key and secret were generated (no --key was given).
	Secret bool
	// Verifik: the Verifik account, for which client JWTs are minted.
	Verifik bool
	// BioPass: the BioPass ID subscription key.
	BioPass bool
	// Liveness: the 1.0 liveness host's x-app-token.
	Liveness bool
}

// Fresh reports which credentials this start created.
func (s *Server) Fresh() Fresh { return s.fresh }

// Credentials are the client key and secret the sandbox accepts.
func (s *Server) Credentials() (key, secret string) { return s.creds[0], s.creds[1] }

// Handler serves the API (behind the configured faults, if any).
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops the pooling work and frees the engines and the database.
// It is idempotent and safe for concurrent use: every call returns the
// first one's result once it is done.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.docs != nil {
			s.docs.close() // first: its pooling work uses the engines and the database
		}
		if s.faces != nil {
			s.faces.Close()
		}
		s.closeErr = s.db.close()
	})
	return s.closeErr
}

// answer is the API's envelope.
type answer struct {
	Status bool `json:"status"`
	Data   any  `json:"data,omitempty"`
}

// data is an answer's data object.
type data map[string]any

func msg(m message, kv ...any) data {
	d := data{"message": string(m)}
	for i := 0; i+1 < len(kv); i += 2 {
		d[kv[i].(string)] = kv[i+1]
	}
	return d
}

// reply writes the envelope.
func reply(w http.ResponseWriter, code int, ok bool, d any) {
	if sw, isSW := w.(*statusWriter); isSW {
		if m, hasMsg := d.(data); hasMsg {
			sw.message, _ = m["message"].(string)
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(answer{Status: ok, Data: d})
}

// fail writes a status:false answer with a message constant.
func fail(w http.ResponseWriter, code int, m message, kv ...any) {
	reply(w, code, false, msg(m, kv...))
}

// req is one authenticated request's context.
type req struct {
	w       http.ResponseWriter
	r       *http.Request
	client  client
	version string
	userID  string
}

type handler func(*req)

// statusWriter remembers the status and the message constant for the
// request log.
type statusWriter struct {
	http.ResponseWriter
	code    int
	message string
}

func (w *statusWriter) WriteHeader(c int) { w.code = c; w.ResponseWriter.WriteHeader(c) }

// served ends a request of a wrapped route (api, verifik, the liveness
// host): a panic the handler raised (p, from recover) is logged and
// answered with internalErr, the request line is logged, and an
// authenticated client's request log (clientKey not "") gets the route
// and outcome only: ids, never bodies.
func (s *Server) served(r *http.Request, sw *statusWriter, start time.Time, clientKey, panicMsg string, p any, internalErr func(http.ResponseWriter)) {
	if p != nil {
		s.log.Error(panicMsg, "path", r.URL.Path, "panic", fmt.Sprint(p))
		internalErr(sw)
	}
	s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.code, "ms", time.Since(start).Milliseconds())
	if clientKey != "" {
		s.db.logRequest(context.WithoutCancel(r.Context()), clientKey, r.Method, r.URL.Path, sw.code, sw.message)
	}
}

// api wraps a handler with the body cap, panic recovery, authentication,
// the request quota, and (for per-user routes) the user check.
func (s *Server) api(perUser bool, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: 200}
		start := time.Now()
		key := r.Header.Get("x-biometrid-key")
		clientKey := "" // set once the client is authenticated
		defer func() {
			s.served(r, sw, start, clientKey, "sandbox: handler panic", recover(), func(w http.ResponseWriter) {
				fail(w, http.StatusInternalServerError, msgProblemOcurredRepeatRequest)
			})
		}()
		r.Body = http.MaxBytesReader(sw, r.Body, MaxBodyBytes)
		secret := r.Header.Get("x-biometrid-secret")
		if key == "" || secret == "" {
			fail(sw, http.StatusBadRequest, msgAuthenticationHeadersMissing)
			return
		}
		c, err := s.db.client(r.Context(), key)
		if errors.Is(err, errNotFound) {
			fail(sw, http.StatusNotFound, msgClientNotFound)
			return
		}
		if err != nil {
			s.serverError(sw, r, err)
			return
		}
		if subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
			fail(sw, http.StatusUnauthorized, msgInvalidAuthenticationHeaders)
			return
		}
		clientKey = key
		ok, err := s.db.countRequest(r.Context(), key)
		if err != nil {
			s.serverError(sw, r, err)
			return
		}
		if !ok {
			fail(sw, http.StatusPaymentRequired, msgRequestLimitReached)
			return
		}
		q := &req{w: sw, r: r, client: c, version: r.PathValue("v")}
		if perUser {
			q.userID = r.PathValue("id")
			exists, err := s.db.userExists(r.Context(), c.Key, q.userID)
			if err != nil {
				s.serverError(sw, r, err)
				return
			}
			if !exists {
				fail(sw, http.StatusNotFound, msgUserIDNotExists)
				return
			}
		}
		h(q)
	}
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.logFault(r, "sandbox: internal error", err)
	fail(w, http.StatusInternalServerError, msgProblemOcurredRepeatRequest)
}

// logFault logs a request's internal error, unless the request ended
// because its client left (a kiosk's timeout, a killed kiosk): that is
// no fault of the server's, and the answer goes nowhere.
func (s *Server) logFault(r *http.Request, msg string, err error) {
	if r.Context().Err() == nil {
		s.log.Error(msg, "path", r.URL.Path, "err", err)
	}
}

// routes registers every endpoint for API versions 1.0 and 1.1.
func (s *Server) routes() {
	m := http.NewServeMux()
	versioned := func(pattern string, perUser bool, h handler) {
		method, path, _ := strings.Cut(pattern, " ")
		serve := s.api(perUser, h) // built once per route, not per request
		m.HandleFunc(method+" /api/{v}/"+path, func(w http.ResponseWriter, r *http.Request) {
			if v := r.PathValue("v"); v != "1.0" && v != "1.1" {
				fail(w, http.StatusNotFound, msgRouteNotFound)
				return
			}
			serve(w, r)
		})
	}
	versioned("POST users", false, s.createUser)
	versioned("DELETE users/{id}", true, s.deleteUser)
	versioned("GET users/find-by-address", false, s.findByAddress)
	versioned("POST users/find-by-face", false, s.findByFace)
	versioned("POST users/find-by-multiple", false, s.findByMultiple)
	versioned("POST users/find-face-properties", false, s.findFaceProperties)
	versioned("POST users/{id}/dialogue/enroll/face", true, s.enrollFace)
	versioned("POST users/{id}/dialogue/verify/face", true, s.verifyFace)
	versioned("POST users/{id}/dialogue/adapt/face", true, s.adaptFace)
	versioned("DELETE users/{id}/face/delete", true, s.deleteFace)
	versioned("POST users/{id}/dialogue/enroll/voice", true, s.voiceStep("enroll"))
	versioned("POST users/{id}/dialogue/verify/voice", true, s.voiceStep("verify"))
	versioned("POST users/{id}/dialogue/adapt/voice", true, s.voiceStep("adapt"))
	versioned("POST users/{id}/adapt/voice", true, s.voiceStep("adapt"))
	versioned("DELETE users/{id}/voice/delete", true, s.deleteVoice)
	versioned("GET users/{id}/enroll/status", true, s.enrollStatus)
	versioned("GET users/{id}/voice/is-pending", true, s.isPending)
	versioned("GET users/{id}/restart-state", true, s.restartState)
	versioned("GET languages", false, s.languages)
	versioned("POST liveness/validate", false, s.validateLiveness)
	versioned("POST document/selfie-compare", false, s.selfieCompare)
	versioned("POST document/selfie-compare-base64", false, s.selfieCompare)
	versioned("POST document/validate", false, s.validateDocument)
	versioned("POST document/validate-base64", false, s.validateDocument)
	versioned("POST document/pooling", false, s.documentPooling)
	m.HandleFunc("POST /multibiometrics/enroll", s.biopass(s.bpEnroll))
	m.HandleFunc("POST /multibiometrics/verify", s.biopass(s.bpVerify))
	m.HandleFunc("PUT /multibiometrics/update", s.biopass(s.bpUpdate))
	m.HandleFunc("DELETE /multibiometrics/delete", s.biopass(s.bpDelete))
	s.vkRoutes(m)
	m.HandleFunc("GET /biometrics/status", s.livenessHost(s.livenessStatus))
	m.HandleFunc("POST /biometrics/liveness", s.livenessHost(s.livenessCheck))
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, msgRouteNotFound)
	})
	s.handler = m
	if s.cfg.Faults != nil {
		s.handler = s.cfg.Faults.Wrap(m)
	}
}

// engineOIDs are the sandbox's fixed engine ids for Get enroll Status.
var engineOIDs = map[string]string{"face": "5a1e0000000000000000face", "voice": "5a1e000000000000000000a0"}
