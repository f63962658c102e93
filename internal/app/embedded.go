package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"biokiosk/config"
	"biokiosk/sandbox"
)

// SandboxDBPath is the embedded sandbox's database: $BIOKIOSK_SANDBOX_DB,
// else <config dir>/biokiosk/sandbox.db.
func SandboxDBPath() (string, error) {
	if p := os.Getenv(config.EnvSandboxDB); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("locate the config dir for the sandbox database: %w", err)
	}
	return filepath.Join(dir, "biokiosk", "sandbox.db"), nil
}

// Sandbox is a sandbox served in-process on loopback.
type Sandbox struct {
	URL         string
	Key, Secret string
	// Verifik is the Verifik project, flow and collection, and
	// VerifikToken a client JWT for them (30 days).
	Verifik      sandbox.VerifikSetup
	VerifikToken string
	// BioPassKey is the BioPass ID subscription key of its account.
	BioPassKey string
	// LivenessAppToken is the 1.0 liveness host's x-app-token.
	LivenessAppToken string
	// Fresh says which of these credentials this start created.
	Fresh sandbox.Fresh
	srv   *http.Server
	sb    *sandbox.Server
}

// StartSandbox starts a sandbox on addr ("127.0.0.1:0" picks a free
// port) and serves it until Close.
func StartSandbox(ctx context.Context, addr string, cfg sandbox.Config) (*Sandbox, error) {
	sb, err := sandbox.New(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	vk, err := sb.Verifik(ctx)
	if err != nil {
		sb.Close()
		return nil, fmt.Errorf("sandbox: verifik project: %w", err)
	}
	vkTok, err := sb.VerifikToken(ctx, 0)
	if err != nil {
		sb.Close()
		return nil, fmt.Errorf("sandbox: verifik token: %w", err)
	}
	bpKey, err := sb.BioPassKey(ctx)
	if err != nil {
		sb.Close()
		return nil, fmt.Errorf("sandbox: biopass account: %w", err)
	}
	lvTok, err := sb.LivenessAppToken(ctx)
	if err != nil {
		sb.Close()
		return nil, fmt.Errorf("sandbox: liveness app token: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		sb.Close()
		return nil, fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	e := &Sandbox{URL: "http://" + ln.Addr().String(), sb: sb,
		srv: sandbox.HTTPServer(sb.Handler(), sandbox.DefaultLimits)}
	e.Key, e.Secret = sb.Credentials()
	e.Verifik, e.VerifikToken, e.BioPassKey = vk, vkTok, bpKey
	e.LivenessAppToken, e.Fresh = lvTok, sb.Fresh()
	go func() { _ = e.srv.Serve(sandbox.LimitListener(ln, e.srv, sandbox.DefaultLimits)) }()
	return e, nil
}

// Close stops serving (letting requests in flight finish, up to 5 s) and
// closes the database.
func (e *Sandbox) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := e.srv.Shutdown(ctx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, e.sb.Close())
}
