package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FleetMarkerName is the file kiosk-setup leaves in the kiosk account's
// config folder (<config dir>/biokiosk/): this account is a fleet kiosk.
const FleetMarkerName = "fleet-kiosk"

// FleetMarker is the account's fleet marker: <config dir>/biokiosk/fleet-kiosk.
func FleetMarker() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config: locate config dir: %w", err)
	}
	return filepath.Join(dir, "biokiosk", FleetMarkerName), nil
}

// Fleet says whether this machine runs as a fleet kiosk, and why: IT
// installed a system config (SystemPath), or kiosk-setup enabled this
// account (FleetMarker). A fleet kiosk never falls back on the embedded
// sandbox: without a server it is out of service, and it runs the sandbox
// only when a config says backend "sandbox". Anything else (a developer's
// machine, make run) keeps the sandbox as its default.
func Fleet(getenv func(string) string) (bool, string) {
	sys := SystemPath(getenv)
	if _, err := os.Stat(sys); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return true, "the system config " + sys + " exists"
	}
	if m, err := FleetMarker(); err == nil {
		if _, err := os.Stat(m); err == nil {
			return true, "kiosk-setup enabled this account (" + m + ")"
		}
	}
	return false, ""
}
