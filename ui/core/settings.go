package core

import (
	"fmt"
	"time"

	"biokiosk/flow"
	"biokiosk/staffpin"
	"biokiosk/ui/i18n"

	"fyne.io/fyne/v2"
)

// AppID is the Fyne application id (preferences live under it).
const AppID = "io.biokiosk.app"

// Settings are the app's settings. The server settings (URL, API version,
// key) live in the ServerStore — the config file the command line reads
// too, so both use one server; the kiosk's own settings (camera,
// microphone, language, PIN, idle time, steps) live in Fyne's
// preferences. The client secret is never stored in either by the GUI.
type Settings struct {
	p   fyne.Preferences
	srv ServerStore
	// camera and mic, when set, override the saved sources for this
	// process (gui --camera / --mic).
	camera, mic string
	// system is the default language until one is saved.
	system string
	// pins keeps the exit PIN (UsePINStore; in memory until then).
	pins *staffpin.Store
}

// SetLanguage saves lang as the language of the sessions to come.
func (s *Settings) SetLanguage(lang string) { s.p.SetString(keyLanguage, lang) }

// Override makes camera and mic (when not empty) the sources for this
// process, whatever the saved settings say.
func (s *Settings) Override(camera, mic string) { s.camera, s.mic = camera, mic }

// ServerStore keeps the server settings shared with the command line.
type ServerStore interface {
	LoadServer() (url, apiVersion, key string)
	SaveServer(url, apiVersion, key string) error
	// SaveSecret keeps the client secret in the OS keyring; it fails when
	// no keyring is available.
	SaveSecret(key, secret string) error
}

// NewSettings wraps an app's preferences and the shared server settings.
// Until a default language is saved, it is the system locale's
// (SystemLanguage): a kiosk installed in Brazil starts in Portuguese.
func NewSettings(p fyne.Preferences, srv ServerStore) *Settings {
	return &Settings{p: p, srv: srv, system: i18n.SystemLanguage(), pins: &staffpin.Store{}}
}

const (
	keyCamera   = "camera"
	keyMic      = "microphone"
	keyLanguage = "language"
	keyPIN      = "kiosk_pin"      // plain text, from older versions: hashed on first use
	keyPINHash  = "kiosk_pin_hash" // older versions: moved to the PIN store
	keyIdle     = "idle_seconds"
	keyVoice    = "voice_step"
	keySpeak    = "spoken_guidance"
	keyDocument = "document_step"
	keyDocCam   = "document_camera"
	// The accessibility defaults: each customer can change them for
	// their own session on the welcome screen.
	keyLargeText    = "large_text"
	keyHighContrast = "high_contrast"
	keyIdleWarning  = "idle_warning_seconds"
	keyResultTime   = "result_seconds"
	keyRefMin       = "customer_number_min_digits"
	keyRefMax       = "customer_number_max_digits"
)

// Defaults of the time and customer-number settings (docs/accessibility.md).
const (
	// DefaultIdleWarning is how long "Do you need more time?" stays
	// before an idle reset: WCAG 2.2.1 asks for at least 20 s.
	DefaultIdleWarning = 30
	// DefaultResultSeconds is how long a result stays unread: time to
	// read (or hear) it twice.
	DefaultResultSeconds = 30
	// DefaultRefMin and DefaultRefMax bound a customer number's digits:
	// a bank's customer or account number (Brazilian agencies use 4, an
	// account with its check digit 5 to 12, an IBAN's account part up to
	// 20); a 1-digit number is a slip of the finger.
	DefaultRefMin = 4
	DefaultRefMax = 20
)

// Server is the API URL; empty means the embedded sandbox.
func (s *Settings) Server() string { u, _, _ := s.srv.LoadServer(); return u }

// APIVersion is "1.0" or "1.1".
func (s *Settings) APIVersion() string {
	if _, v, _ := s.srv.LoadServer(); v != "" {
		return v
	}
	return "1.0"
}

// Key is the client key.
func (s *Settings) Key() string { _, _, k := s.srv.LoadServer(); return k }

// Camera is the camera source (default "0").
func (s *Settings) Camera() string {
	if s.camera != "" {
		return s.camera
	}
	return s.p.StringWithFallback(keyCamera, "0")
}

// Microphone is the microphone (empty: the default input device).
func (s *Settings) Microphone() string {
	if s.mic != "" {
		return s.mic
	}
	return s.p.String(keyMic)
}

// Language is the default language: the saved one, else the system's.
func (s *Settings) Language() string {
	if l := s.p.String(keyLanguage); l != "" {
		return l
	}
	return s.system
}

// CheckPIN says whether pin is the kiosk exit PIN (a guess: it counts
// towards the lock-out, see TryPIN).
func (s *Settings) CheckPIN(pin string) bool {
	ok, _, _ := s.TryPIN(pin)
	return ok
}

// DefaultPINInUse says no one has set an exit PIN yet.
func (s *Settings) DefaultPINInUse() bool {
	if set, err := s.pins.IsSet(); set || err != nil {
		return false // a store that cannot be read is no proof of the default
	}
	return s.p.String(keyPINHash) == "" && (s.p.String(keyPIN) == "" || s.p.String(keyPIN) == DefaultPIN)
}

func (s *Settings) setPIN(pin string) error { return s.pins.Set(pin) }

// IdleTimeout returns to the attract screen after this long.
func (s *Settings) IdleTimeout() time.Duration {
	return time.Duration(s.p.IntWithFallback(keyIdle, 60)) * time.Second
}

// VoiceStep says whether registrations include the voice step.
func (s *Settings) VoiceStep() bool { return s.p.BoolWithFallback(keyVoice, true) }

// DocumentStep is the identity document a kiosk registration checks
// first: "" (none, the default), idcard or passport.
func (s *Settings) DocumentStep() flow.DocType {
	switch d := flow.DocType(s.p.String(keyDocument)); d {
	case flow.DocIDCard, flow.DocPassport:
		return d
	}
	return ""
}

// DocumentCamera is the document camera source; empty means the face
// camera (a person holds the document up to it).
func (s *Settings) DocumentCamera() string { return s.p.String(keyDocCam) }

// SpokenGuidance says whether guidance and prompts are spoken (the
// kiosk's default: a customer turns it on for their session).
func (s *Settings) SpokenGuidance() bool { return s.p.BoolWithFallback(keySpeak, false) }

// LargeText and HighContrast are the kiosk's defaults for every session.
func (s *Settings) LargeText() bool    { return s.p.BoolWithFallback(keyLargeText, false) }
func (s *Settings) HighContrast() bool { return s.p.BoolWithFallback(keyHighContrast, false) }

// IdleWarning is how long "Do you need more time?" is shown and said
// before an idle session returns to the welcome screen.
func (s *Settings) IdleWarning() time.Duration {
	return time.Duration(s.p.IntWithFallback(keyIdleWarning, DefaultIdleWarning)) * time.Second
}

// ResultTime is how long a result stays before the welcome screen
// returns (while it is being said, and each time the person asks for
// more, it stays longer).
func (s *Settings) ResultTime() time.Duration {
	return time.Duration(s.p.IntWithFallback(keyResultTime, DefaultResultSeconds)) * time.Second
}

// RefDigits are the fewest and most digits of a customer number.
func (s *Settings) RefDigits() (minDigits, maxDigits int) {
	return s.p.IntWithFallback(keyRefMin, DefaultRefMin), s.p.IntWithFallback(keyRefMax, DefaultRefMax)
}

// Values are all settings at once, for the settings form.
type Values struct {
	Server, APIVersion, Key, Camera, Microphone, Language string
	// PIN, when set, becomes the new exit PIN (stored hashed); it is
	// never read back, so "" keeps the current one.
	PIN                       string
	DocumentCamera            string
	Document                  flow.DocType
	IdleSeconds               int
	VoiceStep, SpokenGuidance bool
	LargeText, HighContrast   bool
	// IdleWarningSeconds, ResultSeconds, RefMinDigits and RefMaxDigits:
	// 0 (unset) is their default.
	IdleWarningSeconds, ResultSeconds int
	RefMinDigits, RefMaxDigits        int
	// Secret, when set, goes to the OS keyring (it is never read back).
	Secret string
}

// Values reads every setting.
func (s *Settings) Values() Values {
	v := Values{Server: s.Server(), APIVersion: s.APIVersion(), Key: s.Key(), Camera: s.Camera(), Microphone: s.Microphone(),
		Language: s.Language(), IdleSeconds: int(s.IdleTimeout() / time.Second), VoiceStep: s.VoiceStep(), SpokenGuidance: s.SpokenGuidance(),
		Document: s.DocumentStep(), DocumentCamera: s.DocumentCamera(), LargeText: s.LargeText(), HighContrast: s.HighContrast(),
		IdleWarningSeconds: int(s.IdleWarning() / time.Second), ResultSeconds: int(s.ResultTime() / time.Second)}
	v.RefMinDigits, v.RefMaxDigits = s.RefDigits()
	return v
}

// RefRangeError refuses a customer number's fewest digits above its
// most; Save then stores nothing.
type RefRangeError struct{ Min, Max int }

func (e *RefRangeError) Error() string {
	return fmt.Sprintf("ui: a customer number cannot have at least %d digits and at most %d", e.Min, e.Max)
}

// Save stores every setting; they apply from the next session on. Values
// that do not go together, and a new PIN CheckNewPIN refuses, are
// refused before anything is stored.
func (s *Settings) Save(v Values) error {
	orDefault := func(v, d int) int {
		if v <= 0 {
			return d
		}
		return v
	}
	lo, hi := orDefault(v.RefMinDigits, DefaultRefMin), orDefault(v.RefMaxDigits, DefaultRefMax)
	if hi < lo {
		return &RefRangeError{Min: lo, Max: hi}
	}
	if v.PIN != "" {
		if err := CheckNewPIN(v.PIN); err != nil {
			return err
		}
	}
	if err := s.srv.SaveServer(v.Server, v.APIVersion, v.Key); err != nil {
		return err
	}
	if v.Secret != "" {
		if err := s.srv.SaveSecret(v.Key, v.Secret); err != nil {
			return err
		}
	}
	s.p.SetString(keyCamera, v.Camera)
	s.p.SetString(keyMic, v.Microphone)
	s.p.SetString(keyLanguage, v.Language)
	if v.PIN != "" {
		if err := s.setPIN(v.PIN); err != nil {
			return err
		}
		s.p.RemoveValue(keyPIN)
		s.p.RemoveValue(keyPINHash)
	}
	if v.IdleSeconds <= 0 {
		v.IdleSeconds = 60
	}
	s.p.SetInt(keyIdle, v.IdleSeconds)
	s.p.SetBool(keyVoice, v.VoiceStep)
	s.p.SetBool(keySpeak, v.SpokenGuidance)
	s.p.SetString(keyDocument, string(v.Document))
	s.p.SetString(keyDocCam, v.DocumentCamera)
	s.p.SetBool(keyLargeText, v.LargeText)
	s.p.SetBool(keyHighContrast, v.HighContrast)
	s.p.SetInt(keyIdleWarning, orDefault(v.IdleWarningSeconds, DefaultIdleWarning))
	s.p.SetInt(keyResultTime, orDefault(v.ResultSeconds, DefaultResultSeconds))
	s.p.SetInt(keyRefMin, lo)
	s.p.SetInt(keyRefMax, hi)
	return nil
}
