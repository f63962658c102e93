// Package config resolves biokiosk's settings from, in order of precedence,
// command-line flags, environment variables, the user's config file and the
// system-wide one (/etc/biokiosk/config.json, see system.go).
//
// The config file is JSON at $BIOKIOSK_CONFIG, else
// $XDG_CONFIG_HOME/biokiosk/config.json (os.UserConfigDir). The GUI and the
// CLI read the same file. It may hold the API secret only when it is
// readable by its owner alone (mode 0600 or stricter), and the API key
// only when it is not readable by every user (0640 or stricter);
// otherwise loading it fails rather than trusting a world-readable
// credential.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Environment variable names.
const (
	EnvConfig     = "BIOKIOSK_CONFIG"
	EnvServer     = "BIOKIOSK_SERVER"
	EnvKey        = "BIOKIOSK_KEY"
	EnvSecret     = "BIOKIOSK_SECRET"
	EnvAPIVersion = "BIOKIOSK_API_VERSION"
	EnvBackend    = "BIOKIOSK_BACKEND"
)

// EnvSandboxDB overrides where the embedded sandbox keeps its database.
const EnvSandboxDB = "BIOKIOSK_SANDBOX_DB"

// EnvSandboxCheckPrompt, when "1", makes the embedded sandbox refuse an
// English voice sample that does not say its prompt code (docs/sandbox.md).
const EnvSandboxCheckPrompt = "BIOKIOSK_SANDBOX_CHECK_PROMPT"

// Back ends biokiosk can drive.
const (
	BackendBiometrID = "biometrid"
	BackendBioPassID = "biopassid"
	BackendVerifik   = "verifik"
)

// BackendSandbox, as a config's back end, asks for the embedded sandbox
// (speaking BiometrID's API) whether or not a server is set: on a fleet
// kiosk it is the only way to get the sandbox (see Fleet).
const BackendSandbox = "sandbox"

// DefaultBackend is the back end used when none is set.
const DefaultBackend = BackendBiometrID

// CheckBackend refuses a back-end name biokiosk does not know.
func CheckBackend(name string) error {
	switch name {
	case BackendBiometrID, BackendBioPassID, BackendVerifik:
		return nil
	}
	return fmt.Errorf("config: unknown back end %q: %s, %s or %s", name, BackendBiometrID, BackendBioPassID, BackendVerifik)
}

// DefaultAPIVersion is the BiometrID API version used when none is set.
const DefaultAPIVersion = "1.0"

// File is the on-disk config file.
type File struct {
	Server     string `json:"server,omitempty"`
	Key        string `json:"key,omitempty"`
	Secret     string `json:"secret,omitempty"`
	APIVersion string `json:"api_version,omitempty"`
	// Backend is the biometric API: biometrid (default), biopassid or verifik.
	Backend string `json:"backend,omitempty"`
	// AllowInsecureHTTP permits http:// to a non-loopback server.
	AllowInsecureHTTP bool `json:"allow_insecure_http,omitempty"`
	// DirectoryDSN is the fleet's PostgreSQL directory (default: a SQLite
	// file per kiosk); KioskID names the kiosk in the audit log.
	DirectoryDSN string `json:"directory_dsn,omitempty"`
	KioskID      string `json:"kiosk_id,omitempty"`
	// VoiceSamples and VoiceVerifySamples are how many accepted voice
	// samples the server takes to enrol a voice and to verify (or adapt)
	// one, which the vendor does not document; the kiosk shows "Sample 2
	// of 3" with them. Unset (0): the kiosk shows no total.
	VoiceSamples       int `json:"voice_samples,omitempty"`
	VoiceVerifySamples int `json:"voice_verify_samples,omitempty"`
	// SingleKiosk declares the site has one kiosk only, so that a kiosk
	// on its own (SQLite) directory may register: with several kiosks a
	// customer number is unique only per kiosk there (docs/registration.md).
	SingleKiosk bool `json:"single_kiosk,omitempty"`
	// FlowDeadlineSeconds bounds a whole flow (0: flow.DefaultDeadline, 2 min).
	FlowDeadlineSeconds int `json:"flow_deadline_seconds,omitempty"`
}

// Server says where and how biokiosk reaches a biometric API.
// An empty URL means "no server configured": on a developer's machine the
// embedded sandbox is used; a fleet kiosk (Fleet) is out of service.
type Server struct {
	URL               string
	Key               string
	Secret            string
	APIVersion        string
	Backend           string
	AllowInsecureHTTP bool
	// VoiceSamples and VoiceVerifySamples are File's (0: unknown).
	VoiceSamples, VoiceVerifySamples int
	// Sandbox: the config asked for the embedded sandbox (backend
	// "sandbox"); Backend is then BiometrID's API, which it speaks.
	Sandbox bool
}

// String describes the server without its secret.
func (s Server) String() string {
	sec := "unset"
	if s.Secret != "" {
		sec = "set"
	}
	if s.Sandbox {
		return fmt.Sprintf("backend=sandbox api=%s", s.APIVersion)
	}
	return fmt.Sprintf("backend=%s server=%q api=%s key=%q secret=%s", s.Backend, s.URL, s.APIVersion, s.Key, sec)
}

// GoString keeps the secret out of %#v.
func (s Server) GoString() string { return "config.Server{" + s.String() + "}" }

// Configured reports whether a server URL was given.
func (s Server) Configured() bool { return s.URL != "" }

// Flags holds values given on the command line; empty strings are unset.
type Flags struct {
	Server, Key, Secret, APIVersion, Backend string
	AllowInsecureHTTP                        bool
}

// Path returns the config file's path.
func Path(getenv func(string) string) (string, error) {
	if p := getenv(EnvConfig); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config: locate config dir: %w", err)
	}
	return filepath.Join(dir, "biokiosk", "config.json"), nil
}

// Load reads the config file at path. A missing file is an empty config.
func Load(path string) (File, error) {
	var f File
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("config: read %s: %w", path, err)
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("config: parse %s: %w", path, err)
	}
	if f.Secret != "" || f.Key != "" || dsnHasPassword(f.DirectoryDSN) {
		st, err := os.Stat(path)
		if err != nil {
			return f, fmt.Errorf("config: stat %s: %w", path, err)
		}
		perm := st.Mode().Perm()
		if f.Secret != "" || dsnHasPassword(f.DirectoryDSN) {
			if perm&0o077 != 0 {
				return File{}, fmt.Errorf("config: %s holds a secret but is readable by others (mode %o); chmod 600 it", path, perm)
			}
		} else if perm&0o004 != 0 {
			// The key alone authenticates nothing, but it names the
			// bank's account to whoever reads it: it may be shared with
			// the kiosk's group (a fleet's 0640 system file), not with
			// every user.
			return File{}, fmt.Errorf("config: %s holds the API key and every user can read it (mode %o); chmod 640 or 600 it", path, perm)
		}
	}
	return f, nil
}

// Save writes f to path with mode 0600, creating the folder.
func Save(path string, f File) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("config: create folder: %w", err)
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("config: encode: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("config: write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("config: replace %s: %w", path, err)
	}
	return nil
}

// Resolve merges flags over environment over file, field by field.
func Resolve(fl Flags, getenv func(string) string, f File) Server {
	pick := func(flag, env, file string) string {
		if flag != "" {
			return flag
		}
		if v := getenv(env); v != "" {
			return v
		}
		return file
	}
	s := Server{
		URL:                pick(fl.Server, EnvServer, f.Server),
		Key:                pick(fl.Key, EnvKey, f.Key),
		Secret:             pick(fl.Secret, EnvSecret, f.Secret),
		APIVersion:         pick(fl.APIVersion, EnvAPIVersion, f.APIVersion),
		Backend:            pick(fl.Backend, EnvBackend, f.Backend),
		AllowInsecureHTTP:  fl.AllowInsecureHTTP || f.AllowInsecureHTTP,
		VoiceSamples:       max(f.VoiceSamples, 0),
		VoiceVerifySamples: max(f.VoiceVerifySamples, 0),
	}
	if s.APIVersion == "" {
		s.APIVersion = DefaultAPIVersion
	}
	if s.Backend == BackendSandbox {
		s.Sandbox, s.Backend = true, DefaultBackend
	}
	if s.Backend == "" {
		s.Backend = DefaultBackend
	}
	return s
}
