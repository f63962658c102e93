package config

import (
	"net/url"
	"os"
	"strings"
)

// Environment variables of the records (directory and audit log).
const (
	// EnvDirectoryDSN points every kiosk of a fleet at one PostgreSQL
	// directory: postgres://user:password@host:5432/biokiosk?sslmode=verify-full.
	EnvDirectoryDSN = "BIOKIOSK_DIRECTORY_DSN"
	// EnvKioskID names the kiosk in the audit log (default: the host name).
	EnvKioskID = "BIOKIOSK_KIOSK_ID"
)

// Records says where the directory and the audit log live and who this
// kiosk is.
type Records struct {
	// Where is a PostgreSQL DSN, or the path of a SQLite file ("" for
	// the default file next to the settings).
	Where string
	// KioskID names the kiosk in the audit log.
	KioskID string
}

// ResolveRecords merges the flag over the environment over the file: the
// directory DSN (a flag's path or DSN wins), and the kiosk id (default
// the host name).
func ResolveRecords(flagWhere, flagKiosk string, getenv func(string) string, f File) Records {
	r := Records{Where: flagWhere, KioskID: flagKiosk}
	if r.Where == "" {
		r.Where = getenv(EnvDirectoryDSN)
	}
	if r.Where == "" {
		r.Where = f.DirectoryDSN
	}
	if r.KioskID == "" {
		r.KioskID = getenv(EnvKioskID)
	}
	if r.KioskID == "" {
		r.KioskID = f.KioskID
	}
	if r.KioskID == "" {
		r.KioskID, _ = os.Hostname()
	}
	return r
}

// dsnHasPassword reports whether a DSN carries a password (URL or
// key=value form), which makes the config file a secret.
func dsnHasPassword(dsn string) bool {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return true
		}
	}
	return strings.Contains(dsn, "password=")
}
