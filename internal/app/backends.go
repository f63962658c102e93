package app

import (
	"context"
	"fmt"
	"os"

	"biokiosk/adapters"
	"biokiosk/biometrics/biopassid"
	"biokiosk/config"
	"biokiosk/flow"
	"biokiosk/logging"
	"biokiosk/records"
)

// Backend connects the configured biometric API (or the embedded
// sandbox, which speaks every back end's API). fingers are BioPass ID's
// fingerprint images.
func (a *App) Backend(ctx context.Context, fingers [][]byte) (flow.Backend, error) {
	srv, sb, err := a.Server(ctx)
	if err != nil {
		return nil, err
	}
	if err := config.CheckBackend(srv.Backend); err != nil {
		return nil, fmt.Errorf("back end: %w", err)
	}
	return a.backendFor(srv, sb, fingers)
}

// backendFor builds the flow back end srv.Backend names on resolved
// settings: a real server, or the embedded sandbox sb when sb is not nil.
func (a *App) backendFor(srv config.Server, sb *Sandbox, fingers [][]byte) (flow.Backend, error) {
	timeout := a.set.Server.Timeout
	switch srv.Backend {
	case config.BackendBiometrID, "":
		c, err := a.newAPIClient(srv)
		if err != nil {
			return nil, err
		}
		return adapters.BiometrID{C: c, Checks: a.checkCache(srv, sb)}, nil
	case config.BackendBioPassID:
		hc, err := a.httpClient()
		if err != nil {
			return nil, err
		}
		opts := []biopassid.Option{biopassid.WithHTTPClient(hc), biopassid.WithLogger(a.clientLog())}
		if timeout > 0 {
			opts = append(opts, biopassid.WithTimeout(timeout))
		}
		if srv.AllowInsecureHTTP {
			opts = append(opts, biopassid.WithAllowInsecureHTTP())
		}
		key := srv.Key
		if sb != nil {
			key = sb.BioPassKey // the sandbox's BioPass ID account, not its BiometrID key
		}
		c, err := biopassid.New(srv.URL, key, opts...)
		if err != nil {
			return nil, fmt.Errorf("biopassid: %w", err)
		}
		idKey, err := bioPassIDKey(os.Getenv)
		if err != nil {
			return nil, err
		}
		return adapters.BioPassID{C: c, Fingers: fingers, IDs: &adapters.BioPassIDs{OnChange: a.keepBioPassIDs}, Checks: a.checkCache(srv, sb),
			IDKey: idKey}, nil
	case config.BackendVerifik:
		hc, err := a.httpClient()
		if err != nil {
			return nil, err
		}
		if sb != nil {
			b, err := newVerifik(srv.URL, verifikSettings{Token: sb.VerifikToken, Project: sb.Verifik.Project,
				Flow: sb.Verifik.ProjectFlow, EmailDomain: os.Getenv(EnvVerifikEmailDomain), AllowInsecureHTTP: true, HTTP: hc, Log: a.clientLog()}, timeout)
			return a.withChecks(b, srv, sb), err
		}
		s := verifikSettingsFromEnv(os.Getenv)
		s.AllowInsecureHTTP, s.HTTP, s.Log = srv.AllowInsecureHTTP, hc, a.clientLog()
		s.Renewed = func(jwt string) {
			if err := StoreSecret(verifikKeyringEntry, jwt); err != nil {
				a.log.Error("the Verifik token was renewed but could not be kept", logging.Err, err)
			}
		}
		b, err := newVerifik(srv.URL, s, timeout)
		return a.withChecks(b, srv, sb), err
	}
	return nil, config.CheckBackend(srv.Backend)
}

// EnvBioPassIDKey is the site's key for deriving BioPass ID CustomIDs from
// customer numbers (adapters.BioPassID.IDKey); the keyring entry of the
// same name is read when it is unset.
const EnvBioPassIDKey = "BIOKIOSK_BIOPASSID_ID_KEY"

// bioPassIDKey is the configured CustomID key (nil: random CustomIDs).
func bioPassIDKey(getenv func(string) string) ([]byte, error) {
	k := getenv(EnvBioPassIDKey)
	if k == "" {
		k = KeyringSecret(EnvBioPassIDKey)
	}
	if k == "" {
		return nil, nil
	}
	if len(k) < adapters.MinIDKey {
		return nil, fmt.Errorf("biopassid: %s is shorter than %d characters", EnvBioPassIDKey, adapters.MinIDKey)
	}
	return []byte(k), nil
}

// checkCache is the server check cache of a server (one per back end and
// URL, or the embedded sandbox), shared by every adapter built on it.
func (a *App) checkCache(srv config.Server, sb *Sandbox) *adapters.CheckCache {
	key := journalKey(srv, sb != nil)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.checks == nil {
		a.checks = map[string]*adapters.CheckCache{}
	}
	c, ok := a.checks[key]
	if !ok {
		c = &adapters.CheckCache{}
		a.checks[key] = c
	}
	return c
}

// forgetChecks drops every remembered server check: the next check asks
// the server (a session failed on it, or staff asked for a check).
func (a *App) forgetChecks() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.checks {
		c.Forget()
	}
}

// withChecks gives a Verifik back end its server's check cache.
func (a *App) withChecks(v *adapters.Verifik, srv config.Server, sb *Sandbox) flow.Backend {
	if v == nil {
		return nil
	}
	v.Checks = a.checkCache(srv, sb)
	return v
}

// CapabilitiesOf is what the named back end can do, without connecting.
func CapabilitiesOf(name string) flow.Capabilities {
	switch name {
	case config.BackendBioPassID:
		return adapters.BioPassID{}.Capabilities()
	case config.BackendVerifik:
		return (&adapters.Verifik{}).Capabilities()
	}
	return flow.AllCapabilities
}

// keepBioPassIDs stores the vendor's ids of a person BioPass ID enrolled or
// updated in the directory (the API cannot give them back later); a
// person with the CustomID alone was deleted.
func (a *App) keepBioPassIDs(p adapters.BioPassPerson) {
	ctx, cancel := context.WithTimeout(context.Background(), auditTimeout)
	defer cancel()
	store, err := a.Records(ctx)
	if err == nil {
		if p.BioPassID == "" && p.ClientID == "" {
			err = store.ForgetVendorIDs(ctx, p.CustomID)
		} else {
			err = store.KeepVendorIDs(ctx, records.VendorIDs{UserID: p.CustomID, Backend: config.BackendBioPassID, VendorID: p.BioPassID, AccountID: p.ClientID})
		}
	}
	if err != nil {
		a.log.Error("BioPass ID vendor ids not kept", logging.Err, err)
	}
}
