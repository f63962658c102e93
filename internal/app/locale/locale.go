// Package locale makes a C locale with a codeset (C.UTF-8, the default in
// containers, or POSIX.UTF-8) read as English by Fyne's locale look-up,
// which otherwise logs "Error parsing user locale C" at start-up (three
// lines on every command, even "biokiosk version").
//
// The look-up (github.com/jeandeaual/go-locale) treats a plain C or POSIX
// as "no locale", but passes C.UTF-8 on as the language "C"; it reads
// $LANGUAGE for any other value. So when the effective locale is C or
// POSIX with a codeset and $LANGUAGE is unset, Init sets LANGUAGE=en:
// gettext ignores $LANGUAGE in the C locale, so child processes are not
// changed. The package's init runs Init before Fyne's (Go initialises
// packages in import-path order once their imports are ready, and this
// one needs only os and strings), so main imports it for its side effect.
package locale

import (
	"os"
	"strings"
)

func init() { Init(os.Getenv, os.Setenv) }

// Init applies the rule above through getenv and setenv.
func Init(getenv func(string) string, setenv func(string, string) error) {
	loc := ""
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = getenv(k); loc != "" {
			break
		}
	}
	name, codeset, ok := strings.Cut(loc, ".")
	if !ok || codeset == "" || (name != "C" && name != "POSIX") || getenv("LANGUAGE") != "" {
		return
	}
	_ = setenv("LANGUAGE", "en")
}
