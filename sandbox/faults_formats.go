package sandbox

import (
	"bytes"
	"net/http"
	"strings"
)

// faultAPI is the API a request is for, so that an injected fault speaks
// that API's error format.
type faultAPI int

const (
	faultBiometrID faultAPI = iota
	faultBioPassID
	faultVerifik
)

func faultAPIOf(r *http.Request) faultAPI {
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/multibiometrics/"):
		return faultBioPassID
	case strings.HasPrefix(p, "/v2/"):
		return faultVerifik
	}
	return faultBiometrID
}

// faultError answers an injected server error: BiometrID's
// PROBLEM_OCURRED_REPEAT_REQUEST, BioPass ID's plain-text 500, Verifik's
// 500 {"message":"internal_error","code":"ERROR"}.
func faultError(w http.ResponseWriter, api faultAPI) {
	switch api {
	case faultBioPassID:
		bpText(w, http.StatusInternalServerError, "Internal server error")
	case faultVerifik:
		vkErr(w, http.StatusInternalServerError, "ERROR", "internal_error")
	default:
		fail(w, http.StatusInternalServerError, msgProblemOcurredRepeatRequest)
	}
}

// faultLimit answers an injected quota exhaustion: BiometrID's 402
// REQUEST_LIMIT_REACHED, APIM's 429 for BioPass ID (Retry-After over the
// client's back-off bound), Verifik's 429 request_limit_reached (the
// sandbox's own quota answers).
func faultLimit(w http.ResponseWriter, api faultAPI) {
	switch api {
	case faultBioPassID:
		w.Header().Set("Retry-After", "3600")
		bpAPIM(w, http.StatusTooManyRequests, "Rate limit is exceeded. Try again in 3600 seconds.")
	case faultVerifik:
		vkErr(w, http.StatusTooManyRequests, "TooManyRequests", "429:request_limit_reached")
	default:
		fail(w, http.StatusPaymentRequired, msgRequestLimitReached)
	}
}

// faultMalform breaks a JSON answer so that no decoder takes it (a
// BiometrID body loses a quote of "status"; any other JSON body gets a
// stray colon after its first brace). Plain text stays as it is.
func faultMalform(body []byte, api faultAPI) []byte {
	if api == faultBiometrID && bytes.Contains(body, []byte(`"status"`)) {
		return bytes.Replace(body, []byte(`"status"`), []byte(`"status`), 1)
	}
	return bytes.Replace(body, []byte("{"), []byte("{:"), 1)
}
