package config

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestResolvePrecedence(t *testing.T) {
	file := File{Server: "https://file", Key: "fk", Secret: "fs", APIVersion: "1.1"}
	env := envOf(map[string]string{EnvServer: "https://env", EnvKey: "ek"})
	s := Resolve(Flags{Server: "https://flag"}, env, file)
	assert.Equal(t, "https://flag", s.URL)
	assert.Equal(t, "ek", s.Key)
	assert.Equal(t, "fs", s.Secret)
	assert.Equal(t, "1.1", s.APIVersion)
	assert.True(t, s.Configured())
}

func TestResolveDefaults(t *testing.T) {
	s := Resolve(Flags{}, envOf(nil), File{})
	assert.False(t, s.Configured())
	assert.Equal(t, DefaultAPIVersion, s.APIVersion)
	assert.Equal(t, DefaultBackend, s.Backend)
}

func TestResolveBackend(t *testing.T) {
	file := File{Backend: BackendVerifik}
	assert.Equal(t, BackendVerifik, Resolve(Flags{}, envOf(nil), file).Backend)
	env := envOf(map[string]string{EnvBackend: BackendBioPassID})
	assert.Equal(t, BackendBioPassID, Resolve(Flags{}, env, file).Backend)
	assert.Equal(t, BackendBiometrID, Resolve(Flags{Backend: BackendBiometrID}, env, file).Backend)
	require.NoError(t, CheckBackend(BackendVerifik))
	assert.ErrorContains(t, CheckBackend("acme"), `unknown back end "acme"`)
}

func TestServerStringHidesSecret(t *testing.T) {
	s := Server{URL: "https://x", Key: "k", Secret: "topsecret"}
	for _, out := range []string{s.String(), fmt.Sprintf("%v", s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s)} {
		assert.NotContains(t, out, "topsecret")
	}
}

func TestLoadSaveRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "config.json")
	want := File{Server: "https://api", Key: "k", Secret: "s", APIVersion: "1.1"}
	require.NoError(t, Save(p, want))
	got, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
}

func TestLoadMissingIsEmpty(t *testing.T) {
	f, err := Load(filepath.Join(t.TempDir(), "nope.json"))
	require.NoError(t, err)
	assert.Equal(t, File{}, f)
}

func TestLoadRefusesReadableSecret(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.json")
	require.NoError(t, os.WriteFile(p, []byte(`{"secret":"s"}`), 0o644))
	_, err := Load(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "chmod 600")
}

func TestLoadBadJSON(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.json")
	require.NoError(t, os.WriteFile(p, []byte(`{`), 0o600))
	_, err := Load(p)
	require.Error(t, err)
}

func TestPathFromEnv(t *testing.T) {
	p, err := Path(envOf(map[string]string{EnvConfig: "/x/y.json"}))
	require.NoError(t, err)
	assert.Equal(t, "/x/y.json", p)
}

func TestResolveRecords(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	file := File{DirectoryDSN: "postgres://kiosk@db.bank.example/biokiosk", KioskID: "branch-7-a"}
	assert.Equal(t, Records{Where: "postgres://kiosk@db.bank.example/biokiosk", KioskID: "branch-7-a"}, ResolveRecords("", "", getenv, file))
	env[EnvDirectoryDSN], env[EnvKioskID] = "postgres://other/biokiosk", "branch-9"
	assert.Equal(t, Records{Where: "postgres://other/biokiosk", KioskID: "branch-9"}, ResolveRecords("", "", getenv, file))
	assert.Equal(t, Records{Where: "/tmp/r.db", KioskID: "desk"}, ResolveRecords("/tmp/r.db", "desk", getenv, file))
	host, _ := os.Hostname()
	assert.Equal(t, host, ResolveRecords("", "", func(string) string { return "" }, File{}).KioskID)
}

// A DSN with a password is a secret: the file must be private.
func TestDirectoryPasswordNeedsPrivateFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.json")
	require.NoError(t, os.WriteFile(p, []byte(`{"directory_dsn":"postgres://kiosk:s3cret@db/biokiosk"}`), 0o644))
	_, err := Load(p)
	assert.ErrorContains(t, err, "chmod 600")
	require.NoError(t, os.Chmod(p, 0o600))
	f, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, "postgres://kiosk:s3cret@db/biokiosk", f.DirectoryDSN)
}
