package cli

import (
	"fmt"
	"net/http"
	"os"

	"biokiosk/adapters"
	"biokiosk/biometrics/biopassid"
	"biokiosk/config"
	"biokiosk/flow"
)

// backendFor builds the flow back end srv.Backend names on resolved
// settings: a real server, or the embedded sandbox sb (which speaks every
// back end's API) when sb is not nil. fingers are BioPass ID's
// fingerprint images.
func backendFor(st *stdio, srv config.Server, sb *embeddedSandbox, f *serverFlags, fingers [][]byte) (flow.Backend, error) {
	switch srv.Backend {
	case config.BackendBiometrID, "":
		c, err := newAPIClient(srv, f)
		if err != nil {
			return nil, err
		}
		return adapters.BiometrID{C: c}, nil
	case config.BackendBioPassID:
		c, err := biopassid.New(srv.URL, srv.Key, biopassid.WithHTTPClient(&http.Client{Timeout: f.timeout}))
		if err != nil {
			return nil, err
		}
		return adapters.BioPassID{C: c, Fingers: fingers}, nil
	case config.BackendVerifik:
		if sb != nil {
			return newVerifik(srv.URL, verifikSettings{Token: sb.VerifikToken, Project: sb.Verifik.Project,
				Flow: sb.Verifik.ProjectFlow, EmailDomain: os.Getenv(EnvVerifikEmailDomain)}, f.timeout)
		}
		s := verifikSettingsFromEnv(os.Getenv)
		s.Renewed = func(jwt string) {
			if err := storeSecret(verifikKeyringEntry, jwt); err != nil {
				fmt.Fprintf(st.err, "biokiosk: the Verifik token was renewed but could not be kept: %v\n", err)
			}
		}
		return newVerifik(srv.URL, s, f.timeout)
	}
	return nil, config.CheckBackend(srv.Backend)
}

// capabilitiesOf is what the named back end can do, without connecting.
func capabilitiesOf(name string) flow.Capabilities {
	switch name {
	case config.BackendBioPassID:
		return adapters.BioPassID{}.Capabilities()
	case config.BackendVerifik:
		return (&adapters.Verifik{}).Capabilities()
	}
	return flow.AllCapabilities
}
