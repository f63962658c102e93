package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// EnvSystemConfig overrides where the system-wide config file is.
const EnvSystemConfig = "BIOKIOSK_SYSTEM_CONFIG"

// SystemPath is the fleet's config file, written once by IT for every
// user of the machine: /etc/biokiosk/config.json ($BIOKIOSK_SYSTEM_CONFIG
// overrides).
func SystemPath(getenv func(string) string) string {
	if p := getenv(EnvSystemConfig); p != "" {
		return p
	}
	return "/etc/biokiosk/config.json"
}

// LoadEffective reads the system config, then the user's over it, field
// by field (flags and the environment override both later, in Resolve).
// The system file is readable by every user, so it may not hold a
// secret: the API secret and a DSN password belong in the OS keyring,
// the environment (e.g. the systemd unit's EnvironmentFile) or the
// user's 0600 file.
func LoadEffective(getenv func(string) string) (File, error) {
	sys, err := loadSystem(SystemPath(getenv))
	if err != nil {
		return File{}, err
	}
	path, err := Path(getenv)
	if err != nil {
		return File{}, err
	}
	user, err := Load(path)
	if err != nil {
		return File{}, err
	}
	return merge(sys, user), nil
}

func loadSystem(path string) (File, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return File{}, nil
	}
	f, err := Load(path)
	if err != nil {
		return File{}, err
	}
	if f.Secret != "" || dsnHasPassword(f.DirectoryDSN) {
		return File{}, fmt.Errorf("config: the system-wide %s holds a secret; every user can read it: put the secret in the OS keyring, the environment or the user's chmod 600 config file", path)
	}
	return f, nil
}

// merge returns base with every field that over sets.
func merge(base, over File) File {
	pick := func(a, b string) string {
		if b != "" {
			return b
		}
		return a
	}
	return File{
		Server:              pick(base.Server, over.Server),
		Key:                 pick(base.Key, over.Key),
		Secret:              pick(base.Secret, over.Secret),
		APIVersion:          pick(base.APIVersion, over.APIVersion),
		Backend:             pick(base.Backend, over.Backend),
		AllowInsecureHTTP:   base.AllowInsecureHTTP || over.AllowInsecureHTTP,
		DirectoryDSN:        pick(base.DirectoryDSN, over.DirectoryDSN),
		KioskID:             pick(base.KioskID, over.KioskID),
		VoiceSamples:        pickInt(base.VoiceSamples, over.VoiceSamples),
		VoiceVerifySamples:  pickInt(base.VoiceVerifySamples, over.VoiceVerifySamples),
		SingleKiosk:         base.SingleKiosk || over.SingleKiosk,
		FlowDeadlineSeconds: pickInt(base.FlowDeadlineSeconds, over.FlowDeadlineSeconds),
	}
}

// pickInt is over when it is set, else base.
func pickInt(base, over int) int {
	if over != 0 {
		return over
	}
	return base
}
