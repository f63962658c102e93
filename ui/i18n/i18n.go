package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"
)

// Translator looks texts up in the embedded translations. Fyne's lang
// package picks one language per process from the system locale; a kiosk
// switches language per person on its attract screen, so biokiosk keeps
// its own small lookup over the same kind of JSON files.
type Translator struct {
	mu    sync.RWMutex
	texts map[string]map[string]string // language → key → text
	lang  string
}

// Languages are the codes biokiosk ships, in the order shown: Brazilian
// Portuguese is the Portuguese most of its users speak, European
// Portuguese has its own locale.
var Languages = []string{"en", "pt-BR", "es", "pt-PT"}

// LanguageNames are the languages' own names.
var LanguageNames = map[string]string{"en": "English", "pt-BR": "Português (Brasil)", "es": "Español", "pt-PT": "Português (Portugal)"}

// SystemLanguage is the shipped language of the system's locale
// ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG: pt_BR → pt-BR, es_MX → es),
// or English when none is shipped for it.
func SystemLanguage() string { return shipped(lang.SystemLocale().LanguageString()) }

// shipped is the shipped language for a locale's language, else "en".
func shipped(locale string) string {
	c := Canonical(locale)
	for _, l := range Languages {
		if l == c {
			return c
		}
	}
	return "en"
}

// Canonical maps a language code as saved or typed (pt, pt_BR, pt-br) to
// the shipped locale: plain "pt" is Brazilian Portuguese.
func Canonical(lang string) string {
	l := strings.ToLower(strings.ReplaceAll(lang, "_", "-"))
	switch {
	case l == "pt" || l == "pt-br":
		return "pt-BR"
	case l == "pt-pt":
		return "pt-PT"
	}
	if i := strings.IndexByte(l, '-'); i > 0 && l[:i] != "pt" {
		return l[:i]
	}
	return l
}

// Base is the current language without its region ("pt" for pt-BR), as
// the biometric server's voice languages are named.
func (t *Translator) Base() string {
	l, _, _ := strings.Cut(t.Language(), "-")
	return l
}

// NewTranslator reads translations/<lang>.json from fsys.
func NewTranslator(fsys fs.FS, lang string) (*Translator, error) {
	t := &Translator{texts: map[string]map[string]string{}}
	files, err := fs.Glob(fsys, "translations/*.json")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("i18n: no translations found (%v)", err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		t.texts[strings.TrimSuffix(path.Base(f), ".json")] = m
	}
	if _, ok := t.texts["en"]; !ok {
		return nil, fmt.Errorf("i18n: the English translation is missing")
	}
	t.SetLanguage(lang)
	return t, nil
}

// SetLanguage switches the language; unknown codes fall back to English.
func (t *Translator) SetLanguage(lang string) {
	lang = Canonical(lang)
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.texts[lang]; !ok {
		lang = "en"
	}
	t.lang = lang
}

// Language is the current language code.
func (t *Translator) Language() string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.lang
}

// T returns the text for key in the current language (English, then the
// key itself, when missing), formatted with args as fmt does.
func (t *Translator) T(key string, args ...any) string {
	t.mu.RLock()
	s, ok := t.texts[t.lang][key]
	if !ok {
		s, ok = t.texts["en"][key]
	}
	t.mu.RUnlock()
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has says whether key exists in English.
func (t *Translator) Has(key string) bool {
	_, ok := t.texts["en"][key]
	return ok
}

// Missing lists, per language, the English keys it lacks.
func (t *Translator) Missing() map[string][]string {
	out := map[string][]string{}
	for lang, m := range t.texts {
		for k := range t.texts["en"] {
			if _, ok := m[k]; !ok {
				out[lang] = append(out[lang], k)
			}
		}
		sort.Strings(out[lang])
	}
	return out
}
